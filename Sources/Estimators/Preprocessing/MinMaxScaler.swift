import TensorCore

/// Scales each feature linearly onto `featureRange`: x · scale + min, where
/// scale = (hi − lo) / (max − min) over the training data (scikit-learn's `MinMaxScaler`).
///
/// A feature whose range is below 10·ε counts as range 1. Values outside the training range
/// are extrapolated unless `clip` is set. NaNs are ignored by `fit` and passed through.
public struct MinMaxScaler: Transformer, HyperparameterSettable {
    /// The target range (lo, hi), lo < hi (`feature_range`).
    public var featureRange: (Double, Double)
    /// Clip transformed values into `featureRange` (`clip`).
    public var clip: Bool

    /// A scaler with scikit-learn's defaults (`feature_range=(0, 1), clip=False`).
    public init(featureRange: (Double, Double) = (0, 1), clip: Bool = false) {
        self.featureRange = featureRange
        self.clip = clip
    }

    /// Learns each column's minimum and maximum; throws for an empty or reversed `featureRange`.
    public func fit(_ x: Tensor) throws -> FittedMinMaxScaler {
        let context = "MinMaxScaler.fit"
        let (lo, hi) = featureRange
        guard lo < hi, lo.isFinite, hi.isFinite else {
            throw SwiftLearnError.invalidArgument("\(context): Minimum of desired feature range must be smaller than maximum. Got feature_range=\(rangeParameter(featureRange))")
        }
        let (n, d, v) = try PreprocessingChecks.fitMatrix(x, context, allowNaN: true)
        var low = [Double](repeating: .infinity, count: d), high = [Double](repeating: -.infinity, count: d)
        for r in 0..<n {
            for j in 0..<d where !v[r * d + j].isNaN {
                low[j] = min(low[j], Double(v[r * d + j]))
                high[j] = max(high[j], Double(v[r * d + j]))
            }
        }
        for j in 0..<d where low[j] > high[j] { low[j] = .nan; high[j] = .nan } // an all-NaN column
        let range = zip(low, high).map { $1 - $0 }
        let scale = range.map { (hi - lo) / ($0 < 10 * Double.ulpOfOne ? 1 : $0) }
        let offset = (0..<d).map { lo - low[$0] * scale[$0] }
        return FittedMinMaxScaler(featureRange: featureRange, clip: clip, dataMin: low, dataMax: high,
                                  scale: scale, min: offset)
    }

    public static let typeName = "MinMaxScaler"
    public static var defaultParams: [String: ParameterValue] { MinMaxScaler().params }
    public var params: [String: ParameterValue] {
        ["clip": .bool(clip), "copy": true, "feature_range": rangeParameter(featureRange)]
    }
    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "clip": clip = try value.bool(for: name)
        case "copy": _ = try value.bool(for: name)
        case "feature_range": featureRange = try value.doublePair(for: name)
        default: throw Self.unknownParameter(name)
        }
    }
}

/// A fitted ``MinMaxScaler``: `data_min_`, `data_max_`, `scale_`, `min_`.
public struct FittedMinMaxScaler: InvertibleTransformer {
    /// The target range it maps onto.
    public let featureRange: (Double, Double)
    /// Whether `transform` clips into ``featureRange``.
    public let clip: Bool
    /// Each feature's training minimum and maximum (`data_min_`, `data_max_`).
    public let dataMin: [Double], dataMax: [Double]
    /// The per-feature factor and offset: transform is x · scale + min (`scale_`, `min_`).
    public let scale: [Double], min: [Double]

    /// The number of features seen in `fit`.
    public var featureCount: Int { scale.count }
    /// `data_range_`.
    public var dataRange: [Double] { zip(dataMin, dataMax).map { $1 - $0 } }

    /// x · scale + min, clipped into the range when `clip`.
    public func transform(_ x: Tensor) throws -> Tensor {
        try apply(x, "MinMaxScaler.transform") { v, j in
            let z = v * scale[j] + min[j]
            return clip ? Swift.min(Swift.max(z, featureRange.0), featureRange.1) : z
        }
    }

    /// (x − min) / scale (`inverse_transform`).
    public func inverseTransform(_ x: Tensor) throws -> Tensor {
        try apply(x, "MinMaxScaler.inverseTransform") { v, j in (v - min[j]) / scale[j] }
    }

    private func apply(_ x: Tensor, _ context: String, _ f: (Double, Int) -> Double) throws -> Tensor {
        let (n, d, v) = try PreprocessingChecks.transformMatrix(x, featureCount: featureCount, model: "MinMaxScaler", context, allowNaN: true)
        var out = [Float](repeating: 0, count: n * d)
        for i in out.indices { out[i] = v[i].isNaN ? .nan : Float(f(Double(v[i]), i % d)) }
        return matrixTensor(rows: n, columns: d, out)
    }
}
