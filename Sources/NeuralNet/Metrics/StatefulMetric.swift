import TensorCore

/// A metric that accumulates state over an epoch (Keras' `Metric` with `update_state`,
/// `result` and `reset_state`).
///
/// Training keeps one copy per output and per phase: it calls ``resetState()`` at the start of
/// every epoch and every evaluation, ``updateState(yTrue:yPred:sampleWeight:)`` after every
/// batch (with the predictions computed before the weight update, as Keras) and reads
/// ``result()`` for the logs. Wrap one in ``Metric/init(_:)`` to pass it to `compile`.
///
/// ```swift
/// struct MaxAbsoluteError: StatefulMetric {
///     var name: String { "max_absolute_error" }
///     var worst: Float = 0
///     mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws {
///         for (t, p) in zip(yTrue.scalars, yPred.scalars) { worst = max(worst, abs(t - p)) }
///     }
///     func result() -> Float { worst }
///     mutating func resetState() { worst = 0 }
/// }
/// try model.compile(loss: .meanSquaredError, metrics: [Metric(MaxAbsoluteError())])
/// ```
public protocol StatefulMetric: Sendable {
    /// The key of the metric in logs and `History` (`val_` is prefixed for validation).
    var name: String { get }
    /// Adds one batch: targets, predictions and optional per-sample weights.
    mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws
    /// The value over every batch since the last reset.
    func result() -> Float
    /// Forgets every batch.
    mutating func resetState()
}

/// Per-sample values of a batch reduced as Keras' `Mean` metric (`reduce_to_samplewise_values`):
/// values of shape `(batch, ...)` are averaged over their trailing axes, then
/// `total += Σ vᵢ·wᵢ` and `count += Σ wᵢ`.
struct SampleMean: Sendable, Equatable {
    var total: Double = 0
    var count: Double = 0

    mutating func add(_ values: Tensor, sampleWeight: Tensor?, context: String) throws {
        let v = values.storage.base
        let batch = values.rank == 0 ? 1 : values.shape[0]
        let perRow = batch == 0 ? 0 : values.scalarCount / batch
        var weights: [Float]?
        if let sampleWeight {
            guard sampleWeight.scalarCount == batch else {
                throw SwiftLearnError.shapeMismatch("metric '\(context)': sampleWeight has \(sampleWeight.scalarCount) values for \(batch) samples")
            }
            weights = sampleWeight.scalars
        }
        for r in 0..<batch {
            var s: Double = 0
            for j in 0..<perRow { s += Double(v[r * perRow + j]) }
            let w = Double(weights?[r] ?? 1)
            total += (perRow == 0 ? 0 : s / Double(perRow)) * w
            count += w
        }
    }

    /// `total / count`, 0 before any value (Keras' `divide_no_nan`).
    var mean: Double { count == 0 ? 0 : total / count }
}

/// A function of `(yTrue, yPred)` averaged over samples (Keras' `MeanMetricWrapper`).
public struct MeanMetricWrapper: StatefulMetric {
    public let name: String
    let body: @Sendable (Tensor, Tensor) throws -> Tensor
    var mean = SampleMean()

    /// `body` returns one value per sample (or `(batch, ...)`, averaged over trailing axes).
    public init(name: String, _ body: @escaping @Sendable (_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor) {
        self.name = name
        self.body = body
    }

    public mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws {
        try mean.add(body(yTrue, yPred), sampleWeight: sampleWeight, context: name)
    }
    public func result() -> Float { Float(mean.mean) }
    public mutating func resetState() { mean = SampleMean() }
}

/// Keras' `RootMeanSquaredError`: `sqrt(Σ wᵢ·mean_j (ŷᵢⱼ − yᵢⱼ)² / Σ wᵢ)` over the epoch
/// (the root of the epoch's mean, not a mean of batch roots).
public struct RootMeanSquaredError: StatefulMetric, Equatable {
    public let name: String
    var mean = SampleMean()

    public init(name: String = "root_mean_squared_error") { self.name = name }

    public mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws {
        let t = try MetricShapes.matching(yTrue, yPred, metric: name)
        try mean.add(t.zipped(yPred, { ($1 - $0) * ($1 - $0) }, { ($1 - $0) * ($1 - $0) }), sampleWeight: sampleWeight, context: name)
    }
    public func result() -> Float { Float(mean.mean.squareRoot()) }
    public mutating func resetState() { mean = SampleMean() }
}

/// Target shapes as Keras' metrics accept them (`squeeze_or_expand_to_same_rank`).
enum MetricShapes {
    /// `yTrue` with the shape of `yPred`: equal shapes, or one side with an extra trailing 1.
    static func matching(_ yTrue: Tensor, _ yPred: Tensor, metric: String) throws -> Tensor {
        if yTrue.shape == yPred.shape { return yTrue }
        if yTrue.scalarCount == yPred.scalarCount,
           (yTrue.rank == yPred.rank - 1 && yPred.shape.last == 1) || (yTrue.rank == yPred.rank + 1 && yTrue.shape.last == 1) {
            return try yTrue.reshaped(to: yPred.shape)
        }
        throw SwiftLearnError.shapeMismatch("metric '\(metric)': targets of shape \(formatShape(yTrue.shape)) do not match predictions of shape \(formatShape(yPred.shape))")
    }

    /// One class index per row of `yPred` (labels of shape `(batch,)` or `(batch, 1)`).
    static func classIndices(_ yTrue: Tensor, _ yPred: Tensor, metric: String) throws -> [Float] {
        let k = Swift.max(yPred.shape.last ?? 1, 1)
        guard yTrue.scalarCount == yPred.scalarCount / k else {
            throw SwiftLearnError.shapeMismatch("metric '\(metric)': expected one class index per sample (shape \(formatShape(Array(yPred.shape.dropLast())))) for predictions of shape \(formatShape(yPred.shape)), received \(formatShape(yTrue.shape))")
        }
        return yTrue.scalars
    }
}
