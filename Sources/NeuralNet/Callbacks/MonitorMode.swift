import TensorCore

/// Which way a monitored quantity improves (Keras' `mode`: `"auto"`, `"min"`, `"max"`).
public enum MonitorMode: String, Sendable {
    /// Inferred from the name: losses and errors decrease, accuracies and other scores increase.
    case auto
    /// Lower is better.
    case min
    /// Higher is better.
    case max
}

/// The improvement test shared by the callbacks that watch one logged quantity (Keras'
/// `MonitorCallback`): `value − minDelta` compared with the reference, in Float32 as Keras does.
struct MonitoredQuantity {
    let monitor: String
    let mode: MonitorMode
    let minDelta: Double
    /// Resolved on first use: true when lower values are better.
    private(set) var decreases: Bool?

    init(monitor: String, mode: MonitorMode, minDelta: Double) {
        self.monitor = monitor
        self.mode = mode
        self.minDelta = Swift.abs(minDelta)
    }

    /// Names of quantities that improve by decreasing (without a `val_` prefix).
    static let decreasingNames: Set<String> = [
        "loss", "mean_squared_error", "mse", "mean_absolute_error", "mae", "root_mean_squared_error",
        "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "huber", "log_cosh", "learning_rate",
    ]
    /// Names of quantities that improve by increasing (without a `val_` prefix).
    static let increasingNames: Set<String> = [
        "accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
        "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "precision", "recall", "auc",
        "f1_score", "r2_score",
    ]

    /// Resolves the direction; `auto` needs a name whose direction is known (as Keras, which raises otherwise).
    mutating func resolve(context: String) throws {
        guard decreases == nil else { return }
        switch mode {
        case .min: decreases = true
        case .max: decreases = false
        case .auto:
            let name = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
            if Self.decreasingNames.contains(name) || name.hasSuffix("_loss") {
                decreases = true
            } else if Self.increasingNames.contains(name) {
                decreases = false
            } else {
                throw SwiftLearnError.invalidArgument("\(context): cannot tell whether '\(monitor)' should be minimized or maximized; pass mode: .min or mode: .max")
            }
        }
    }

    /// Whether `value` improves on `reference` (always, when there is no reference yet).
    func isImprovement(_ value: Double, over reference: Double?) -> Bool {
        guard let reference else { return true }
        let decreasing = decreases ?? true
        let shifted = Float(value - (decreasing ? -minDelta : minDelta))
        return decreasing ? shifted < Float(reference) : shifted > Float(reference)
    }

    /// The monitored value in `logs`, or nil for empty logs. A name missing from non-empty epoch
    /// logs is an error (Keras only warns and skips the epoch, so a typo silently disables the
    /// callback): it names the monitor and the quantities that were logged.
    func value(in logs: Logs, context: String) throws -> Double? {
        if let value = logs[monitor] { return Double(value) }
        guard logs.isEmpty else {
            throw SwiftLearnError.unknownName("\(context): monitor '\(monitor)' is not among the logged quantities: expected one of \(logs.keys.sorted().joined(separator: ", ")), received '\(monitor)' (monitor a val_ quantity only when fit has validation data)")
        }
        return nil
    }
}
