import TensorCore

/// A functional model's config in Keras 3's form (`layers` with `inbound_nodes`, `input_layers`,
/// `output_layers`), and the model rebuilt from it.
extension FunctionalGraph {
    /// `{"class_name": "__keras_tensor__", ...}` for a symbolic tensor.
    static func kerasTensor(_ t: SymbolicTensor) -> JSONValue {
        .object([("class_name", "__keras_tensor__"),
                 ("config", .object([("shape", .shape(t.shape)), ("dtype", "float32"),
                                     ("keras_history", history(t))]))])
    }

    static func history(_ t: SymbolicTensor) -> JSONValue {
        .array([.string(t.node.layer.name), .number(Double(t.node.index)), .number(0)])
    }

    func config(name: String, trainable: Bool) -> [(String, JSONValue)] {
        let allNodes = inputs.map(\.node) + nodes
        let entries: [JSONValue] = layers.map { layer in
            let calls = allNodes.filter { $0.layer === layer }.sorted { $0.index < $1.index }
            var entry: [(String, JSONValue)] = [("module", "keras.layers"), ("class_name", .string(layer.className)),
                                                ("config", .object(layer.config)), ("registered_name", .null)]
            if !(layer is InputLayer), let first = calls.first {
                let shapes = first.inputs.map { JSONValue.shape($0.shape) }
                entry.append(("build_config", .object([("input_shape", first.takesList ? .array(shapes) : shapes[0])])))
            }
            entry.append(("name", .string(layer.name)))
            let inbound: [JSONValue] = calls.filter { !$0.inputs.isEmpty }.map { call in
                let args = call.inputs.map(FunctionalGraph.kerasTensor)
                return .object([("args", .array(call.takesList ? [.array(args)] : args)), ("kwargs", .object([]))])
            }
            entry.append(("inbound_nodes", .array(inbound)))
            return .object(entry)
        }
        func ends(_ tensors: [SymbolicTensor], asList: Bool) -> JSONValue {
            asList ? .array(tensors.map(FunctionalGraph.history)) : FunctionalGraph.history(tensors[0])
        }
        return [("name", .string(name)), ("trainable", .bool(trainable)), ("layers", .array(entries)),
                ("input_layers", ends(inputs, asList: inputsAsList)), ("output_layers", ends(outputs, asList: outputsAsList))]
    }
}

extension Model {
    /// Rebuilds a functional model from Keras 3's config (also the older tf.keras 2 form of
    /// `inbound_nodes`, `[[["name", 0, 0, {}]]]`): layers from the registry, then their calls in
    /// an order where every call's inputs exist.
    static func functional(config c: ConfigReader) throws -> Model {
        let entries = try c.array("layers")
        var layers: [(entry: ConfigReader, layer: Layer)] = []
        var produced: [String: SymbolicTensor] = [:]   // "name#nodeIndex" → output
        for (i, e) in entries.enumerated() {
            let entry = try ConfigReader(e, context: "\(c.context) layer \(i)")
            let className = try entry.string("class_name")
            guard let inner = entry.object["config"] else { throw entry.missing("config") }
            if className == "InputLayer" {
                let config = try ConfigReader(inner, context: "\(entry.context) (InputLayer)")
                guard let shape = try config.declaredInputShape() else { throw config.missing("batch_shape") }
                let input = Input(shape: shape, name: try config.string("name"))
                produced["\(input.node.layer.name)#0"] = input
                continue
            }
            layers.append((entry, try LayerRegistry.layer(from: .object([("class_name", .string(className)), ("config", inner)]))))
        }
        // Each layer's calls, in order; a call waits until the tensors it reads exist.
        var pending = try layers.map { item in (item.layer, try item.entry.array("inbound_nodes"), 0) }
        var progress = true
        while progress, pending.contains(where: { $0.2 < $0.1.count }) {
            progress = false
            for k in pending.indices {
                while pending[k].2 < pending[k].1.count {
                    let (layer, calls, next) = pending[k]
                    guard let args = try resolveCall(calls[next], produced: produced, context: "\(c.context) layer '\(layer.name)'") else { break }
                    let output: SymbolicTensor
                    if let merge = layer as? Merge {
                        output = try merge(args.tensors)
                    } else {
                        guard args.tensors.count == 1, !args.isList else {
                            throw SwiftLearnError.invalidConfig("\(c.context): layer '\(layer.name)' takes one input, its config gives \(args.tensors.count)")
                        }
                        output = try layer(args.tensors[0])
                    }
                    produced["\(layer.name)#\(output.node.index)"] = output
                    pending[k].2 += 1
                    progress = true
                }
            }
        }
        if let stuck = pending.first(where: { $0.2 < $0.1.count }) {
            throw SwiftLearnError.invalidConfig("\(c.context): layer '\(stuck.0.name)' reads a tensor that no layer produces")
        }
        func ends(_ key: String) throws -> (tensors: [SymbolicTensor], asList: Bool) {
            guard let value = c.object[key] else { throw c.missing(key) }
            let refs: [JSONValue], asList: Bool
            if case .array(let items) = value, case .array? = items.first { refs = items; asList = true } else { refs = [value]; asList = false }
            let tensors = try refs.map { ref -> SymbolicTensor in
                guard case .array(let parts) = ref, let name = parts.first?.stringValue, parts.count >= 2, let index = parts[1].intValue,
                      let t = produced["\(name)#\(index)"] else {
                    throw SwiftLearnError.invalidConfig("\(c.context): key '\(key)' names a tensor that no layer produces: \(ref.jsonText)")
                }
                return t
            }
            return (tensors, asList)
        }
        let (inputs, inputsAsList) = try ends("input_layers"), (outputs, outputsAsList) = try ends("output_layers")
        let model = try Model(inputs: inputs, outputs: outputs, inputsAsList: inputsAsList, outputsAsList: outputsAsList,
                              name: c.has("name") ? c.string("name") : nil)
        model.restoreTrainableFlag(try c.bool("trainable", default: true))
        return model
    }

    /// The symbolic tensors one recorded call reads, or nil while one of them does not exist yet.
    private static func resolveCall(_ call: JSONValue, produced: [String: SymbolicTensor], context: String) throws -> (tensors: [SymbolicTensor], isList: Bool)? {
        func reference(_ v: JSONValue) throws -> String {
            // Keras 3: {"class_name": "__keras_tensor__", "config": {"keras_history": [name, node, 0]}};
            // tf.keras 2: [name, node, 0, {}].
            let history = v["config"]?["keras_history"] ?? v
            guard case .array(let parts) = history, let name = parts.first?.stringValue, parts.count >= 2, let index = parts[1].intValue else {
                throw SwiftLearnError.invalidConfig("\(context): cannot read an inbound tensor from \(v.jsonText.prefix(120))")
            }
            return "\(name)#\(index)"
        }
        let refs: [String], isList: Bool
        if let args = call["args"]?.arrayValue, let first = args.first {
            if case .array(let items) = first { refs = try items.map(reference); isList = true } else { refs = try [reference(first)]; isList = false }
        } else if case .array(let items) = call {
            refs = try items.map(reference)   // tf.keras 2: a list of [name, node, 0, {}]
            isList = items.count > 1
        } else {
            throw SwiftLearnError.invalidConfig("\(context): cannot read an inbound node from \(call.jsonText.prefix(120))")
        }
        var tensors: [SymbolicTensor] = []
        for r in refs {
            guard let t = produced[r] else { return nil }
            tensors.append(t)
        }
        return (tensors, isList)
    }
}
