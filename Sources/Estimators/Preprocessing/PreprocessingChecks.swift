import TensorCore

/// Input checks shared by the preprocessing transformers; messages name the transformer,
/// the method and what was wrong, as scikit-learn's do.
enum PreprocessingChecks {
    /// `x` as a non-empty matrix of finite values (NaN allowed when `allowNaN`, as scikit-learn's
    /// `allow-nan`); returns (rows, columns, values in row-major order).
    static func matrix(_ x: Tensor, _ context: String, allowNaN: Bool) throws -> (rows: Int, columns: Int, values: [Float]) {
        guard x.rank == 2 else {
            throw SwiftLearnError.shapeMismatch("\(context): x must be 2-D [samples, features], received shape \(formatShape(x.shape))")
        }
        let values = x.scalars
        for (i, v) in values.enumerated() where !v.isFinite {
            if v.isNaN && allowNaN { continue }
            let (r, c) = (i / max(x.shape[1], 1), i % max(x.shape[1], 1))
            throw SwiftLearnError.invalidArgument("\(context): x contains \(v.isNaN ? "NaN" : "infinity") at row \(r), column \(c)\(v.isNaN ? "; this transformer does not accept missing values (use SimpleImputer first)" : "")")
        }
        return (x.shape[0], x.shape[1], values)
    }

    /// A matrix for `fit`: at least one sample and one feature.
    static func fitMatrix(_ x: Tensor, _ context: String, allowNaN: Bool) throws -> (rows: Int, columns: Int, values: [Float]) {
        let m = try matrix(x, context, allowNaN: allowNaN)
        guard m.rows > 0 else { throw SwiftLearnError.invalidArgument("\(context): x has 0 samples; at least one is needed") }
        guard m.columns > 0 else { throw SwiftLearnError.invalidArgument("\(context): x has 0 features; at least one is needed") }
        return m
    }

    /// A matrix for `transform`: as many columns as the fit saw (scikit-learn's `n_features_in_` check).
    static func transformMatrix(_ x: Tensor, featureCount: Int, model: String, _ context: String, allowNaN: Bool) throws -> (rows: Int, columns: Int, values: [Float]) {
        let m = try matrix(x, context, allowNaN: allowNaN)
        guard m.columns == featureCount else {
            throw SwiftLearnError.shapeMismatch("\(context): x has \(m.columns) features, but \(model) is expecting \(featureCount) features as input")
        }
        return m
    }

    /// Sample weights (one non-negative finite value per row), or all ones.
    static func weights(_ w: Tensor?, count: Int, _ context: String) throws -> [Double] {
        try InputChecks.weights(w, count: count, context)
    }
}

/// Builds a `[rows, columns]` tensor from row-major values computed here (shape derived from them).
func matrixTensor(rows: Int, columns: Int, _ values: [Float]) -> Tensor {
    var t = Tensor(uncheckedShape: [rows, columns], repeating: 0)
    t.withUnsafeMutableBufferPointer { p in for i in 0..<min(p.count, values.count) { p[i] = values[i] } }
    return t
}

/// A float pair parameter (`feature_range`) as a `ParameterValue`: the integer tuple `(0, 1)`
/// when both are whole numbers (as scikit-learn prints the default), otherwise the float tuple
/// `(-0.5, 2.5)`. The pair is stored as `Double`s, so `(0.0, 1.0)` also prints as `(0, 1)`.
func rangeParameter(_ r: (Double, Double)) -> ParameterValue {
    if r.0.rounded() == r.0, r.1.rounded() == r.1, abs(r.0) < 1e15, abs(r.1) < 1e15 { return .ints([Int(r.0), Int(r.1)]) }
    return .doubles([r.0, r.1])
}
