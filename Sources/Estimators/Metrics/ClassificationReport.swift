import Foundation
import TensorCore

/// Per-label counts over all samples: true positives, predictions of the label, true samples of it
/// (scikit-learn's `multilabel_confusion_matrix` sums), weighted.
struct LabelCounts {
    var labels: [Float]
    var truePositive: [Double], predicted: [Double], actual: [Double]

    init(_ t: [Float], _ p: [Float], labels: [Float], weights w: [Double]) {
        self.labels = labels
        let position = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        truePositive = Array(repeating: 0, count: labels.count)
        predicted = truePositive
        actual = truePositive
        for i in t.indices {
            if let c = position[p[i]] { predicted[c] += w[i] }
            if let c = position[t[i]] {
                actual[c] += w[i]
                if t[i] == p[i] { truePositive[c] += w[i] }
            }
        }
    }

    /// Precision, recall and F1 of one set of summed counts (F1 as 2TP / (2TP + FP + FN)).
    static func ratios(_ tp: Double, _ predicted: Double, _ actual: Double, zeroDivision: Double) -> (Double, Double, Double) {
        (predicted == 0 ? zeroDivision : tp / predicted,
         actual == 0 ? zeroDivision : tp / actual,
         predicted + actual == 0 ? zeroDivision : 2 * tp / (predicted + actual))
    }
}

/// The text report of per-class precision, recall, F1 and support with micro (shown as
/// `accuracy` when every label is included), macro and weighted averages, formatted exactly as
/// scikit-learn's `classification_report`.
///
/// - Parameters:
///   - labels: the classes to report, in this order; by default the sorted union of both label sets.
///   - targetNames: display names for `labels` (whole-number labels print as integers by default).
///   - digits: decimals of the ratios.
///   - zeroDivision: the value of a ratio whose denominator is 0 (scikit-learn's `'warn'` gives 0).
public func classificationReport(_ yTrue: Tensor, _ yPred: Tensor, labels: [Float]? = nil, targetNames: [String]? = nil,
                                 sampleWeight: Tensor? = nil, digits: Int = 2, zeroDivision: Double = 0) throws -> String {
    let context = "classificationReport"
    let (t, p) = try InputChecks.pair(yTrue, yPred, context)
    let w = try InputChecks.weights(sampleWeight, count: t.count, context)
    guard (0...15).contains(digits) else {
        throw SwiftLearnError.invalidArgument("\(context): digits must be in 0...15, received \(digits)")
    }
    let present = uniqueSorted(t + p)
    let order = labels ?? present
    guard !order.isEmpty, Set(order).count == order.count else {
        throw SwiftLearnError.invalidArgument("\(context): labels must be non-empty and without repeats, received \(order)")
    }
    let names = targetNames ?? order.map(labelText)
    guard names.count == order.count else {
        throw SwiftLearnError.invalidArgument("\(context): Number of classes, \(order.count), does not match size of targetNames, \(names.count). Try specifying the labels parameter")
    }
    let counts = LabelCounts(t, p, labels: order, weights: w)
    let weighted = sampleWeight != nil
    let width = max(names.map(\.count).max() ?? 0, "weighted avg".count, digits)
    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
    func number(_ v: Double) -> String { pad(String(format: "%.\(digits)f", v), 9) }
    func support(_ v: Double) -> String { pad(weighted ? pythonRepr(v) : String(Int(v.rounded())), 9) }

    var report = pad("", width) + " " + ["precision", "recall", "f1-score", "support"].map { " " + pad($0, 9) }.joined() + "\n\n"
    var perClass: [(Double, Double, Double)] = []
    for i in order.indices {
        let r = LabelCounts.ratios(counts.truePositive[i], counts.predicted[i], counts.actual[i], zeroDivision: zeroDivision)
        perClass.append(r)
        report += pad(names[i], width) + " " + " " + number(r.0) + " " + number(r.1) + " " + number(r.2) + " " + support(counts.actual[i]) + "\n"
    }
    report += "\n"
    let total = counts.actual.reduce(0, +)
    let micro = LabelCounts.ratios(counts.truePositive.reduce(0, +), counts.predicted.reduce(0, +), total, zeroDivision: zeroDivision)
    let k = Double(order.count)
    let macro = (perClass.map(\.0).reduce(0, +) / k, perClass.map(\.1).reduce(0, +) / k, perClass.map(\.2).reduce(0, +) / k)
    func weightedMean(_ f: ((Double, Double, Double)) -> Double) -> Double {
        total == 0 ? zeroDivision : zip(perClass, counts.actual).reduce(0) { $0 + f($1.0) * $1.1 } / total
    }
    let weightedAverage = (weightedMean(\.0), weightedMean(\.1), weightedMean(\.2))
    if Set(order).isSuperset(of: present) {
        report += pad("accuracy", width) + " " + " " + pad("", 9) + " " + pad("", 9) + " " + number(micro.2) + " " + support(total) + "\n"
    } else {
        report += pad("micro avg", width) + "  " + number(micro.0) + " " + number(micro.1) + " " + number(micro.2) + " " + support(total) + "\n"
    }
    for (name, r) in [("macro avg", macro), ("weighted avg", weightedAverage)] {
        report += pad(name, width) + "  " + number(r.0) + " " + number(r.1) + " " + number(r.2) + " " + support(total) + "\n"
    }
    return report
}

/// A label as scikit-learn prints an integer class (`0`), or Python's float repr otherwise.
func labelText(_ label: Float) -> String {
    label.rounded() == label && abs(label) < 1e15 ? String(Int(label)) : pythonRepr(Double(label))
}
