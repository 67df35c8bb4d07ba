import TensorCore

/// Applies an activation function as a layer of its own (Keras' `Activation`).
public final class ActivationLayer: Layer {
    public let activation: Activation

    public init(_ activation: Activation, name: String? = nil) {
        self.activation = activation
        super.init(name: name ?? LayerNames.unique(for: "activation"))
    }

    /// Rebuilds an Activation layer from its Keras config.
    public convenience init(config c: ConfigReader) throws {
        try self.init(Activation(named: c.string("activation")), name: c.has("name") ? c.string("name") : nil)
        isTrainable = try c.bool("trainable", default: true)
    }

    public override var className: String { "Activation" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        try activation(input)
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("activation", .string(activation.name))]
    }
}
