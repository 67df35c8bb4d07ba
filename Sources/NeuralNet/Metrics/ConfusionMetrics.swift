import TensorCore

/// True/false positive and negative counts at one threshold, as Keras'
/// `update_confusion_matrix_variables` computes them: a prediction is positive when
/// `ŷ > threshold`, a target when `y ≠ 0`; `topK` keeps only each row's `k` largest predictions
/// (the others never count as positive), `classId` keeps one column.
struct ConfusionCounts: Sendable, Equatable {
    var truePositives: Double = 0
    var falsePositives: Double = 0
    var falseNegatives: Double = 0

    mutating func add(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?, threshold: Float?,
                      topK: Int?, classId: Int?, metric: String) throws {
        let target = try MetricShapes.matching(yTrue, yPred, metric: metric)
        let k = Swift.max(yPred.shape.last ?? 1, 1)
        let rows = yPred.scalarCount / k
        if let classId, !(yPred.rank >= 2 && classId >= 0 && classId < k) {
            throw SwiftLearnError.invalidArgument("metric '\(metric)': classId \(classId) needs predictions of shape (batch, classes) with more than \(classId) classes, received \(formatShape(yPred.shape))")
        }
        let weights = try sampleWeight.map { w -> [Float] in
            guard w.scalarCount == rows else {
                throw SwiftLearnError.shapeMismatch("metric '\(metric)': sampleWeight has \(w.scalarCount) values for \(rows) samples")
            }
            return w.scalars
        }
        // With topK the default threshold is −∞ (every kept prediction is positive), as Keras.
        let cut = threshold ?? (topK == nil ? 0.5 : -Float.infinity)
        // Read in place (the tensors outlive the loop); no copy per batch.
        let p = yPred.storage.base, t = target.storage.base
        var kept = [Bool](repeating: true, count: k)
        for r in 0..<rows {
            if let topK { TopK.mark(p, row: r, k: k, top: topK, into: &kept) }
            let w = Double(weights?[r] ?? 1)
            for j in (classId.map { $0..<($0 + 1) } ?? 0..<k) {
                let positive = kept[j] && p[r * k + j] > cut
                let label = t[r * k + j] != 0
                if positive && label { truePositives += w }
                else if positive { falsePositives += w }
                else if label { falseNegatives += w }
            }
        }
    }
}

/// A metric computed from ``ConfusionCounts`` accumulated over the epoch (``Precision``,
/// ``Recall``); each gives only its ratio.
protocol ConfusionMetric: StatefulMetric {
    var threshold: Float? { get }
    var topK: Int? { get }
    var classId: Int? { get }
    var counts: ConfusionCounts { get set }
}

extension ConfusionMetric {
    public mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws {
        try counts.add(yTrue: yTrue, yPred: yPred, sampleWeight: sampleWeight, threshold: threshold, topK: topK, classId: classId, metric: name)
    }
    public mutating func resetState() { counts = ConfusionCounts() }
}

/// Keras' `Precision`: `TP / (TP + FP)` accumulated over the epoch (0 with no positive prediction).
public struct Precision: ConfusionMetric, Equatable {
    public let name: String
    /// A prediction above it is positive; default 0.5 (−∞ with `topK`).
    public let threshold: Float?
    /// Only each row's `topK` largest predictions may be positive.
    public let topK: Int?
    /// Only this class (column) counts.
    public let classId: Int?
    var counts = ConfusionCounts()

    public init(threshold: Float? = nil, topK: Int? = nil, classId: Int? = nil, name: String = "precision") {
        self.threshold = threshold
        self.topK = topK
        self.classId = classId
        self.name = name
    }

    public func result() -> Float {
        let d = counts.truePositives + counts.falsePositives
        return d == 0 ? 0 : Float(counts.truePositives / d)
    }
}

/// Keras' `Recall`: `TP / (TP + FN)` accumulated over the epoch (0 with no positive target).
public struct Recall: ConfusionMetric, Equatable {
    public let name: String
    /// A prediction above it is positive; default 0.5 (−∞ with `topK`).
    public let threshold: Float?
    /// Only each row's `topK` largest predictions may be positive.
    public let topK: Int?
    /// Only this class (column) counts.
    public let classId: Int?
    var counts = ConfusionCounts()

    public init(threshold: Float? = nil, topK: Int? = nil, classId: Int? = nil, name: String = "recall") {
        self.threshold = threshold
        self.topK = topK
        self.classId = classId
        self.name = name
    }

    public func result() -> Float {
        let d = counts.truePositives + counts.falseNegatives
        return d == 0 ? 0 : Float(counts.truePositives / d)
    }
}

/// Top-k selection as Keras' `_filter_top_k` (`top_k` keeps the lower index among ties).
enum TopK {
    static func mark(_ p: UnsafePointer<Float>, row r: Int, k: Int, top: Int, into kept: inout [Bool]) {
        for j in 0..<k {
            // Rank of column j: larger values, and equal values at lower indices, come first.
            var ahead = 0
            let v = p[r * k + j]
            for m in 0..<k where p[r * k + m] > v || (p[r * k + m] == v && m < j) { ahead += 1 }
            kept[j] = ahead < top
        }
    }
}
