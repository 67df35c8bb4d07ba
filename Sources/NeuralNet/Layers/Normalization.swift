import TensorCore

/// Standardizes features with a mean and variance learned from data (Keras' `Normalization`,
/// feature axis last): `(x − mean) / max(√variance, 1e-7)`, or with `invert` the reverse,
/// `mean + x · max(√variance, 1e-7)`.
///
/// Call ``adapt(_:)`` with training data before use, as the chapter's regression MLPs do; the
/// mean, variance and sample count are non-trainable weights (`mean`, `variance`, `count`) as
/// in Keras, so they are saved with the model and never changed by training.
public final class Normalization: Layer {
    /// Whether the layer maps standardized values back to the data's scale.
    public let invert: Bool
    public private(set) var mean: Variable?
    public private(set) var variance: Variable?
    public private(set) var count: Variable?

    public init(invert: Bool = false, name: String? = nil, inputShape: [Int]? = nil) {
        self.invert = invert
        super.init(name: name, inputShape: inputShape)
    }

    /// Rebuilds the layer from its Keras config (`axis` must be the last axis; a fixed
    /// `mean`/`variance` in the config is not supported: adapt, or load the weights).
    public convenience init(config c: ConfigReader) throws {
        if let axis = c.object["axis"], axis != .array([.number(-1)]), axis != .number(-1) {
            throw SwiftLearnError.invalidConfig("\(c.context): key 'axis' must be -1 (the feature axis), received \(axis.jsonText)")
        }
        for key in ["mean", "variance"] where c.has(key) {
            throw SwiftLearnError.invalidConfig("\(c.context): key '\(key)' given in the config is not supported; adapt the layer or load its weights")
        }
        try self.init(invert: c.bool("invert", default: false), name: c.has("name") ? c.string("name") : nil, inputShape: c.declaredInputShapeIfKnown())
        isTrainable = try c.bool("trainable", default: true)
    }

    public override func build(inputShape: [Int?]) throws {
        guard let features = inputShape.last ?? nil, inputShape.count >= 2 else {
            throw SwiftLearnError.shapeMismatch("Normalization '\(name)': expected inputs (batch, ..., features) with a known last dimension, received \(formatShape(inputShape))")
        }
        mean = try addWeight(name: "mean", shape: [features], initializer: .zeros, trainable: false)
        variance = try addWeight(name: "variance", shape: [features], initializer: .ones, trainable: false)
        count = try addWeight(name: "count", shape: [], initializer: .zeros, trainable: false)
    }

    /// Learns the per-feature mean and (population) variance of `data` (samples along every axis
    /// but the last), computed in Double. Throws for data with no samples or non-finite values.
    public func adapt(_ data: Tensor) throws {
        guard data.rank >= 2, let features = data.shape.last, data.scalarCount > 0 else {
            throw SwiftLearnError.invalidArgument("Normalization '\(name)'.adapt: expected non-empty data of shape (samples, ..., features), received \(formatShape(data.shape))")
        }
        guard data.isFinite else {
            throw SwiftLearnError.invalidArgument("Normalization '\(name)'.adapt: data contains NaN or infinity")
        }
        try buildIfNeeded(inputShape: [nil] + data.shape.dropFirst().map { Optional($0) })
        guard let mean, let variance, let count, mean.shape == [features] else {
            throw SwiftLearnError.shapeMismatch("Normalization '\(name)'.adapt: the layer was built for \(mean?.shape.first ?? 0) features, data has \(features)")
        }
        let rows = data.scalarCount / features
        var sums = [Double](repeating: 0, count: features), squares = sums
        data.withUnsafeBufferPointer { p in
            for r in 0..<rows {
                for f in 0..<features { sums[f] += Double(p[r * features + f]) }
            }
            for r in 0..<rows {
                for f in 0..<features {
                    let d = Double(p[r * features + f]) - sums[f] / Double(rows)
                    squares[f] += d * d
                }
            }
        }
        try mean.assign(Tensor(sums.map { Float($0 / Double(rows)) }))
        try variance.assign(Tensor(squares.map { Float($0 / Double(rows)) }))
        try count.assign(Tensor(Float(rows)))
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let mean, let variance else { throw SwiftLearnError.invalidState("Normalization '\(name)' is not built: call adapt(_:) first") }
        guard input.shape.last == mean.shape.first else {
            throw SwiftLearnError.shapeMismatch("Normalization '\(name)': expected \(mean.shape[0]) features, received input of shape \(formatShape(input.shape))")
        }
        let scale = variance.value.mapped({ $0.squareRoot().replacing(with: 1e-7, where: $0.squareRoot() .< 1e-7) },
                                           { Swift.max($0.squareRoot(), 1e-7) })
        return invert ? try mean.value + input * scale : try (input - mean.value) / scale
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("axis", .array([.number(-1)])), ("invert", .bool(invert)), ("mean", .null), ("variance", .null)]
    }
}

extension Normalization: @unchecked Sendable {}
