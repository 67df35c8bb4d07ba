import TensorCore

/// Flattens each sample to one dimension: `(batch, 28, 28)` → `(batch, 784)`.
public final class Flatten: Layer {
    /// `Flatten(inputShape: [28, 28])` as in the book; the shape excludes the batch dimension.
    public init(inputShape: [Int]? = nil, name: String? = nil) {
        super.init(name: name, inputShape: inputShape)
    }

    /// Rebuilds a Flatten layer from its Keras config.
    public convenience init(config c: ConfigReader) throws {
        try self.init(inputShape: c.declaredInputShape(), name: c.has("name") ? c.string("name") : nil)
        isTrainable = try c.bool("trainable", default: true)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard input.rank >= 1 else {
            throw SwiftLearnError.shapeMismatch("Flatten '\(name)': expected an input with a batch dimension, received a scalar")
        }
        if input.rank == 2 { return input }
        return try input.reshapedDifferentiably(to: [input.shape[0], input.shape.dropFirst().reduce(1, *)])
    }

    public override func outputShape(forInputShape inputShape: [Int?]) throws -> [Int?] {
        let rest = inputShape.dropFirst()
        let size: Int? = rest.contains(where: { $0 == nil }) ? nil : rest.reduce(1) { $0 * $1! }
        return [inputShape.first ?? nil, size]
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("data_format", "channels_last")]
    }
}
