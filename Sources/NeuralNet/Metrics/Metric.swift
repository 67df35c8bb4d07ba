import TensorCore

/// A metric reported during `fit` and `evaluate`, as Keras' `compile(metrics=...)` takes them.
///
/// The built-in kinds (accuracies, `mae`, `mse`) are averaged over samples as Keras' `Mean`
/// metrics; `.accuracy` picks its kind from the shapes, as Keras' `compile` does: binary when
/// predictions have one output, sparse categorical when targets are class indices, else
/// categorical. Any ``StatefulMetric`` (``Precision``, ``Recall``, ``AUC``,
/// ``TopKCategoricalAccuracy``, ``RootMeanSquaredError``, or the user's own) is wrapped with
/// ``init(_:)``; a closure of `(yTrue, yPred)` with ``init(name:_:)``.
public struct Metric: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy
        case meanAbsoluteError, meanSquaredError
        /// Computed by a ``StatefulMetric`` (see ``Metric/stateful``).
        case stateful
    }

    /// What the metric computes.
    public let kind: Kind
    /// The key in logs and `History` (the name the user gave, e.g. `"mae"`).
    public let name: String
    /// The metric object of kind `.stateful`, in its reset state.
    public let stateful: (any StatefulMetric)?

    /// A built-in kind logged under `name` (not `.stateful`; use ``init(_:)`` for those).
    public init(_ kind: Kind, name: String) {
        self.kind = kind
        self.name = name
        self.stateful = nil
    }

    /// A stateful metric (Keras' `Metric` object), logged under its `name`.
    public init(_ metric: some StatefulMetric) {
        var reset = metric
        reset.resetState()
        kind = .stateful
        name = metric.name
        stateful = reset
    }

    /// A function of `(yTrue, yPred)` returning one value per sample, averaged over the samples
    /// of the epoch (Keras' `MeanMetricWrapper` of a plain function), logged under `name`.
    public init(name: String, _ body: @escaping @Sendable (_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor) {
        self.init(MeanMetricWrapper(name: name, body))
    }

    /// Same kind and name (two stateful metrics with one name are the same log key).
    public static func == (a: Metric, b: Metric) -> Bool { a.kind == b.kind && a.name == b.name }

    public static let accuracy = Metric(.accuracy, name: "accuracy")
    public static let binaryAccuracy = Metric(.binaryAccuracy, name: "binary_accuracy")
    public static let categoricalAccuracy = Metric(.categoricalAccuracy, name: "categorical_accuracy")
    public static let sparseCategoricalAccuracy = Metric(.sparseCategoricalAccuracy, name: "sparse_categorical_accuracy")
    public static let meanAbsoluteError = Metric(.meanAbsoluteError, name: "mean_absolute_error")
    public static let meanSquaredError = Metric(.meanSquaredError, name: "mean_squared_error")
    /// Keras' `Precision()` (threshold 0.5).
    public static let precision = Metric(Precision())
    /// Keras' `Recall()` (threshold 0.5).
    public static let recall = Metric(Recall())
    /// Keras' `AUC()` (200 thresholds, ROC, interpolation).
    public static let auc = Metric(AUC())
    /// Keras' `TopKCategoricalAccuracy()` (k = 5).
    public static let topKCategoricalAccuracy = Metric(TopKCategoricalAccuracy())
    /// Keras' `SparseTopKCategoricalAccuracy()` (k = 5).
    public static let sparseTopKCategoricalAccuracy = Metric(SparseTopKCategoricalAccuracy())
    /// Keras' `RootMeanSquaredError()`.
    public static let rootMeanSquaredError = Metric(RootMeanSquaredError())

    /// The mean of a loss's per-sample values (Keras' cross-entropy metrics; `fromLogits` as the losses).
    public static func crossentropy(_ loss: Loss, name: String? = nil) -> Metric {
        Metric(MeanMetricWrapper(name: name ?? loss.name) { yTrue, yPred in try loss.perSample(yTrue, yPred) })
    }

    /// The names ``init(named:)`` accepts, as Keras 3's `metrics.get` (plus `accuracy`/`acc`).
    public static let knownNames = [
        "accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
        "mae", "mean_absolute_error", "mse", "mean_squared_error", "root_mean_squared_error",
        "precision", "recall", "auc", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
        "binary_crossentropy", "bce", "categorical_crossentropy", "sparse_categorical_crossentropy",
    ]

    /// The metric called `name` in Keras (`"accuracy"`, `"acc"`, `"mae"`, `"precision"`, `"auc"`,
    /// `"top_k_categorical_accuracy"`, `"root_mean_squared_error"`..., or the class name such as
    /// `"AUC"`), logged under that name as Keras 3 does. Throws listing the known names.
    public init(named name: String) throws {
        switch name {
        case "accuracy", "acc": self.init(.accuracy, name: name)
        case "binary_accuracy", "BinaryAccuracy": self.init(.binaryAccuracy, name: name)
        case "categorical_accuracy", "CategoricalAccuracy": self.init(.categoricalAccuracy, name: name)
        case "sparse_categorical_accuracy", "SparseCategoricalAccuracy": self.init(.sparseCategoricalAccuracy, name: name)
        case "mae", "MAE", "mean_absolute_error", "MeanAbsoluteError": self.init(.meanAbsoluteError, name: name)
        case "mse", "MSE", "mean_squared_error", "MeanSquaredError": self.init(.meanSquaredError, name: name)
        case "root_mean_squared_error", "RootMeanSquaredError": self.init(RootMeanSquaredError(name: name))
        case "precision", "Precision": self.init(Precision(name: name))
        case "recall", "Recall": self.init(Recall(name: name))
        case "auc", "AUC": self.init(AUC(name: name))
        case "top_k_categorical_accuracy", "TopKCategoricalAccuracy": self.init(TopKCategoricalAccuracy(name: name))
        case "sparse_top_k_categorical_accuracy", "SparseTopKCategoricalAccuracy": self.init(SparseTopKCategoricalAccuracy(name: name))
        case "binary_crossentropy", "BinaryCrossentropy", "bce", "BCE": self = .crossentropy(.binaryCrossentropy, name: name)
        case "categorical_crossentropy", "CategoricalCrossentropy": self = .crossentropy(.categoricalCrossentropy, name: name)
        case "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy": self = .crossentropy(.sparseCategoricalCrossentropy, name: name)
        default:
            throw SwiftLearnError.unknownName("metric '\(name)'; expected one of \(Metric.knownNames.joined(separator: ", ")) (or a class name such as AUC, Precision), or a Metric object")
        }
    }

    /// A fresh accumulator for this metric: the stateful object reset, or a running mean of the kind.
    func makeState() -> any StatefulMetric {
        guard kind == .stateful, var metric = stateful else { return KindMean(metric: self) }
        metric.resetState()
        return metric
    }

    /// The concrete kind for these shapes (resolves `.accuracy`).
    public func resolved(targetShape: [Int], predictionShape: [Int]) -> Kind {
        guard kind == .accuracy else { return kind }
        if predictionShape.last == 1 { return .binaryAccuracy }
        if targetShape.count < predictionShape.count || (targetShape.last == 1 && (predictionShape.last ?? 1) > 1) {
            return .sparseCategoricalAccuracy
        }
        return .categoricalAccuracy
    }

    /// One value per sample (targets already checked by the loss).
    public static func values(_ kind: Kind, yTrue: Tensor, yPred: Tensor) throws -> [Float] {
        let k = Swift.max(yPred.shape.last ?? 1, 1)
        let rows = yPred.scalarCount / k
        let p = yPred.storage.base, t = yTrue.storage.base
        func check(_ count: Int) throws {
            guard yTrue.scalarCount == count else {
                throw SwiftLearnError.shapeMismatch("metric: targets of shape \(formatShape(yTrue.shape)) do not match predictions of shape \(formatShape(yPred.shape))")
            }
        }
        var out = [Float](repeating: 0, count: rows)
        switch kind {
        case .binaryAccuracy:
            try check(yPred.scalarCount)
            for r in 0..<rows {
                var hits: Float = 0
                for j in 0..<k { hits += ((p[r * k + j] > 0.5 ? 1 : 0) == t[r * k + j]) ? 1 : 0 }
                out[r] = hits / Float(k)
            }
        case .sparseCategoricalAccuracy, .accuracy:
            try check(rows)
            // Compared as Float: a label that is no class index (2.5, 1e30) is simply a miss.
            for r in 0..<rows { out[r] = Float(argmax(p + r * k, k)) == t[r] ? 1 : 0 }
        case .categoricalAccuracy:
            try check(yPred.scalarCount)
            for r in 0..<rows { out[r] = argmax(p + r * k, k) == argmax(t + r * k, k) ? 1 : 0 }
        case .stateful:
            throw SwiftLearnError.invalidArgument("metric: a stateful metric has no per-sample values; use its updateState and result")
        case .meanAbsoluteError, .meanSquaredError:
            try check(yPred.scalarCount)
            for r in 0..<rows {
                var s: Float = 0
                for j in 0..<k {
                    let e = p[r * k + j] - t[r * k + j]
                    s += kind == .meanAbsoluteError ? Swift.abs(e) : e * e
                }
                out[r] = s / Float(k)
            }
        }
        return out
    }

    private static func argmax(_ p: UnsafePointer<Float>, _ k: Int) -> Int {
        var best = 0
        for j in 1..<Swift.max(k, 1) where p[j] > p[best] { best = j }
        return best
    }
}

/// A built-in kind averaged over samples; `.accuracy` is resolved on the first batch.
struct KindMean: StatefulMetric {
    let metric: Metric
    var resolved: Metric.Kind?
    var tracker = MeanTracker()
    init(metric: Metric) { self.metric = metric }
    var name: String { metric.name }
    mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws {
        let kind = resolved ?? metric.resolved(targetShape: yTrue.shape, predictionShape: yPred.shape)
        resolved = kind
        tracker.add(try Metric.values(kind, yTrue: yTrue, yPred: yPred), weights: sampleWeight?.scalars)
    }
    func result() -> Float { tracker.result }
    mutating func resetState() { tracker.reset(); resolved = nil }
}

/// A running weighted mean (Keras' `Mean`): `total += Σ vᵢ·wᵢ`, `count += Σ wᵢ`.
public struct MeanTracker: Sendable {
    public private(set) var total: Double = 0
    public private(set) var count: Double = 0
    public init() {}
    public mutating func add(_ value: Float, weight: Float = 1) {
        total += Double(value) * Double(weight)
        count += Double(weight)
    }
    public mutating func add(_ values: [Float], weights: [Float]? = nil) {
        for (i, v) in values.enumerated() { add(v, weight: weights?[i] ?? 1) }
    }
    /// The mean so far (0 before any value, as Keras).
    public var result: Float { count == 0 ? 0 : Float(total / count) }
    public mutating func reset() { self = MeanTracker() }
}
