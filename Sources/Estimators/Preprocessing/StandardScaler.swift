import TensorCore

/// Standardizes each feature to zero mean and unit variance: z = (x − mean) / scale
/// (scikit-learn's `StandardScaler`).
///
/// The variance is the population variance (ddof 0). A feature scikit-learn considers constant
/// (var ≤ n·ε·var + (n·mean·ε)², ε the Float64 epsilon) gets scale 1, so it maps to 0. NaNs are
/// ignored by `fit` and passed through by `transform`, as in scikit-learn.
public struct StandardScaler: Transformer, HyperparameterSettable, Equatable {
    /// Subtract the mean (`with_mean`). The mean is learned either way.
    public var withMean: Bool
    /// Divide by the standard deviation (`with_std`).
    public var withStd: Bool

    /// A scaler with scikit-learn's defaults (`with_mean=True, with_std=True`).
    public init(withMean: Bool = true, withStd: Bool = true) {
        self.withMean = withMean
        self.withStd = withStd
    }

    /// Learns each column's mean and variance.
    public func fit(_ x: Tensor) throws -> FittedStandardScaler {
        try fit(x, sampleWeight: nil)
    }

    /// Learns each column's weighted mean and variance (`fit(X, sample_weight=...)`).
    public func fit(_ x: Tensor, sampleWeight: Tensor?) throws -> FittedStandardScaler {
        let context = "StandardScaler.fit"
        let (n, d, v) = try PreprocessingChecks.fitMatrix(x, context, allowNaN: true)
        let w = try PreprocessingChecks.weights(sampleWeight, count: n, context)
        var mean = [Double](repeating: 0, count: d), variance = [Double](repeating: 0, count: d)
        var seen = [Double](repeating: 0, count: d)
        for r in 0..<n where w[r] != 0 {
            for j in 0..<d where !v[r * d + j].isNaN { mean[j] += w[r] * Double(v[r * d + j]); seen[j] += w[r] }
        }
        for j in 0..<d { mean[j] = seen[j] > 0 ? mean[j] / seen[j] : .nan }
        for r in 0..<n where w[r] != 0 {
            for j in 0..<d where !v[r * d + j].isNaN {
                let e = Double(v[r * d + j]) - mean[j]
                variance[j] += w[r] * e * e
            }
        }
        for j in 0..<d { variance[j] = seen[j] > 0 ? variance[j] / seen[j] : .nan }
        let eps = Double.ulpOfOne
        let scale: [Double]? = withStd ? (0..<d).map { j in
            let bound = seen[j] * eps * variance[j] + (seen[j] * mean[j] * eps) * (seen[j] * mean[j] * eps)
            return variance[j] <= bound || variance[j].isNaN ? 1 : variance[j].squareRoot()
        } : nil
        return FittedStandardScaler(withMean: withMean, mean: mean, variance: withStd ? variance : nil,
                                    scale: scale, samplesSeen: seen)
    }

    public static let typeName = "StandardScaler"
    public static var defaultParams: [String: ParameterValue] { StandardScaler().params }
    public var params: [String: ParameterValue] {
        ["copy": true, "with_mean": .bool(withMean), "with_std": .bool(withStd)]
    }
    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "copy": _ = try value.bool(for: name)
        case "with_mean": withMean = try value.bool(for: name)
        case "with_std": withStd = try value.bool(for: name)
        default: throw Self.unknownParameter(name)
        }
    }
}

/// A fitted ``StandardScaler``: `mean_`, `var_`, `scale_`, `n_samples_seen_`.
public struct FittedStandardScaler: InvertibleTransformer, Equatable {
    /// Whether `transform` subtracts ``mean``.
    public let withMean: Bool
    /// Each feature's (weighted) mean over its non-NaN values (`mean_`).
    public let mean: [Double]
    /// Each feature's population variance (`var_`); `nil` when `withStd` is false.
    public let variance: [Double]?
    /// Each feature's divisor (`scale_`): the standard deviation, or 1 for a constant feature;
    /// `nil` when `withStd` is false.
    public let scale: [Double]?
    /// The (weighted) number of non-NaN values per feature (`n_samples_seen_`).
    public let samplesSeen: [Double]

    /// The number of features seen in `fit` (`n_features_in_`).
    public var featureCount: Int { mean.count }

    /// (x − mean) / scale, column-wise; NaNs stay NaN.
    public func transform(_ x: Tensor) throws -> Tensor {
        try apply(x, "StandardScaler.transform") { v, j in
            var z = Double(v)
            if withMean { z -= mean[j] }
            if let scale { z /= scale[j] }
            return z
        }
    }

    /// x · scale + mean, column-wise (`inverse_transform`).
    public func inverseTransform(_ x: Tensor) throws -> Tensor {
        try apply(x, "StandardScaler.inverseTransform") { v, j in
            var z = Double(v)
            if let scale { z *= scale[j] }
            if withMean { z += mean[j] }
            return z
        }
    }

    private func apply(_ x: Tensor, _ context: String, _ f: (Float, Int) -> Double) throws -> Tensor {
        let (n, d, v) = try PreprocessingChecks.transformMatrix(x, featureCount: featureCount, model: "StandardScaler", context, allowNaN: true)
        var out = [Float](repeating: 0, count: n * d)
        for i in out.indices { out[i] = Float(f(v[i], i % d)) }
        return matrixTensor(rows: n, columns: d, out)
    }
}
