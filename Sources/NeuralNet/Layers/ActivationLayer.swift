import TensorCore

/// Applies an activation function as a layer of its own (Keras' `Activation`).
public final class ActivationLayer: Layer {
    public let activation: Activation

    public init(_ activation: Activation, name: String? = nil) {
        self.activation = activation
        super.init(name: name ?? LayerNames.unique(for: "activation"))
    }

    public override var className: String { "Activation" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        try activation(input)
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("activation", .string(activation.name))]
    }
}
