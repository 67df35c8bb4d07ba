import TensorCore

/// A layer that applies a Swift closure to its input (Keras' `Lambda`):
/// `Lambda { x in x.square() }`. Written with differentiable tensor operations, the closure is
/// differentiated by the tape like any layer; it has no weights.
///
/// A closure cannot be written to a config: ``Layer/getConfig()`` (and any saver that uses it)
/// throws for a model holding a Lambda, and a Lambda config read back (one Keras wrote, holding
/// Python code) is refused by the ``LayerRegistry``. To save such a model, write the computation
/// as a `Layer` subclass with a config and register it with `LayerRegistry.register(className:_:)`,
/// or rebuild the model in code and load only its weights.
public final class Lambda: Layer {
    /// The computation.
    public typealias Function = (Tensor) throws -> Tensor
    private let function: Function
    private let outputShapeFunction: (([Int?]) throws -> [Int?])?

    /// A layer computing `function(input)`. Give `outputShape` (input shape to output shape,
    /// batch dimension included) when it cannot be inferred by running the closure on zeros of
    /// the input shape (for inputs with unknown dimensions besides the batch).
    public init(_ function: @escaping Function, outputShape: (([Int?]) throws -> [Int?])? = nil,
                name: String? = nil, inputShape: [Int]? = nil) {
        self.function = function
        self.outputShapeFunction = outputShape
        super.init(name: name, inputShape: inputShape)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        try function(input)
    }

    /// The given `outputShape`, or the shape of the closure's result on zeros of one sample.
    public override func outputShape(forInputShape inputShape: [Int?]) throws -> [Int?] {
        if let outputShapeFunction { return try outputShapeFunction(inputShape) }
        let dims = inputShape.dropFirst().compactMap { $0 }
        guard !inputShape.isEmpty, dims.count == inputShape.count - 1 else {
            throw SwiftLearnError.invalidState("Lambda '\(name)': cannot infer the output shape for input shape \(formatShape(inputShape)); pass outputShape: to Lambda(_:outputShape:)")
        }
        let probe = try Tensor(zeros: [1] + dims)
        let result = try GradientTape.$current.withValue(nil) { try function(probe) }
        return [inputShape[0]] + result.shape.dropFirst().map { Optional($0) }
    }

    /// Always throws: a closure cannot be serialized.
    public override func checkSerializable() throws {
        throw SwiftLearnError.invalidState("Lambda layer '\(name)' cannot be serialized: it wraps a Swift closure, which cannot be written to a config or file. Write the computation as a Layer subclass with a config registered with LayerRegistry.register(className:_:), or rebuild the model in code and load only its weights")
    }

    /// Keras' keys, with no function (use ``Layer/getConfig()``, which throws, to save).
    public override var config: [(String, JSONValue)] {
        super.config + [("function", .null), ("function_type", .null), ("output_shape", .null), ("arguments", .object([]))]
    }

    /// The registry's entry for `Lambda`: always throws, naming the layer.
    static func refuse(config c: ConfigReader) throws -> Layer {
        throw SwiftLearnError.invalidConfig("\(c.context): a Lambda layer holds code (a Python function or a Swift closure) that cannot be rebuilt from a config; recreate the layer in Swift with Lambda { ... } (or a registered Layer subclass) and load the weights")
    }
}
