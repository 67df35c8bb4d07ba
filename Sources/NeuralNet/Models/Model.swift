import TensorCore

/// A layer with training: compile / fit / evaluate / predict, summary, weights by layer.
///
/// Subclass it and override ``call(_:training:)`` for a custom model (its `Layer`-typed stored
/// properties are found as its layers); use ``Sequential`` for a plain stack. A model is a layer,
/// so models nest.
open class Model: Layer {
    /// The configuration `compile` set.
    public struct Compiled {
        public var loss: Loss
        public var optimizer: Optimizer
        public var metrics: [Metric]
        /// One loss per output, in output order; nil when `loss` applies to every output.
        public var losses: [Loss]? = nil
        /// The weight of each output's loss in the total `Σ wᵢ·Lᵢ`; nil for 1 each.
        public var lossWeights: [Float]? = nil
        /// The metrics of each output, in output order; nil when `metrics` apply to every output.
        public var outputMetrics: [[Metric]]? = nil
    }

    /// The loss, optimizer and metrics, once compiled.
    public internal(set) var compiled: Compiled?
    /// Set to true (e.g. by a callback) to end `fit` after the current epoch.
    public var stopTraining = false
    /// The tape reused by every training step.
    let tape = GradientTape()

    /// The graph of a functional model (`Model(inputs:outputs:)`); nil for other models.
    var graph: FunctionalGraph?

    public override init(name: String? = nil, inputShape: [Int]? = nil) {
        super.init(name: name, inputShape: inputShape)
    }

    /// A functional model (Keras' `keras.Model(inputs=..., outputs=...)`): the layers called
    /// between `inputs` (from ``Input(shape:name:)``) and `outputs`, any directed acyclic graph.
    /// A layer used at several places shares its weights. Throws for an output that does not
    /// come from the inputs, an input that no output uses, or two layers with one name.
    public convenience init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], name: String? = nil) throws {
        try self.init(inputs: inputs, outputs: outputs, inputsAsList: true, outputsAsList: true, name: name)
    }

    /// A functional model with one input and one output.
    public convenience init(inputs: SymbolicTensor, outputs: SymbolicTensor, name: String? = nil) throws {
        try self.init(inputs: [inputs], outputs: [outputs], inputsAsList: false, outputsAsList: false, name: name)
    }

    /// A functional model with several inputs and one output.
    public convenience init(inputs: [SymbolicTensor], outputs: SymbolicTensor, name: String? = nil) throws {
        try self.init(inputs: inputs, outputs: [outputs], inputsAsList: true, outputsAsList: false, name: name)
    }

    convenience init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], inputsAsList: Bool, outputsAsList: Bool, name: String?) throws {
        let modelName = name ?? LayerNames.unique(for: "functional")
        let graph = try FunctionalGraph(inputs: inputs, outputs: outputs, inputsAsList: inputsAsList, outputsAsList: outputsAsList, modelName: modelName)
        self.init(name: modelName)
        self.graph = graph
        isBuilt = true
        builtInputShape = inputs.count == 1 ? inputs[0].shape : nil
    }

    /// Runs a functional model on one tensor per input; one tensor per output.
    public func callAsFunction(_ inputs: [Tensor], training: Bool = false) throws -> [Tensor] {
        guard let graph else {
            guard inputs.count == 1 else { throw SwiftLearnError.invalidArgument("model '\(name)' takes one input, received \(inputs.count)") }
            return [try self(inputs[0], training: training)]
        }
        return try graph.run(inputs, training: training)
    }

    /// A functional model with one input and one output runs its graph; other models override this.
    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let graph else { return try super.call(input, training: training) }
        guard graph.inputs.count == 1, graph.outputs.count == 1 else {
            throw SwiftLearnError.invalidArgument("model '\(name)' has \(graph.inputs.count) inputs and \(graph.outputs.count) outputs: call it with an array, model([x1, x2])")
        }
        return try graph.run([input], training: training)[0]
    }

    open override var className: String { graph == nil ? super.className : "Functional" }

    /// A functional model's config is Keras 3's (`layers` with `inbound_nodes`, `input_layers`, `output_layers`).
    open override var config: [(String, JSONValue)] {
        graph?.config(name: name, trainable: isTrainable) ?? super.config
    }

    /// Whether this is a subclassed model: neither functional nor a ``Sequential`` stack.
    final var isSubclassed: Bool { graph == nil && !(self is Sequential) }

    /// A functional model or a ``Sequential`` is serializable when its layers are. A subclassed
    /// model (Keras' subclassing API) is serializable only when it overrides ``Layer/config``
    /// with its constructor's arguments and its class is registered with
    /// ``LayerRegistry/register(className:_:)`` to rebuild it from them; its sublayers are
    /// created by that factory, not read from the config, so they are not checked.
    open override func checkSerializable() throws {
        guard isSubclassed else { return try super.checkSerializable() }
        guard LayerRegistry.classNames.contains(className) else {
            throw SwiftLearnError.invalidState("model '\(name)' is a subclassed model (\(className)) with no registered config: override config and register the class, or save weights only. Expected config to return the arguments that rebuild it (super.config + your own keys) and LayerRegistry.register(className: \"\(className)\") { try \(className)(config: $0) }; received an unregistered class")
        }
    }

    /// The model's layers, in order. By default the `Layer` properties of the subclass.
    open var layers: [Layer] {
        if let graph { return graph.layers }
        var out: [Layer] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let m = mirror {
            for child in m.children {
                if let l = child.value as? Layer { out.append(l) }
                if let ls = child.value as? [Layer] { out.append(contentsOf: ls) }
            }
            mirror = m.superclassMirror
        }
        return out
    }

    open override var sublayers: [Layer] { layers }

    /// Unknown for a custom model unless it overrides this.
    open override func outputShape(forInputShape inputShape: [Int?]) throws -> [Int?] {
        if let graph, graph.outputs.count == 1 { return [inputShape.first ?? nil] + graph.outputs[0].shape.dropFirst() }
        throw SwiftLearnError.invalidState("model '\(name)' does not declare its output shape")
    }

    /// The layer called `name` (Keras' `get_layer`).
    public func layer(named name: String) throws -> Layer {
        guard let l = layers.first(where: { $0.name == name }) else {
            throw SwiftLearnError.unknownName("layer '\(name)' in model '\(self.name)'; its layers are \(layers.map(\.name).joined(separator: ", "))")
        }
        return l
    }

    /// The layer called `name`, as its concrete type: `try model.layer(named: "hidden", as: Dense.self)`.
    public func layer<L: Layer>(named name: String, as type: L.Type) throws -> L {
        let found = try layer(named: name)
        guard let typed = found as? L else {
            throw SwiftLearnError.invalidArgument("layer '\(name)' in model '\(self.name)' is a \(found.className), not a \(L.self)")
        }
        return typed
    }

    /// The layer at `index` (Keras' `get_layer(index=)`).
    public func layer(at index: Int) throws -> Layer {
        guard layers.indices.contains(index) else {
            throw SwiftLearnError.invalidArgument("layer(at:): index \(index) is outside 0..<\(layers.count) in model '\(name)'")
        }
        return layers[index]
    }

    /// Sets the loss, optimizer and metrics for training. On a model with several outputs the
    /// loss and the metrics apply to every output, each loss weighing 1 (as Keras); use
    /// `compile(losses:optimizer:lossWeights:metrics:)` for one loss per output.
    public func compile(loss: Loss, optimizer: Optimizer = SGD(), metrics: [Metric] = []) throws {
        try optimizer.validate()
        // State belongs to one model's variables: a (re)compiled optimizer starts afresh.
        optimizer.reset()
        let names = metrics.map(\.name)
        if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw SwiftLearnError.invalidArgument("compile: metric '\(dup)' is listed twice")
        }
        compiled = Compiled(loss: loss, optimizer: optimizer, metrics: metrics)
    }

    /// Keras-style compile with names: `compile(loss: "sparse_categorical_crossentropy", optimizer: "sgd", metrics: ["accuracy"])`.
    public func compile(loss: String, optimizer: String = "sgd", metrics: [String] = []) throws {
        try compile(loss: Loss(named: loss), optimizer: Optimizer.named(optimizer), metrics: metrics.map { try Metric(named: $0) })
    }

    /// Keras-style compile with a loss name and an optimizer object.
    public func compile(loss: String, optimizer: Optimizer, metrics: [String] = []) throws {
        try compile(loss: Loss(named: loss), optimizer: optimizer, metrics: metrics.map { try Metric(named: $0) })
    }
}
