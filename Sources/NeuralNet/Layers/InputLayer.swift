import TensorCore

/// Declares the shape of a model's input (without the batch dimension), as `keras.Input(shape=)`.
///
/// In a ``Sequential`` it lets the model build at once, so `summary()` works before `fit`.
public final class InputLayer: Layer {
    /// The per-sample shape.
    public let shape: [Int]

    public init(shape: [Int], name: String? = nil) {
        self.shape = shape
        super.init(name: name, inputShape: shape)
    }

    /// Rebuilds an input layer from its Keras config (`batch_shape`, or tf.keras 2's `batch_input_shape`).
    public convenience init(config c: ConfigReader) throws {
        guard let shape = try c.declaredInputShape() else {
            throw c.missing("batch_shape")
        }
        try self.init(shape: shape, name: c.has("name") ? c.string("name") : nil)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard Array(input.shape.dropFirst()) == shape else {
            throw SwiftLearnError.shapeMismatch("InputLayer '\(name)': expected input of shape \(formatShape([nil] + shape.map { Optional($0) })), received \(formatShape(input.shape))")
        }
        return input
    }

    public override var config: [(String, JSONValue)] { InputLayer.config(shape: shape, name: name) }

    /// The config Keras writes for an input layer of `shape` named `name`.
    static func config(shape: [Int], name: String) -> [(String, JSONValue)] {
        [("batch_shape", .shape([nil] + shape.map { Optional($0) })), ("dtype", "float32"), ("sparse", false),
         ("ragged", false), ("name", .string(name)), ("optional", false)]
    }
}
