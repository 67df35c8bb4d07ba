import Foundation
import TensorCore

/// Cross-entropy of predicted probabilities (`log_loss`).
///
/// `yProba` is `[n, classes]` (columns in `labels` order) or `[n]`, the probability of the
/// larger of two labels. Probabilities are clipped to [ε, 1 − ε] with ε = `Float.ulpOfOne`
/// (scikit-learn uses the input dtype's machine epsilon; SwiftLearn's tensors are Float32), and
/// rows are not renormalised.
///
/// - Parameter labels: all class labels, sorted; by default the distinct values of `yTrue`.
public func logLoss(_ yTrue: Tensor, _ yProba: Tensor, labels: [Float]? = nil, normalize: Bool = true, sampleWeight: Tensor? = nil) throws -> Double {
    let context = "logLoss"
    let t = try InputChecks.vector(yTrue, context, name: "yTrue")
    guard yProba.rank == 1 || yProba.rank == 2 else {
        throw SwiftLearnError.shapeMismatch("\(context): yProba must be [samples] or [samples, classes], received shape \(formatShape(yProba.shape))")
    }
    guard yProba.shape[0] == t.count, !t.isEmpty else {
        throw SwiftLearnError.shapeMismatch("\(context): yTrue has \(t.count) samples but yProba has \(yProba.shape[0]) rows (at least one is needed)")
    }
    guard yProba.isFinite else { throw SwiftLearnError.invalidArgument("\(context): yProba contains NaN or infinity") }
    let w = try InputChecks.weights(sampleWeight, count: t.count, context)
    let classes = labels.map { $0.sorted() } ?? uniqueSorted(t)
    guard classes.count >= 2 else {
        throw SwiftLearnError.invalidArgument("\(context): yTrue contains only one label (\(classes.first ?? 0)). Please provide the list of all expected class labels explicitly through the labels argument")
    }
    let columns = yProba.rank == 1 ? 2 : yProba.shape[1]
    guard columns == classes.count else {
        throw SwiftLearnError.shapeMismatch("\(context): yTrue and yProba contain different number of classes: \(classes.count) vs \(columns). Please provide the true labels explicitly through the labels argument. Classes found in yTrue: \(classes)")
    }
    let column = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    let eps = Float.ulpOfOne
    let p = yProba.scalars
    var total = 0.0, weightSum = 0.0
    for i in t.indices {
        guard let c = column[t[i]] else {
            throw SwiftLearnError.invalidArgument("\(context): yTrue[\(i)] = \(t[i]) is not one of labels \(classes)")
        }
        // A 1-D input holds P(classes[1]); the complement is formed in Float like NumPy's float32 `1 - p`.
        let raw = yProba.rank == 1 ? (c == 1 ? p[i] : 1 - p[i]) : p[i * columns + c]
        let clipped = min(max(raw, eps), 1 - eps)
        total += w[i] * -Foundation.log(Double(clipped))
        weightSum += w[i]
    }
    return normalize ? total / weightSum : total
}

/// Area under the ROC curve for binary targets (`roc_auc_score`), tied scores counting ½.
///
/// The positive class is the larger of the two labels in `yTrue`. A `yTrue` with one class
/// gives NaN (scikit-learn warns and returns NaN); more than two classes throw (the one-vs-rest
/// and one-vs-one averages are not implemented yet).
public func rocAucScore(_ yTrue: Tensor, _ yScore: Tensor, sampleWeight: Tensor? = nil) throws -> Double {
    let context = "rocAucScore"
    let (t, s) = try InputChecks.pair(yTrue, yScore, context, names: ("yTrue", "yScore"))
    let w = try InputChecks.weights(sampleWeight, count: t.count, context)
    let classes = uniqueSorted(t)
    guard classes.count <= 2 else {
        throw SwiftLearnError.invalidArgument("\(context): yTrue has \(classes.count) classes; only binary targets are supported")
    }
    guard classes.count == 2 else { return .nan }
    let positive = classes[1]
    // Scores in decreasing order; one ROC point per distinct score (sklearn's `_binary_clf_curve`).
    let order = s.indices.sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 > $1) }
    var tps = 0.0, fps = 0.0
    var points: [(fp: Double, tp: Double)] = [(0, 0)]
    for (k, i) in order.enumerated() {
        if t[i] == positive { tps += w[i] } else { fps += w[i] }
        if k == order.count - 1 || s[order[k + 1]] != s[i] { points.append((fps, tps)) }
    }
    guard tps > 0, fps > 0 else { return .nan }
    var area = 0.0
    for k in 1..<points.count {
        area += (points[k].fp - points[k - 1].fp) / fps * (points[k].tp + points[k - 1].tp) / tps / 2
    }
    return area
}
