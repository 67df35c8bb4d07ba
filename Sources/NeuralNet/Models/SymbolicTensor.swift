import TensorCore

/// A placeholder for a tensor in a functional model (Keras' `KerasTensor`): the output of
/// ``Input(shape:name:)`` or of a layer called on symbolic tensors. It holds a shape (batch
/// dimension `nil`) and where it comes from; no values.
public struct SymbolicTensor: CustomStringConvertible {
    /// The shape, batch dimension first (`nil` when unknown).
    public let shape: [Int?]
    /// The call that produced it.
    let node: GraphNode

    public var description: String { "<SymbolicTensor shape=\(formatShape(shape)), source=\(node.layer.name)>" }
}

/// One call of a layer on symbolic tensors: the layer, its inputs, and which of the layer's
/// calls it is (Keras' node index, for layers shared between several places).
final class GraphNode {
    let layer: Layer
    let inputs: [SymbolicTensor]
    /// Whether the layer was called on an array (merge layers), as Keras records it.
    let takesList: Bool
    let index: Int
    let outputShape: [Int?]

    init(layer: Layer, inputs: [SymbolicTensor], takesList: Bool, outputShape: [Int?]) {
        self.layer = layer
        self.inputs = inputs
        self.takesList = takesList
        self.index = layer.graphCallCount
        self.outputShape = outputShape
        layer.graphCallCount += 1
    }
}

/// A symbolic input of a functional model (Keras' `keras.Input`): `shape` without the batch
/// dimension.
public func Input(shape: [Int], name: String? = nil) -> SymbolicTensor {
    let layer = InputLayer(shape: shape, name: name)
    layer.isBuilt = true
    layer.builtInputShape = [nil] + shape.map { Optional($0) }
    let node = GraphNode(layer: layer, inputs: [], takesList: false, outputShape: [nil] + shape.map { Optional($0) })
    return SymbolicTensor(shape: node.outputShape, node: node)
}

extension Layer {
    /// Calls the layer on a symbolic tensor, building it for that shape: the step of a
    /// functional model's graph (`Dense(30, activation: .relu)(input)`).
    public func callAsFunction(_ input: SymbolicTensor) throws -> SymbolicTensor {
        if self is Merge {
            throw SwiftLearnError.invalidArgument("\(className) '\(name)': call it on an array of inputs, e.g. \(className)()([a, b])")
        }
        if isBuilt, let built = builtInputShape, Array(built.dropFirst()) != Array(input.shape.dropFirst()) {
            throw SwiftLearnError.shapeMismatch("layer '\(name)' (\(className)) was built for inputs of shape \(formatShape(built)), called on \(formatShape(input.shape)): expected \(formatShape(built)), received \(formatShape(input.shape))")
        }
        try buildIfNeeded(inputShape: input.shape)
        let shape = try outputShape(forInputShape: input.shape)
        let node = GraphNode(layer: self, inputs: [input], takesList: false, outputShape: shape)
        return SymbolicTensor(shape: shape, node: node)
    }
}

extension Merge {
    /// Joins symbolic tensors: a step of a functional model's graph (`Concatenate()([input, hidden])`).
    public func callAsFunction(_ inputs: [SymbolicTensor]) throws -> SymbolicTensor {
        try checkCount(inputs.count)
        let shape = try mergedShape(inputs.map(\.shape))
        if !isBuilt { isBuilt = true }
        let node = GraphNode(layer: self, inputs: inputs, takesList: true, outputShape: shape)
        return SymbolicTensor(shape: shape, node: node)
    }
}
