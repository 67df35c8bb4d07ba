import TensorCore

/// A plain stack of layers, each feeding the next (Keras' `Sequential`).
///
/// ```swift
/// let model = Sequential([
///     Flatten(inputShape: [28, 28]),
///     Dense(300, activation: .relu),
///     Dense(100, activation: .relu),
///     Dense(10, activation: .softmax),
/// ])
/// ```
/// When the input shape is known (an ``InputLayer`` first, or `inputShape:` on the first layer)
/// the model builds at once; otherwise on its first call.
public final class Sequential: Model {
    private var stack: [Layer] = []
    private var inputLayer: InputLayer?

    public init(_ layers: [Layer] = [], name: String? = nil) throws {
        super.init(name: name)
        for l in layers { try add(l) }
    }

    /// Rebuilds a Sequential model (its architecture, not its weights) from its Keras config.
    public convenience init(config c: ConfigReader) throws {
        let entries = try c.array("layers")
        try self.init(entries.map { try LayerRegistry.layer(from: $0) }, name: c.has("name") ? c.string("name") : nil)
        restoreTrainableFlag(try c.bool("trainable", default: true))
        if !isBuilt, c.has("build_input_shape") {
            try buildIfNeeded(inputShape: c.shape("build_input_shape"))
        }
    }

    /// Appends a layer; builds the model when the input shape is known.
    public func add(_ layer: Layer) throws {
        if let input = layer as? InputLayer {
            guard stack.isEmpty, inputLayer == nil else {
                throw SwiftLearnError.invalidArgument("Sequential '\(name)': an InputLayer can only be the first layer")
            }
            inputLayer = input
        } else {
            if stack.contains(where: { $0 === layer }) {
                throw SwiftLearnError.invalidArgument("Sequential '\(name)': layer '\(layer.name)' is already in the model")
            }
            stack.append(layer)
        }
        isBuilt = false
        if let shape = declaredModelInputShape { try buildIfNeeded(inputShape: [nil] + shape.map { Optional($0) }) }
    }

    /// Removes and returns the last layer (Keras' `pop()`); the model is rebuilt when its input
    /// shape is known, so its output shape and summary follow.
    @discardableResult
    public func pop() throws -> Layer {
        guard let last = stack.popLast() else {
            throw SwiftLearnError.invalidState("Sequential '\(name)'.pop(): the model has no layers")
        }
        let wasBuilt = builtInputShape
        isBuilt = false
        if let shape = wasBuilt ?? declaredModelInputShape.map({ [nil] + $0.map { Optional($0) } }), !stack.isEmpty {
            try buildIfNeeded(inputShape: shape)
        }
        return last
    }

    /// The layers, without the input layer (as Keras' `model.layers`).
    public override var layers: [Layer] { stack }

    /// The per-sample input shape, if declared.
    var declaredModelInputShape: [Int]? { inputLayer?.shape ?? stack.first?.declaredInputShape }

    public override func build(inputShape: [Int?]) throws {
        if let declared = declaredModelInputShape, Array(inputShape.dropFirst()) != declared.map({ Optional($0) }) {
            throw SwiftLearnError.shapeMismatch("Sequential '\(name)': expected input of shape \(formatShape([nil] + declared.map { Optional($0) })), received \(formatShape(inputShape))")
        }
        var shape = inputShape
        for layer in stack {
            try layer.buildIfNeeded(inputShape: shape)
            shape = try layer.outputShape(forInputShape: shape)
        }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        var x = input
        for layer in stack { x = try layer(x, training: training) }
        return x
    }

    public override func outputShape(forInputShape inputShape: [Int?]) throws -> [Int?] {
        var shape = inputShape
        for layer in stack { shape = try layer.outputShape(forInputShape: shape) }
        return shape
    }

    /// Output shapes of each layer for the built input shape.
    func layerOutputShapes() -> [[Int?]]? {
        guard var shape = builtInputShape else { return nil }
        var out: [[Int?]] = []
        for layer in stack {
            guard let next = try? layer.outputShape(forInputShape: shape) else { return nil }
            out.append(next)
            shape = next
        }
        return out
    }

    public override var config: [(String, JSONValue)] {
        var entries: [JSONValue] = []
        if let shape = declaredModelInputShape {
            let input = InputLayer.config(shape: shape, name: inputLayer?.name ?? "input_layer")
            entries.append(.object([("class_name", "InputLayer"), ("config", .object(input))]))
        }
        entries += stack.map { .object([("class_name", .string($0.className)), ("config", .object($0.config))]) }
        var c: [(String, JSONValue)] = [("name", .string(name)), ("trainable", .bool(isTrainable)),
                                       ("dtype", LayerNames.dtypePolicy), ("layers", .array(entries))]
        if let shape = builtInputShape { c.append(("build_input_shape", .shape(shape))) }
        return c
    }
}
