import TensorCore

/// How a multiclass ROC AUC combines the one-vs-rest curves (scikit-learn's `average=`).
public enum RocAucAverage: String, Sendable, CaseIterable {
    /// The unweighted mean of the per-class AUCs.
    case macro
    /// The mean of per-class AUCs weighted by each class's (weighted) prevalence.
    case weighted
    /// One AUC over every (sample, class) pair of the one-hot targets and the scores.
    case micro
}

/// Area under the ROC curve of a multiclass problem, one-vs-rest
/// (`roc_auc_score(y, proba, multi_class='ovr', average=...)`).
///
/// - Parameters:
///   - yScore: `[n, classes]` probabilities, columns in `labels` order, each row summing to 1.
///   - labels: the classes, sorted; by default the distinct values of `yTrue` (which must then
///     number as many as the columns).
public func rocAucScore(_ yTrue: Tensor, _ yScore: Tensor, oneVsRest average: RocAucAverage, labels: [Float]? = nil,
                        sampleWeight: Tensor? = nil) throws -> Double {
    let context = "rocAucScore(oneVsRest:)"
    let t = try InputChecks.vector(yTrue, context, name: "yTrue")
    guard yScore.rank == 2, yScore.shape[0] == t.count, !t.isEmpty else {
        throw SwiftLearnError.shapeMismatch("\(context): yScore must be [samples, classes] with \(t.count) rows, received shape \(formatShape(yScore.shape))")
    }
    guard yScore.isFinite else { throw SwiftLearnError.invalidArgument("\(context): yScore contains NaN or infinity") }
    let w = try InputChecks.weights(sampleWeight, count: t.count, context)
    let classes = labels ?? uniqueSorted(t)
    let k = yScore.shape[1]
    guard classes.count == k, k > 2 else {
        throw SwiftLearnError.shapeMismatch("\(context): Number of classes in yTrue (\(classes.count)) not equal to the number of columns in yScore (\(k)); more than two are needed (use rocAucScore(_:_:) for binary targets)")
    }
    guard classes == classes.sorted(), Set(classes).count == k else {
        throw SwiftLearnError.invalidArgument("\(context): labels must be sorted and unique, received \(classes)")
    }
    if let bad = t.first(where: { !classes.contains($0) }) {
        throw SwiftLearnError.invalidArgument("\(context): yTrue contains \(bad), which is not one of labels \(classes)")
    }
    let s = yScore.scalars
    for r in 0..<t.count {
        let sum = (0..<k).reduce(0.0) { $0 + Double(s[r * k + $1]) }
        guard abs(sum - 1) <= 1e-8 + 1e-5 else {
            throw SwiftLearnError.invalidArgument("\(context): Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes; row \(r) sums to \(sum)")
        }
    }
    let weightTensor = sampleWeight.map { _ in Tensor(w.map(Float.init)) }
    if average == .micro {
        let onehot = t.flatMap { label in classes.map { $0 == label ? Float(1) : 0 } }
        let repeated = weightTensor.map { _ in Tensor(w.flatMap { Array(repeating: Float($0), count: k) }) }
        return try rocAucScore(Tensor(onehot), Tensor(s), sampleWeight: repeated)
    }
    var total = 0.0, weightSum = 0.0
    for (c, label) in classes.enumerated() {
        let binary = Tensor(t.map { $0 == label ? 1 : 0 })
        let column = Tensor((0..<t.count).map { s[$0 * k + c] })
        let auc = try rocAucScore(binary, column, sampleWeight: weightTensor)
        let classWeight = average == .macro ? 1 : t.indices.reduce(0.0) { $0 + (t[$1] == label ? w[$1] : 0) }
        total += auc * classWeight
        weightSum += classWeight
    }
    return total / weightSum
}
