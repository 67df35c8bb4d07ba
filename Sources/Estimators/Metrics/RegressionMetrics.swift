import Foundation
import TensorCore

// Regression metrics as scikit-learn 1.9 defines them (`sklearn/metrics/_regression.py`), for a
// single output. Inputs are `[n]` tensors; sums run in Double.

/// Weighted mean of `values`; `nil` when the weights sum to zero.
private func weightedMean(_ values: [Double], _ w: [Double]) -> Double? {
    var s = 0.0, total = 0.0
    for i in values.indices { s += w[i] * values[i]; total += w[i] }
    return total > 0 ? s / total : nil
}

private func prepared(_ yTrue: Tensor, _ yPred: Tensor, _ sampleWeight: Tensor?, _ context: String) throws -> (t: [Double], p: [Double], w: [Double]) {
    let (t, p) = try InputChecks.pair(yTrue, yPred, context)
    let w = try InputChecks.weights(sampleWeight, count: t.count, context)
    guard w.contains(where: { $0 > 0 }) else {
        throw SwiftLearnError.invalidArgument("\(context): sampleWeight sums to zero; at least one weight must be positive")
    }
    return (t.map(Double.init), p.map(Double.init), w)
}

/// scikit-learn's `force_finite=True` rule for a constant target: a perfect fit scores 1, anything else 0.
private func finiteRatioScore(numerator: Double, denominator: Double) -> Double {
    if denominator == 0 { return numerator == 0 ? 1 : 0 }
    return 1 - numerator / denominator
}

/// The coefficient of determination R² = 1 − SS_res / SS_tot (`r2_score`).
///
/// A constant `yTrue` gives 1 for a perfect prediction and 0 otherwise; fewer than two samples
/// give NaN, as in scikit-learn.
public func r2Score(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Double {
    let (t, p, w) = try prepared(yTrue, yPred, sampleWeight, "r2Score")
    if t.count < 2 { return .nan }
    let mean = weightedMean(t, w) ?? 0
    var res = 0.0, tot = 0.0
    for i in t.indices {
        res += w[i] * (t[i] - p[i]) * (t[i] - p[i])
        tot += w[i] * (t[i] - mean) * (t[i] - mean)
    }
    return finiteRatioScore(numerator: res, denominator: tot)
}

/// Explained variance 1 − Var(yTrue − yPred) / Var(yTrue) (`explained_variance_score`):
/// unlike R², a constant offset in the prediction is not penalised.
public func explainedVarianceScore(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Double {
    let (t, p, w) = try prepared(yTrue, yPred, sampleWeight, "explainedVarianceScore")
    if t.count < 2 { return .nan }
    let diff = zip(t, p).map { $0 - $1 }
    let diffMean = weightedMean(diff, w) ?? 0
    let trueMean = weightedMean(t, w) ?? 0
    let numerator = weightedMean(diff.map { ($0 - diffMean) * ($0 - diffMean) }, w) ?? 0
    let denominator = weightedMean(t.map { ($0 - trueMean) * ($0 - trueMean) }, w) ?? 0
    return finiteRatioScore(numerator: numerator, denominator: denominator)
}

/// The (weighted) mean of squared errors (`mean_squared_error`).
public func meanSquaredError(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Double {
    let (t, p, w) = try prepared(yTrue, yPred, sampleWeight, "meanSquaredError")
    return weightedMean(zip(t, p).map { ($0 - $1) * ($0 - $1) }, w) ?? 0
}

/// The square root of ``meanSquaredError(_:_:sampleWeight:)`` (`root_mean_squared_error`).
public func rootMeanSquaredError(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Double {
    try meanSquaredError(yTrue, yPred, sampleWeight: sampleWeight).squareRoot()
}

/// The (weighted) mean of absolute errors (`mean_absolute_error`).
public func meanAbsoluteError(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Double {
    let (t, p, w) = try prepared(yTrue, yPred, sampleWeight, "meanAbsoluteError")
    return weightedMean(zip(t, p).map { abs($0 - $1) }, w) ?? 0
}

/// The median of absolute errors (`median_absolute_error` without weights): for an even count,
/// the mean of the two middle values, as NumPy's `median`.
public func medianAbsoluteError(_ yTrue: Tensor, _ yPred: Tensor) throws -> Double {
    let (t, p) = try InputChecks.pair(yTrue, yPred, "medianAbsoluteError")
    let errors = zip(t, p).map { abs(Double($0) - Double($1)) }.sorted()
    let mid = errors.count / 2
    return errors.count % 2 == 1 ? errors[mid] : (errors[mid - 1] + errors[mid]) / 2
}
