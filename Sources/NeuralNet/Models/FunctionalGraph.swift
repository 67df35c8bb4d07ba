import TensorCore

/// The graph of a functional model: its inputs, outputs and the layer calls between them in an
/// order where every call comes after the calls that produce its inputs.
final class FunctionalGraph {
    let inputs: [SymbolicTensor]
    let outputs: [SymbolicTensor]
    /// Whether the model was given arrays (Keras records `[[name, 0, 0]]` instead of `[name, 0, 0]`).
    let inputsAsList: Bool, outputsAsList: Bool
    /// Every call except the inputs', topologically ordered.
    let nodes: [GraphNode]
    /// Each distinct layer once, in order of first use (inputs first), as Keras' `model.layers`.
    let layers: [Layer]
    private let position: [ObjectIdentifier: Int]

    init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], inputsAsList: Bool, outputsAsList: Bool, modelName: String) throws {
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw SwiftLearnError.invalidArgument("Model '\(modelName)': needs at least one input and one output")
        }
        let inputNodes = inputs.map { ObjectIdentifier($0.node) }
        for (i, t) in inputs.enumerated() where !(t.node.layer is InputLayer) {
            throw SwiftLearnError.invalidArgument("Model '\(modelName)': input \(i) is not an Input(shape:) but the output of layer '\(t.node.layer.name)'")
        }
        guard Set(inputNodes).count == inputNodes.count else {
            throw SwiftLearnError.invalidArgument("Model '\(modelName)': the same Input is listed twice")
        }
        // Depth-first from the outputs; every path must end at one of the model's inputs.
        var order: [GraphNode] = [], visited: [GraphNode] = [], state: [ObjectIdentifier: Bool] = [:]   // false: on the stack, true: done
        func visit(_ node: GraphNode, from output: Int) throws {
            let id = ObjectIdentifier(node)
            if state[id] == true { return }
            if state[id] == false {
                throw SwiftLearnError.invalidArgument("Model '\(modelName)': the graph has a cycle through layer '\(node.layer.name)'")
            }
            if node.layer is InputLayer, node.inputs.isEmpty {
                guard inputNodes.contains(id) else {
                    throw SwiftLearnError.invalidArgument("Model '\(modelName)': output \(output) ('\(outputs[output].node.layer.name)') depends on input '\(node.layer.name)', which is not among the model's inputs: expected every output to be computed from the inputs (\(inputs.map { "'\($0.node.layer.name)'" }.joined(separator: ", "))), received an output that needs '\(node.layer.name)'")
                }
                state[id] = true
                visited.append(node)
                return
            }
            state[id] = false
            for input in node.inputs { try visit(input.node, from: output) }
            state[id] = true
            order.append(node)
            visited.append(node)
        }
        for (i, output) in outputs.enumerated() { try visit(output.node, from: i) }
        for input in inputs where state[ObjectIdentifier(input.node)] != true {
            throw SwiftLearnError.invalidArgument("Model '\(modelName)': input '\(input.node.layer.name)' is not used by any output: expected every input to reach one of the outputs (\(outputs.map { "'\($0.node.layer.name)'" }.joined(separator: ", "))), received an input none of them depends on")
        }
        // Keras' layer order: by depth (the longest path to an output), deepest first; ties in
        // the order the depth-first walk met them.
        var depth: [ObjectIdentifier: Int] = [:]
        for output in outputs { depth[ObjectIdentifier(output.node)] = 0 }
        for node in visited.reversed() {
            let d = depth[ObjectIdentifier(node), default: 0]
            for input in node.inputs { depth[ObjectIdentifier(input.node)] = Swift.max(depth[ObjectIdentifier(input.node), default: 0], d + 1) }
        }
        var layerDepth: [ObjectIdentifier: Int] = [:], firstSeen: [ObjectIdentifier: Int] = [:], distinct: [Layer] = []
        for (i, node) in visited.enumerated() {
            let id = ObjectIdentifier(node.layer)
            layerDepth[id] = Swift.max(layerDepth[id] ?? 0, depth[ObjectIdentifier(node)] ?? 0)
            if firstSeen[id] == nil { firstSeen[id] = i; distinct.append(node.layer) }
        }
        let layers = distinct.sorted { a, b in
            let (da, db) = (layerDepth[ObjectIdentifier(a)] ?? 0, layerDepth[ObjectIdentifier(b)] ?? 0)
            return da != db ? da > db : (firstSeen[ObjectIdentifier(a)] ?? 0) < (firstSeen[ObjectIdentifier(b)] ?? 0)
        }
        var names: [String: Layer] = [:]
        for layer in layers {
            if let other = names[layer.name], other !== layer {
                throw SwiftLearnError.invalidArgument("Model '\(modelName)': two layers are named '\(layer.name)' (a \(other.className) and a \(layer.className)); layer names must be unique: expected one layer per name, received two named '\(layer.name)'")
            }
            names[layer.name] = layer
        }
        self.inputs = inputs
        self.outputs = outputs
        self.inputsAsList = inputsAsList
        self.outputsAsList = outputsAsList
        self.nodes = order
        self.layers = layers
        var position: [ObjectIdentifier: Int] = [:]
        for (i, input) in inputs.enumerated() { position[ObjectIdentifier(input.node)] = i }
        for (i, node) in order.enumerated() { position[ObjectIdentifier(node)] = inputs.count + i }
        self.position = position
    }

    /// Runs the graph on one tensor per input; returns one tensor per output.
    func run(_ values: [Tensor], training: Bool) throws -> [Tensor] {
        guard values.count == inputs.count else {
            throw SwiftLearnError.invalidArgument("functional model: expected \(inputs.count) input tensors, received \(values.count)")
        }
        var results = [Tensor?](repeating: nil, count: inputs.count + nodes.count)
        for (i, (input, value)) in zip(inputs, values).enumerated() {
            let expected = Array(input.shape.dropFirst())
            guard value.rank == input.shape.count, zip(expected, value.shape.dropFirst()).allSatisfy({ $0 == nil || $0 == $1 }) else {
                throw SwiftLearnError.shapeMismatch("input '\(input.node.layer.name)' expects shape \(formatShape(input.shape)), received \(formatShape(value.shape))")
            }
            results[i] = value
        }
        func value(of t: SymbolicTensor) throws -> Tensor {
            guard let p = position[ObjectIdentifier(t.node)], let v = results[p] else {
                throw SwiftLearnError.invalidState("functional model: a layer's input was not computed before it")
            }
            return v
        }
        for (i, node) in nodes.enumerated() {
            let args = try node.inputs.map(value(of:))
            if let merge = node.layer as? Merge {
                results[inputs.count + i] = try merge(args, training: training)
            } else {
                results[inputs.count + i] = try node.layer(args[0], training: training)
            }
        }
        return try outputs.map(value(of:))
    }
}
