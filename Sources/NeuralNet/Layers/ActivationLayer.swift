import TensorCore

/// Applies an activation function as a layer of its own (Keras' `Activation`).
public final class ActivationLayer: Layer {
    public let activation: Activation

    public init(_ activation: Activation, name: String? = nil) {
        self.activation = activation
        super.init(name: name ?? LayerNames.unique(for: "activation"))
    }

    /// Rebuilds an Activation layer from its Keras config; `activation` is a name or a serialized
    /// LeakyReLU or ELU layer (see ``Activation/config``).
    public convenience init(config c: ConfigReader) throws {
        guard c.has("activation") else { throw c.missing("activation") }
        try self.init(c.decode("activation", default: "linear") { try Activation(config: $0) },
                      name: c.has("name") ? c.string("name") : nil)
        isTrainable = try c.bool("trainable", default: true)
    }

    /// Rebuilds Keras' `LeakyReLU` or `ELU` layer (`className`) as an Activation layer with the
    /// same parameter (`negative_slope`, `alpha`).
    public convenience init(activationLayerClass className: String, config c: ConfigReader) throws {
        try self.init(Activation(layerClass: className, config: c), name: c.has("name") ? c.string("name") : nil)
        isTrainable = try c.bool("trainable", default: true)
    }

    public override var className: String { "Activation" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        try activation(input)
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("activation", activation.config)]
    }
}
