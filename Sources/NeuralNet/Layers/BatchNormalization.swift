import TensorCore

/// Normalizes each feature (last axis) with batch statistics while training and with moving
/// averages of them at inference (Keras' `BatchNormalization`):
/// `y = γ · (x − μ) / √(σ² + ε) + β`.
///
/// While training (`training: true` and the layer trainable), μ and σ² are the mean and the
/// biased variance of the batch over every axis but the last; the output is differentiated
/// through them; and the moving statistics are updated as Keras 3 does,
/// `moving ← moving · momentum + batch · (1 − momentum)`. Otherwise (inference, or a frozen
/// layer, as Keras 3) the moving mean and variance are used. The weights are, in Keras' order,
/// `gamma` and `beta` (trainable, when `scale` / `center`), then `moving_mean` and
/// `moving_variance` (non-trainable, saved with the model, never changed by the optimizer).
public final class BatchNormalization: Layer {
    /// The weight of the old value in the moving averages (0.99).
    public let momentum: Float
    /// Added to the variance before the square root (1e-3).
    public let epsilon: Float
    /// Whether the layer adds the learned offset `beta`.
    public let center: Bool
    /// Whether the layer multiplies by the learned scale `gamma`.
    public let scale: Bool
    public let betaInitializer: Initializer
    public let gammaInitializer: Initializer
    public let movingMeanInitializer: Initializer
    public let movingVarianceInitializer: Initializer
    public let betaRegularizer: Regularizer?
    public let gammaRegularizer: Regularizer?
    public let betaConstraint: Constraint?
    public let gammaConstraint: Constraint?
    public private(set) var gamma: Variable?
    public private(set) var beta: Variable?
    public private(set) var movingMean: Variable?
    public private(set) var movingVariance: Variable?

    /// A batch normalization of the last axis with Keras' defaults.
    public init(momentum: Float = 0.99, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                movingMeanInitializer: Initializer = .zeros, movingVarianceInitializer: Initializer = .ones,
                betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil,
                betaConstraint: Constraint? = nil, gammaConstraint: Constraint? = nil,
                name: String? = nil, inputShape: [Int]? = nil) {
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.movingMeanInitializer = movingMeanInitializer
        self.movingVarianceInitializer = movingVarianceInitializer
        self.betaRegularizer = betaRegularizer
        self.gammaRegularizer = gammaRegularizer
        self.betaConstraint = betaConstraint
        self.gammaConstraint = gammaConstraint
        super.init(name: name, inputShape: inputShape)
    }

    /// A positive `axis` from a config, as tf.keras 2 writes it once built (the resolved axes as
    /// a list, `[1]` for rank-2 inputs): `build` checks that it is the last axis.
    var configAxis: Int?

    /// Rebuilds the layer from its Keras 3 config. `axis` must be the last axis: -1, or (as
    /// tf.keras 2 writes it) a one-element list with the last axis' index, checked when the
    /// layer is built;
    /// `synchronized` and `renorm` must be false.
    public convenience init(config c: ConfigReader) throws {
        var configAxis: Int?
        if let axis = c.object["axis"], axis != .number(-1), axis != .array([.number(-1)]) {
            guard let items = axis.arrayValue, items.count == 1, let k = items[0].intValue, k >= 1 else {
                throw c.error("axis", "must be -1 (the feature axis), received \(axis.jsonText.prefix(80))")
            }
            configAxis = k
        }
        for key in ["synchronized", "renorm"] where try c.bool(key, default: false) {
            throw c.error(key, "is not supported (only false)")
        }
        let init_ = { (key: String, fallback: JSONValue) in try c.decode(key, default: fallback) { try Initializer(config: $0) } }
        try self.init(momentum: c.finiteFloat("momentum", default: 0.99), epsilon: c.finiteFloat("epsilon", default: 1e-3),
                      center: c.bool("center", default: true), scale: c.bool("scale", default: true),
                      betaInitializer: init_("beta_initializer", "zeros"), gammaInitializer: init_("gamma_initializer", "ones"),
                      movingMeanInitializer: init_("moving_mean_initializer", "zeros"),
                      movingVarianceInitializer: init_("moving_variance_initializer", "ones"),
                      betaRegularizer: c.optional("beta_regularizer") { try Regularizers.make(config: $0) },
                      gammaRegularizer: c.optional("gamma_regularizer") { try Regularizers.make(config: $0) },
                      betaConstraint: c.optional("beta_constraint") { try Constraints.make(config: $0) },
                      gammaConstraint: c.optional("gamma_constraint") { try Constraints.make(config: $0) },
                      name: c.has("name") ? c.string("name") : nil, inputShape: c.declaredInputShape())
        isTrainable = try c.bool("trainable", default: true)
        self.configAxis = configAxis
    }

    public override func build(inputShape: [Int?]) throws {
        if let axis = configAxis, axis != inputShape.count - 1 {
            throw SwiftLearnError.invalidConfig("BatchNormalization '\(name)': axis \(axis) is not the last axis of inputs \(formatShape(inputShape)); only the feature (last) axis is supported")
        }
        guard momentum >= 0, momentum <= 1 else {
            throw SwiftLearnError.invalidArgument("BatchNormalization '\(name)': momentum must be in [0, 1], received \(momentum)")
        }
        guard epsilon > 0 else {
            throw SwiftLearnError.invalidArgument("BatchNormalization '\(name)': epsilon must be positive, received \(epsilon)")
        }
        guard inputShape.count >= 2, let features = inputShape.last ?? nil, features > 0 else {
            throw SwiftLearnError.shapeMismatch("BatchNormalization '\(name)': expected inputs (batch, ..., features) with a known last dimension, received \(formatShape(inputShape))")
        }
        if scale {
            gamma = try addWeight(name: "gamma", shape: [features], initializer: gammaInitializer,
                                  regularizer: gammaRegularizer, constraint: gammaConstraint)
        }
        if center {
            beta = try addWeight(name: "beta", shape: [features], initializer: betaInitializer,
                                 regularizer: betaRegularizer, constraint: betaConstraint)
        }
        movingMean = try addWeight(name: "moving_mean", shape: [features], initializer: movingMeanInitializer, trainable: false)
        movingVariance = try addWeight(name: "moving_variance", shape: [features], initializer: movingVarianceInitializer, trainable: false)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let movingMean, let movingVariance else { throw SwiftLearnError.invalidState("BatchNormalization '\(name)' is not built") }
        let features = movingMean.shape[0]
        guard input.rank >= 2, input.shape.last == features else {
            throw SwiftLearnError.shapeMismatch("BatchNormalization '\(name)': expected inputs (batch, ..., \(features)), received \(formatShape(input.shape))")
        }
        let rows = input.scalarCount / features
        guard training, isTrainable, rows > 0 else {
            return try BatchNormOp.normalize(input, gamma: gamma?.value, beta: beta?.value, mean: movingMean.storedValue,
                                             variance: movingVariance.storedValue, epsilon: epsilon, batchStatistics: false)
        }
        let (mean, variance) = BatchNormOp.moments(input, features: features)
        let m = momentum
        // Keras 3: moving ← moving · momentum + batch · (1 − momentum), in float32.
        movingMean.update { p in for f in 0..<features { p[f] = p[f] * m + mean[f] * (1 - m) } }
        movingVariance.update { p in for f in 0..<features { p[f] = p[f] * m + variance[f] * (1 - m) } }
        return try BatchNormOp.normalize(input, gamma: gamma?.value, beta: beta?.value, mean: Tensor(mean),
                                         variance: Tensor(variance), epsilon: epsilon, batchStatistics: true)
    }

    public override var config: [(String, JSONValue)] {
        super.config + [
            ("axis", .number(-1)), ("momentum", kerasFloat(momentum)), ("epsilon", kerasFloat(epsilon)),
            ("center", .bool(center)), ("scale", .bool(scale)),
            ("beta_initializer", betaInitializer.config), ("gamma_initializer", gammaInitializer.config),
            ("moving_mean_initializer", movingMeanInitializer.config), ("moving_variance_initializer", movingVarianceInitializer.config),
            ("beta_regularizer", Regularizers.serialize(betaRegularizer)), ("gamma_regularizer", Regularizers.serialize(gammaRegularizer)),
            ("beta_constraint", Constraints.serialize(betaConstraint)), ("gamma_constraint", Constraints.serialize(gammaConstraint)),
            ("synchronized", .bool(false)), ("renorm", .bool(false)), ("renorm_clipping", .null), ("renorm_momentum", kerasFloat(0.99)),
        ]
    }
}

extension BatchNormalization: @unchecked Sendable {}
