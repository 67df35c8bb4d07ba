#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// Keras' `AUC`: the area under the ROC or precision-recall curve, from true/false positive
/// counts at `numThresholds` evenly spaced thresholds accumulated over the epoch.
///
/// Thresholds are `[−ε, 1/(n−1), ..., (n−2)/(n−1), 1+ε]`; predictions are clipped to `[0, 1]` and
/// counted in buckets as Keras' optimized path does (`ceil(ŷ·(n−1)) − 1`). The area is a
/// Riemann sum (`interpolation`: trapezoids for ROC, Davis & Goadrich's interpolation for PR;
/// or `minoring`/`majoring`). Targets are 0/1 (any non-zero is positive); several columns are
/// flattened into one label set (Keras' `multi_label=False`).
public struct AUC: StatefulMetric, Equatable {
    /// Keras' `curve`.
    public enum Curve: String, Sendable { case roc = "ROC", pr = "PR" }
    /// Keras' `summation_method`.
    public enum SummationMethod: String, Sendable { case interpolation, minoring, majoring }

    public let name: String
    public private(set) var numThresholds: Int
    public let curve: Curve
    public let summationMethod: SummationMethod
    /// Predictions are logits: a sigmoid is applied first.
    public let fromLogits: Bool
    /// Per bucket: weighted positives and negatives whose prediction falls in it.
    var positives: [Double]
    var negatives: [Double]

    /// An AUC over 200 thresholds (Keras' default).
    public init(curve: Curve = .roc, summationMethod: SummationMethod = .interpolation,
                fromLogits: Bool = false, name: String = "auc") {
        self.name = name
        numThresholds = 200
        self.curve = curve
        self.summationMethod = summationMethod
        self.fromLogits = fromLogits
        positives = Array(repeating: 0, count: 200)
        negatives = positives
    }

    /// An AUC over `numThresholds` thresholds; throws for fewer than 2.
    public init(numThresholds: Int, curve: Curve = .roc, summationMethod: SummationMethod = .interpolation,
                fromLogits: Bool = false, name: String = "auc") throws {
        guard numThresholds > 1 else {
            throw SwiftLearnError.invalidArgument("AUC: numThresholds must be an integer > 1, received \(numThresholds)")
        }
        self.init(curve: curve, summationMethod: summationMethod, fromLogits: fromLogits, name: name)
        self.numThresholds = numThresholds
        positives = Array(repeating: 0, count: numThresholds)
        negatives = positives
    }

    public mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws {
        let target = try MetricShapes.matching(yTrue, yPred, metric: name)
        let rows = yPred.rank == 0 ? 1 : yPred.shape[0]
        let perRow = rows == 0 ? 0 : yPred.scalarCount / rows
        let weights = try sampleWeight.map { w -> [Float] in
            guard w.scalarCount == rows else {
                throw SwiftLearnError.shapeMismatch("metric '\(name)': sampleWeight has \(w.scalarCount) values for \(rows) samples")
            }
            return w.scalars
        }
        let p = yPred.storage.base, t = target.storage.base
        let scale = Float(numThresholds - 1)
        for i in 0..<yPred.scalarCount {
            let x = fromLogits ? ActivationMath.sigmoid(p[i]) : p[i]
            let q = Swift.min(Swift.max(x, 0), 1)
            // Keras: relu(ceil(ŷ·(n−1)) − 1), in float32; a NaN prediction lands in bucket 0.
            let b = Swift.max(Int(exactly: (q * scale).rounded(.up)).map { $0 - 1 } ?? 0, 0)
            let w = Double(weights?[perRow == 0 ? 0 : i / perRow] ?? 1)
            if t[i] != 0 { positives[b] += w } else { negatives[b] += w }
        }
    }

    public func result() -> Float {
        let n = numThresholds
        // TP(i), FP(i): the weighted count with prediction above threshold i (reverse cumulative sums).
        var tp = [Double](repeating: 0, count: n), fp = tp
        var sp = 0.0, sn = 0.0
        for i in stride(from: n - 1, through: 0, by: -1) {
            sp += positives[i]; sn += negatives[i]
            tp[i] = sp; fp[i] = sn
        }
        let fn = tp.map { sp - $0 }, tn = fp.map { sn - $0 }
        func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
        if curve == .pr && summationMethod == .interpolation {
            var area = 0.0
            for i in 0..<(n - 1) {
                let dtp = tp[i] - tp[i + 1]
                let pA = tp[i] + fp[i], pB = tp[i + 1] + fp[i + 1]
                let slope = ratio(dtp, Swift.max(pA - pB, 0))
                let intercept = tp[i + 1] - slope * pB
                let safeRatio = pA > 0 && pB > 0 ? ratio(pA, Swift.max(pB, 0)) : 1
                area += ratio(slope * (dtp + intercept * log(safeRatio)), Swift.max(tp[i + 1] + fn[i + 1], 0))
            }
            return Float(area)
        }
        let recall = (0..<n).map { ratio(tp[$0], tp[$0] + fn[$0]) }
        let x: [Double], y: [Double]
        switch curve {
        case .roc: x = (0..<n).map { ratio(fp[$0], fp[$0] + tn[$0]) }; y = recall
        case .pr: x = recall; y = (0..<n).map { ratio(tp[$0], tp[$0] + fp[$0]) }
        }
        var area = 0.0
        for i in 0..<(n - 1) {
            let height: Double
            switch summationMethod {
            case .interpolation: height = (y[i] + y[i + 1]) / 2
            case .minoring: height = Swift.min(y[i], y[i + 1])
            case .majoring: height = Swift.max(y[i], y[i + 1])
            }
            area += (x[i] - x[i + 1]) * height
        }
        return Float(area)
    }

    public mutating func resetState() {
        positives = Array(repeating: 0, count: numThresholds)
        negatives = Array(repeating: 0, count: numThresholds)
    }
}
