import TensorCore

/// A fully connected layer: `activation(x · kernel + bias)`, kernel of shape `[inputs, units]`.
public final class Dense: Layer {
    /// The number of outputs.
    public let units: Int
    /// Applied to the affine output.
    public let activation: Activation
    /// Whether the layer adds a bias.
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    /// Penalty of the kernel added to the training loss (Keras' `kernel_regularizer`).
    public let kernelRegularizer: Regularizer?
    /// Penalty of the bias added to the training loss (Keras' `bias_regularizer`).
    public let biasRegularizer: Regularizer?
    /// Penalty of the layer's output, divided by the batch size, added to the training loss
    /// (Keras 3's `activity_regularizer`).
    public let activityRegularizer: Regularizer?
    /// Projection of the kernel after each optimizer update (Keras' `kernel_constraint`).
    public let kernelConstraint: Constraint?
    /// Projection of the bias after each optimizer update (Keras' `bias_constraint`).
    public let biasConstraint: Constraint?
    /// `[inputs, units]`, created by build.
    public private(set) var kernel: Variable?
    /// `[units]`, created by build when `useBias`.
    public private(set) var bias: Variable?

    /// `Dense(300, activation: .relu)`; `inputShape` (without batch) lets a Sequential build early.
    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                activityRegularizer: Regularizer? = nil,
                kernelConstraint: Constraint? = nil, biasConstraint: Constraint? = nil,
                inputShape: [Int]? = nil, name: String? = nil) {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.activityRegularizer = activityRegularizer
        self.kernelConstraint = kernelConstraint
        self.biasConstraint = biasConstraint
        super.init(name: name, inputShape: inputShape)
    }

    /// Rebuilds a Dense layer from its Keras config (Keras 3 or tf.keras 2 keys).
    ///
    /// `units` must be a positive integer of at most ``ConfigReader/maximumSize``; every problem is
    /// reported as ``SwiftLearnError/invalidConfig(_:)`` naming the layer and the key.
    public convenience init(config c: ConfigReader) throws {
        try self.init(c.size("units"),
                      activation: c.decode("activation", default: "linear") { try Activation(config: $0) },
                      useBias: c.bool("use_bias", default: true),
                      kernelInitializer: c.decode("kernel_initializer", default: "glorot_uniform") { try Initializer(config: $0) },
                      biasInitializer: c.decode("bias_initializer", default: "zeros") { try Initializer(config: $0) },
                      kernelRegularizer: c.optional("kernel_regularizer") { try Regularizers.make(config: $0) },
                      biasRegularizer: c.optional("bias_regularizer") { try Regularizers.make(config: $0) },
                      activityRegularizer: c.optional("activity_regularizer") { try Regularizers.make(config: $0) },
                      kernelConstraint: c.optional("kernel_constraint") { try Constraints.make(config: $0) },
                      biasConstraint: c.optional("bias_constraint") { try Constraints.make(config: $0) },
                      inputShape: c.declaredInputShape(),
                      name: c.has("name") ? c.string("name") : nil)
        isTrainable = try c.bool("trainable", default: true)
    }

    public override func build(inputShape: [Int?]) throws {
        guard units > 0 else {
            throw SwiftLearnError.invalidArgument("Dense '\(name)': expected a positive integer, received units=\(units)")
        }
        guard inputShape.count >= 2, let inputs = inputShape.last ?? nil, inputs > 0 else {
            throw SwiftLearnError.shapeMismatch("Dense '\(name)': expected an input shape (batch, ..., features) with a known last dimension, received \(formatShape(inputShape))")
        }
        kernel = try addWeight(name: "kernel", shape: [inputs, units], initializer: kernelInitializer,
                               regularizer: kernelRegularizer, constraint: kernelConstraint)
        if useBias {
            bias = try addWeight(name: "bias", shape: [units], initializer: biasInitializer,
                                 regularizer: biasRegularizer, constraint: biasConstraint)
        }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw SwiftLearnError.invalidState("Dense '\(name)' is not built") }
        guard input.rank >= 2, input.shape.last == kernel.shape[0] else {
            throw SwiftLearnError.shapeMismatch("Dense '\(name)': expected input of shape \(formatShape([nil] + [kernel.shape[0]].map { Optional($0) })), received \(formatShape(input.shape))")
        }
        let output = try activation(affine(input, kernel: kernel.value, bias: bias?.value))
        if let activityRegularizer, isCollectingLosses, let batch = output.shape.first, batch > 0 {
            addLoss(try activityRegularizer.penalty(output) * (1 / Float(batch)))
        }
        return output
    }

    public override func outputShape(forInputShape inputShape: [Int?]) throws -> [Int?] {
        Array(inputShape.dropLast()) + [units]
    }

    public override var config: [(String, JSONValue)] {
        super.config + (activityRegularizer.map { [("activity_regularizer", $0.serialized)] } ?? []) + [
            ("units", .number(Double(units))), ("activation", activation.config), ("use_bias", .bool(useBias)),
            ("kernel_initializer", kernelInitializer.config), ("bias_initializer", biasInitializer.config),
            ("kernel_regularizer", Regularizers.serialize(kernelRegularizer)), ("bias_regularizer", Regularizers.serialize(biasRegularizer)),
            ("kernel_constraint", Constraints.serialize(kernelConstraint)), ("bias_constraint", Constraints.serialize(biasConstraint)),
            ("quantization_config", .null),
        ]
    }
}
