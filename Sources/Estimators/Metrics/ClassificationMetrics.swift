import Foundation
import TensorCore

// Classification metrics as scikit-learn 1.9 defines them (`sklearn/metrics/_classification.py`).
// Labels are the Float values of `[n]` tensors; sums run in Double.

/// The fraction (or, with `normalize: false`, the weighted count) of exact matches (`accuracy_score`).
public func accuracyScore(_ yTrue: Tensor, _ yPred: Tensor, normalize: Bool = true, sampleWeight: Tensor? = nil) throws -> Double {
    let (t, p) = try InputChecks.pair(yTrue, yPred, "accuracyScore")
    let w = try InputChecks.weights(sampleWeight, count: t.count, "accuracyScore")
    var hits = 0.0, total = 0.0
    for i in t.indices {
        if t[i] == p[i] { hits += w[i] }
        total += w[i]
    }
    if !normalize { return hits }
    return total > 0 ? hits / total : .nan
}

/// The confusion matrix: entry `[i][j]` is the (weighted) number of samples of true class
/// `labels[i]` predicted as `labels[j]` (`confusion_matrix`).
///
/// - Parameter labels: the row/column order; by default the sorted union of both label sets.
///   Samples whose labels are not listed are ignored.
public func confusionMatrix(_ yTrue: Tensor, _ yPred: Tensor, labels: [Float]? = nil, sampleWeight: Tensor? = nil) throws -> [[Double]] {
    try confusion(yTrue, yPred, labels: labels, sampleWeight: sampleWeight, "confusionMatrix").matrix
}

private func confusion(_ yTrue: Tensor, _ yPred: Tensor, labels: [Float]?, sampleWeight: Tensor?, _ context: String) throws -> (labels: [Float], matrix: [[Double]]) {
    let (t, p) = try InputChecks.pair(yTrue, yPred, context)
    let w = try InputChecks.weights(sampleWeight, count: t.count, context)
    let order = labels ?? uniqueSorted(t + p)
    guard !order.isEmpty else {
        throw SwiftLearnError.invalidArgument("\(context): labels is empty; at least one label is needed")
    }
    guard Set(order).count == order.count else {
        throw SwiftLearnError.invalidArgument("\(context): labels \(order) contain a repeated value")
    }
    let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
    var m = Array(repeating: Array(repeating: 0.0, count: order.count), count: order.count)
    for i in t.indices {
        if let r = position[t[i]], let c = position[p[i]] { m[r][c] += w[i] }
    }
    return (order, m)
}

/// The mean recall over the classes present in `yTrue` (`balanced_accuracy_score`); with
/// `adjusted`, rescaled so chance scores 0 and a perfect prediction 1.
public func balancedAccuracyScore(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, adjusted: Bool = false) throws -> Double {
    let (_, m) = try confusion(yTrue, yPred, labels: nil, sampleWeight: sampleWeight, "balancedAccuracyScore")
    var recalls: [Double] = []
    for (i, row) in m.enumerated() {
        let support = row.reduce(0, +)
        if support > 0 { recalls.append(row[i] / support) }
    }
    guard !recalls.isEmpty else { return .nan }
    var score = recalls.reduce(0, +) / Double(recalls.count)
    if adjusted {
        let chance = 1 / Double(recalls.count)
        score = (score - chance) / (1 - chance)
    }
    return score
}

/// How precision, recall and F1 combine over classes (scikit-learn's `average=`).
public enum ClassAverage: String, Sendable, CaseIterable {
    /// Only the class `positiveLabel`; the targets must have at most two labels.
    case binary
    /// Counts summed over all classes, then one ratio.
    case micro
    /// The unweighted mean of per-class values.
    case macro
    /// The mean of per-class values weighted by each class's support (true count).
    case weighted
}

/// Per-class precision, recall, F1 and support (`precision_recall_fscore_support(average=None)`).
public struct ClassificationReportRow: Sendable, Equatable {
    /// The class label.
    public var label: Float
    /// TP / (TP + FP).
    public var precision: Double
    /// TP / (TP + FN).
    public var recall: Double
    /// 2·TP / (2·TP + FP + FN).
    public var f1: Double
    /// The (weighted) number of true samples of this class.
    public var support: Double
}

private struct ClassCounts {
    var labels: [Float]
    var truePositive: [Double], predicted: [Double], actual: [Double]
}

private func classCounts(_ yTrue: Tensor, _ yPred: Tensor, labels: [Float]?, sampleWeight: Tensor?, _ context: String) throws -> ClassCounts {
    let (order, m) = try confusion(yTrue, yPred, labels: labels, sampleWeight: sampleWeight, context)
    let k = order.count
    return ClassCounts(
        labels: order,
        truePositive: (0..<k).map { m[$0][$0] },
        predicted: (0..<k).map { c in m.reduce(0) { $0 + $1[c] } },
        actual: m.map { $0.reduce(0, +) })
}

private func divide(_ a: Double, _ b: Double, _ zeroDivision: Double) -> Double {
    b == 0 ? zeroDivision : a / b
}

/// Per-class precision, recall, F1 and support, in `labels` order (sorted labels by default).
///
/// - Parameter zeroDivision: the value of a ratio whose denominator is 0 (scikit-learn's
///   default `'warn'` gives 0).
public func precisionRecallFScoreSupport(_ yTrue: Tensor, _ yPred: Tensor, labels: [Float]? = nil, sampleWeight: Tensor? = nil, zeroDivision: Double = 0) throws -> [ClassificationReportRow] {
    let c = try classCounts(yTrue, yPred, labels: labels, sampleWeight: sampleWeight, "precisionRecallFScoreSupport")
    return c.labels.indices.map { i in
        ClassificationReportRow(
            label: c.labels[i],
            precision: divide(c.truePositive[i], c.predicted[i], zeroDivision),
            recall: divide(c.truePositive[i], c.actual[i], zeroDivision),
            f1: divide(2 * c.truePositive[i], c.predicted[i] + c.actual[i], zeroDivision),
            support: c.actual[i])
    }
}

private enum PRFKind { case precision, recall, f1 }

private func averagedPRF(_ kind: PRFKind, _ yTrue: Tensor, _ yPred: Tensor, average: ClassAverage, positiveLabel: Float,
                         sampleWeight: Tensor?, zeroDivision: Double, _ context: String) throws -> Double {
    var c = try classCounts(yTrue, yPred, labels: nil, sampleWeight: sampleWeight, context)
    func value(_ tp: Double, _ pred: Double, _ actual: Double) -> Double {
        switch kind {
        case .precision: return divide(tp, pred, zeroDivision)
        case .recall: return divide(tp, actual, zeroDivision)
        case .f1: return divide(2 * tp, pred + actual, zeroDivision)
        }
    }
    switch average {
    case .binary:
        guard c.labels.count <= 2 else {
            throw SwiftLearnError.invalidArgument("\(context): Target is multiclass but average='binary'. Please choose another average setting, one of [micro, macro, weighted]")
        }
        guard let i = c.labels.firstIndex(of: positiveLabel) else {
            if c.labels.count == 2 {
                throw SwiftLearnError.invalidArgument("\(context): positiveLabel=\(positiveLabel) is not a valid label. It should be one of \(c.labels)")
            }
            return value(0, 0, 0) // the positive class never occurs: every count is zero
        }
        return value(c.truePositive[i], c.predicted[i], c.actual[i])
    case .micro:
        return value(c.truePositive.reduce(0, +), c.predicted.reduce(0, +), c.actual.reduce(0, +))
    case .macro, .weighted:
        let perClass = c.labels.indices.map { value(c.truePositive[$0], c.predicted[$0], c.actual[$0]) }
        if average == .macro { return perClass.reduce(0, +) / Double(perClass.count) }
        let total = c.actual.reduce(0, +)
        guard total > 0 else { return zeroDivision }
        c.actual = c.actual.map { $0 / total }
        return zip(perClass, c.actual).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

/// Precision TP / (TP + FP) (`precision_score`).
public func precisionScore(_ yTrue: Tensor, _ yPred: Tensor, average: ClassAverage = .binary, positiveLabel: Float = 1,
                           sampleWeight: Tensor? = nil, zeroDivision: Double = 0) throws -> Double {
    try averagedPRF(.precision, yTrue, yPred, average: average, positiveLabel: positiveLabel, sampleWeight: sampleWeight, zeroDivision: zeroDivision, "precisionScore")
}

/// Recall TP / (TP + FN) (`recall_score`).
public func recallScore(_ yTrue: Tensor, _ yPred: Tensor, average: ClassAverage = .binary, positiveLabel: Float = 1,
                        sampleWeight: Tensor? = nil, zeroDivision: Double = 0) throws -> Double {
    try averagedPRF(.recall, yTrue, yPred, average: average, positiveLabel: positiveLabel, sampleWeight: sampleWeight, zeroDivision: zeroDivision, "recallScore")
}

/// F1 = 2·TP / (2·TP + FP + FN) (`f1_score`).
public func f1Score(_ yTrue: Tensor, _ yPred: Tensor, average: ClassAverage = .binary, positiveLabel: Float = 1,
                    sampleWeight: Tensor? = nil, zeroDivision: Double = 0) throws -> Double {
    try averagedPRF(.f1, yTrue, yPred, average: average, positiveLabel: positiveLabel, sampleWeight: sampleWeight, zeroDivision: zeroDivision, "f1Score")
}
