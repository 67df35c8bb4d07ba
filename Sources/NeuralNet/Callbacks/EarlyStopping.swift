import TensorCore

/// Stops training when a monitored quantity has stopped improving (Keras' `EarlyStopping`).
///
/// After each epoch the monitored value (`val_loss` by default) is compared with the best so far;
/// an improvement is a change of more than `minDelta` in the right direction. Training stops
/// once `patience` epochs in a row bring none (never at epoch 0). With `baseline`, the patience
/// counter only resets for values that also beat the baseline. Epochs before `startFromEpoch`
/// are ignored (a warm-up). With `restoreBestWeights`, the model ends with the weights of its
/// best epoch (the weights at the first monitored epoch if none improved).
public final class EarlyStopping: Callback {
    public let patience: Int
    public let baseline: Double?
    public let restoreBestWeights: Bool
    public let startFromEpoch: Int
    private var quantity: MonitoredQuantity

    /// The best value seen so far, and the epoch (0-based) it was seen at.
    public private(set) var best: Double?
    public private(set) var bestEpoch = 0
    /// The epoch at which training was stopped, or nil if it was not.
    public private(set) var stoppedEpoch: Int?
    /// Epochs since the last improvement.
    public private(set) var wait = 0
    private var bestWeights: [Tensor]?

    public init(monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, mode: MonitorMode = .auto,
                baseline: Double? = nil, restoreBestWeights: Bool = false, startFromEpoch: Int = 0) {
        self.quantity = MonitoredQuantity(monitor: monitor, mode: mode, minDelta: minDelta)
        self.patience = patience
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
        self.startFromEpoch = startFromEpoch
    }

    /// The name of the monitored quantity.
    public var monitor: String { quantity.monitor }

    public override func onTrainBegin(logs: Logs) throws {
        guard patience >= 0, startFromEpoch >= 0 else {
            throw SwiftLearnError.invalidArgument("EarlyStopping: patience and startFromEpoch must be non-negative, received \(patience) and \(startFromEpoch)")
        }
        wait = 0
        stoppedEpoch = nil
        best = nil
        bestWeights = nil
        bestEpoch = 0
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        let value = try quantity.value(in: logs, context: "EarlyStopping") // a missing name before an unknown direction
        try quantity.resolve(context: "EarlyStopping")
        guard let current = value, epoch >= startFromEpoch else { return }
        if restoreBestWeights, bestWeights == nil {
            bestWeights = model?.getWeights()
            bestEpoch = epoch
        }
        wait += 1
        if quantity.isImprovement(current, over: best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = model?.getWeights() }
            if baseline == nil || quantity.isImprovement(current, over: baseline) { wait = 0 }
            return
        }
        if wait >= patience, epoch > 0 {
            stoppedEpoch = epoch
            model?.stopTraining = true
        }
    }

    public override func onTrainEnd(logs: Logs) throws {
        if restoreBestWeights, let bestWeights { try model?.setWeights(bestWeights) }
    }
}
