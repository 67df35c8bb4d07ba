import TensorCore

/// Which sums a normalized confusion matrix divides by (scikit-learn's `normalize=`).
public enum ConfusionNormalization: String, Sendable, CaseIterable {
    /// Each row (true class) sums to 1.
    case `true`
    /// Each column (predicted class) sums to 1.
    case pred
    /// The whole matrix sums to 1.
    case all
}

/// The confusion matrix normalized over true classes, predicted classes or all samples
/// (`confusion_matrix(..., normalize=...)`); a row or column with no samples stays 0, as in scikit-learn.
public func confusionMatrix(_ yTrue: Tensor, _ yPred: Tensor, labels: [Float]? = nil, sampleWeight: Tensor? = nil,
                            normalize: ConfusionNormalization) throws -> [[Double]] {
    let m = try confusionMatrix(yTrue, yPred, labels: labels, sampleWeight: sampleWeight)
    let k = m.count
    switch normalize {
    case .true:
        return m.map { row in
            let s = row.reduce(0, +)
            return row.map { s == 0 ? 0 : $0 / s }
        }
    case .pred:
        let sums = (0..<k).map { c in m.reduce(0) { $0 + $1[c] } }
        return m.map { row in row.indices.map { sums[$0] == 0 ? 0 : row[$0] / sums[$0] } }
    case .all:
        let s = m.reduce(0) { $0 + $1.reduce(0, +) }
        return m.map { row in row.map { s == 0 ? 0 : $0 / s } }
    }
}
