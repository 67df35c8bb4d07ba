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
    }

    /// The loss, optimizer and metrics, once compiled.
    public internal(set) var compiled: Compiled?
    /// Set to true (e.g. by a callback) to end `fit` after the current epoch.
    public var stopTraining = false
    /// The tape reused by every training step.
    let tape = GradientTape()

    public override init(name: String? = nil, inputShape: [Int]? = nil) {
        super.init(name: name, inputShape: inputShape)
    }

    /// The model's layers, in order. By default the `Layer` properties of the subclass.
    open var layers: [Layer] {
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

    /// Sets the loss, optimizer and metrics for training.
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
