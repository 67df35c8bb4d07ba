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
    /// `[inputs, units]`, created by build.
    public private(set) var kernel: Variable?
    /// `[units]`, created by build when `useBias`.
    public private(set) var bias: Variable?

    /// `Dense(300, activation: .relu)`; `inputShape` (without batch) lets a Sequential build early.
    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                inputShape: [Int]? = nil, name: String? = nil) {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
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
        kernel = try addWeight(name: "kernel", shape: [inputs, units], initializer: kernelInitializer)
        if useBias { bias = try addWeight(name: "bias", shape: [units], initializer: biasInitializer) }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw SwiftLearnError.invalidState("Dense '\(name)' is not built") }
        guard input.rank >= 2, input.shape.last == kernel.shape[0] else {
            throw SwiftLearnError.shapeMismatch("Dense '\(name)': expected input of shape \(formatShape([nil] + [kernel.shape[0]].map { Optional($0) })), received \(formatShape(input.shape))")
        }
        return try activation(affine(input, kernel: kernel.value, bias: bias?.value))
    }

    public override func outputShape(forInputShape inputShape: [Int?]) throws -> [Int?] {
        Array(inputShape.dropLast()) + [units]
    }

    public override var config: [(String, JSONValue)] {
        super.config + [
            ("units", .number(Double(units))), ("activation", activation.config), ("use_bias", .bool(useBias)),
            ("kernel_initializer", kernelInitializer.config), ("bias_initializer", biasInitializer.config),
            ("kernel_regularizer", .null), ("bias_regularizer", .null),
            ("kernel_constraint", .null), ("bias_constraint", .null), ("quantization_config", .null),
        ]
    }
}
