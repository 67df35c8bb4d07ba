import TensorCore

/// Keras' `in_top_k`: the target class is a hit when fewer than `k` predictions of its row are
/// strictly larger than its own (ties count as hits; a NaN at the target is a miss).
enum InTopK {
    static func hits(_ p: UnsafePointer<Float>, targets: [Int?], classes k: Int, top: Int) -> [Float] {
        targets.enumerated().map { r, target in
            guard let target, target >= 0, target < k else { return 0 }
            let v = p[r * k + target].isNaN ? -Float.infinity : p[r * k + target]
            var larger = 0
            for j in 0..<k where p[r * k + j] > v { larger += 1 }
            return larger + 1 <= top ? 1 : 0
        }
    }
}

/// A metric averaging ``InTopK`` hits over the epoch (the two top-k accuracies); each turns
/// its targets into class indices.
protocol TopKAccuracyMetric: StatefulMetric {
    var k: Int { get }
    var mean: SampleMean { get set }
}

extension TopKAccuracyMetric {
    /// Adds a batch: whether each row's target class is among its `k` largest predictions.
    mutating func addHits(_ yPred: Tensor, targets: [Int?], classes: Int, sampleWeight: Tensor?) throws {
        let hits = InTopK.hits(yPred.storage.base, targets: targets, classes: classes, top: k)
        try mean.add(Tensor(hits), sampleWeight: sampleWeight, context: name)
    }
    public func result() -> Float { Float(mean.mean) }
    public mutating func resetState() { mean = SampleMean() }
}

/// Keras' `TopKCategoricalAccuracy`: the share of samples whose one-hot target class is among
/// the `k` largest predictions (default 5), averaged over the epoch.
public struct TopKCategoricalAccuracy: TopKAccuracyMetric, Equatable {
    public let name: String
    public let k: Int
    var mean = SampleMean()

    public init(k: Int = 5, name: String = "top_k_categorical_accuracy") {
        self.k = k
        self.name = name
    }

    public mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws {
        let classes = Swift.max(yPred.shape.last ?? 1, 1)
        guard yTrue.shape == yPred.shape, yPred.rank >= 1 else {
            throw SwiftLearnError.shapeMismatch("metric '\(name)': expected one-hot targets of shape \(formatShape(yPred.shape)), received \(formatShape(yTrue.shape)) (use sparse_top_k_categorical_accuracy for class indices)")
        }
        let t = yTrue.scalars
        let rows = yPred.scalarCount / classes
        let targets: [Int?] = (0..<rows).map { r in
            var best = 0
            for j in 1..<classes where t[r * classes + j] > t[r * classes + best] { best = j }
            return best
        }
        try addHits(yPred, targets: targets, classes: classes, sampleWeight: sampleWeight)
    }
}

/// Keras' `SparseTopKCategoricalAccuracy`: as ``TopKCategoricalAccuracy`` with class-index
/// targets (shape `(batch,)` or `(batch, 1)`; a label that is no class index is a miss).
public struct SparseTopKCategoricalAccuracy: TopKAccuracyMetric, Equatable {
    public let name: String
    public let k: Int
    var mean = SampleMean()

    public init(k: Int = 5, name: String = "sparse_top_k_categorical_accuracy") {
        self.k = k
        self.name = name
    }

    public mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws {
        let classes = Swift.max(yPred.shape.last ?? 1, 1)
        let labels = try MetricShapes.classIndices(yTrue, yPred, metric: name)
        // Keras casts labels to int32 (truncation toward zero).
        let targets: [Int?] = labels.map { $0.isFinite && Swift.abs($0) < 1e9 ? Int($0) : nil }
        try addHits(yPred, targets: targets, classes: classes, sampleWeight: sampleWeight)
    }
}
