import Foundation
import TensorCore

/// The base of every layer and model: weights, the build/call split, a Keras-compatible config.
///
/// Subclasses override ``build(inputShape:)`` to create weights with ``addWeight(name:shape:initializer:trainable:)``,
/// ``call(_:training:)`` to compute, and ``outputShape(forInputShape:)``. Calling a layer
/// (`try layer(x)`) builds it from the first input's shape, then calls it.
/// Shapes include the batch dimension, `nil` when unknown, as Keras' `(None, 784)`.
///
/// Concurrency: inference on a built model — `predict`, `evaluate`, calling it — only reads its
/// weights, so any number of tasks may run it at once. Everything that changes a model — `fit`,
/// `compile`, `setWeights`, setting `isTrainable`, a first call that builds it — needs exclusive
/// access: one task at a time, with no inference on the same model meanwhile. The library's own
/// final layers and ``Sequential`` are `Sendable` under that rule (`@unchecked`: the compiler
/// cannot check it). `Layer` and `Model` themselves are not, so that your subclasses compile
/// without warnings; a subclass that keeps the rule may declare `extension MyModel: @unchecked Sendable {}`.
open class Layer {
    /// The unique name, `dense`, `dense_1`... unless given.
    public let name: String
    /// Whether optimizers update this layer's weights (Keras' `trainable`).
    ///
    /// The one source of truth for trainability: setting it sets every weight this layer created
    /// trainable and every sublayer (so freezing a model freezes all its layers), as Keras 3 does.
    /// Weights created non-trainable (moving statistics) stay non-trainable. As in Keras, compile
    /// the model again after changing it, so that training picks up the new set of weights.
    public var isTrainable: Bool {
        get { trainableFlag }
        set {
            restoreTrainableFlag(newValue)
            for layer in sublayers { layer.isTrainable = newValue }
        }
    }
    private var trainableFlag = true

    /// Sets this layer's own flag (and its own weights) but not its sublayers': for rebuilding
    /// a model from a config, where each sublayer's config carries its own flag (as Keras'
    /// `from_config`, which sets a model's `trainable` before adding its layers).
    func restoreTrainableFlag(_ value: Bool) {
        trainableFlag = value
        for v in ownVariables where v.isTrainableByDefinition { v.isTrainable = value }
    }
    /// Whether ``build(inputShape:)`` has run.
    public internal(set) var isBuilt = false
    /// The input shape the layer was built for (batch dimension `nil`).
    public internal(set) var builtInputShape: [Int?]?
    /// The input shape given at construction (Keras' `input_shape=`), without the batch dimension.
    public let declaredInputShape: [Int]?
    private(set) var ownVariables: [Variable] = []
    /// How many times the layer was called on symbolic tensors (Keras' node count).
    var graphCallCount = 0

    /// Creates a layer named `name`, or an automatic snake_case name from the class (`dense_2`).
    public init(name: String? = nil, inputShape: [Int]? = nil) {
        self.name = name ?? LayerNames.unique(for: LayerNames.snakeCase(String(describing: type(of: self))))
        self.declaredInputShape = inputShape
    }

    /// The Keras class name written to configs (the Swift class name by default).
    open var className: String { String(describing: type(of: self)) }

    /// Creates the layer's weights for inputs of `inputShape`. Called once, before the first call.
    open func build(inputShape: [Int?]) throws {}

    /// Computes the layer's output.
    open func call(_ input: Tensor, training: Bool) throws -> Tensor {
        throw SwiftLearnError.invalidState("layer '\(name)' (\(className)) does not implement call(_:training:)")
    }

    /// The output shape for inputs of `inputShape` (identity by default).
    open func outputShape(forInputShape inputShape: [Int?]) throws -> [Int?] { inputShape }

    /// The layer's configuration with Keras' key names.
    open var config: [(String, JSONValue)] {
        [("name", .string(name)), ("trainable", .bool(isTrainable)), ("dtype", LayerNames.dtypePolicy)]
    }

    /// Builds the layer for `inputShape` if it is not built yet.
    public func buildIfNeeded(inputShape: [Int?]) throws {
        guard !isBuilt else { return }
        try build(inputShape: inputShape)
        builtInputShape = inputShape
        isBuilt = true
    }

    /// Builds on first use, then calls the layer.
    public func callAsFunction(_ input: Tensor, training: Bool = false) throws -> Tensor {
        if !isBuilt { try buildIfNeeded(inputShape: [nil] + input.shape.dropFirst().map { Optional($0) }) }
        return try call(input, training: training)
    }

    /// Adds a weight named `name` (path `layer/name`) filled by `initializer`.
    ///
    /// A `regularizer` adds its penalty of the weight to the training loss while the weight is
    /// trainable; a `constraint` projects the weight after every optimizer update (Keras'
    /// `add_weight(regularizer=, constraint=)`).
    @discardableResult
    public func addWeight(name: String, shape: [Int], initializer: Initializer, trainable: Bool = true,
                          regularizer: Regularizer? = nil, constraint: Constraint? = nil) throws -> Variable {
        let v = Variable(try initializer.makeTensor(shape: shape), name: name, trainable: trainable)
        v.isTrainable = trainable && isTrainable
        v.path = "\(self.name)/\(name)"
        ownVariables.append(v)
        if let regularizer { weightRegularizers.append((v, regularizer)) }
        if let constraint { weightConstraints.append((v, constraint)) }
        return v
    }

    /// This layer's regularized weights (see `Regularizers/LayerLosses.swift`).
    private(set) var weightRegularizers: [(variable: Variable, regularizer: Regularizer)] = []
    /// This layer's constrained weights, projected after each optimizer update.
    private(set) var weightConstraints: [(variable: Variable, constraint: Constraint)] = []
    /// The losses the layers added (``addLoss(_:)``, activity penalties) during the last
    /// training or evaluation step of this model.
    var collectedLosses: [Tensor] = []

    /// Checks that the layer and its sublayers can be written as a config (a ``Lambda`` cannot);
    /// throws ``SwiftLearnError/invalidState(_:)`` naming the layer otherwise.
    open func checkSerializable() throws {
        for layer in sublayers { try layer.checkSerializable() }
    }

    /// The config (Keras' `get_config()`), after ``checkSerializable()``: throws for a model
    /// holding a layer that cannot be serialized. Savers should use this rather than ``config``.
    public func getConfig() throws -> [(String, JSONValue)] {
        try checkSerializable()
        return config
    }

    /// The layers inside this one (empty for a plain layer; models override).
    open var sublayers: [Layer] { [] }

    /// All weights, this layer's first, then those of its sublayers, in order.
    public var weights: [Variable] {
        var seen = Set<ObjectIdentifier>()
        var out: [Variable] = []
        for v in ownVariables + sublayers.flatMap(\.weights) where seen.insert(ObjectIdentifier(v)).inserted {
            out.append(v)
        }
        return out
    }

    /// The weights an optimizer updates (none if the layer is frozen), each once.
    public var trainableWeights: [Variable] {
        isTrainable ? weights.filter(\.isTrainable) : []
    }

    /// The weights an optimizer leaves alone.
    public var nonTrainableWeights: [Variable] {
        let trainable = Set(trainableWeights.map(ObjectIdentifier.init))
        return weights.filter { !trainable.contains(ObjectIdentifier($0)) }
    }

    /// The number of scalars in all weights.
    public var parameterCount: Int { weights.reduce(0) { $0 + $1.storedValue.scalarCount } }

    /// Copies of the weight values (Keras' `get_weights()`). They never change afterwards:
    /// training writes to the variables' own storage, never to these copies.
    public func getWeights() -> [Tensor] { weights.map { $0.snapshot() } }

    /// Replaces the weight values (Keras' `set_weights()`), checking the count and every shape first.
    public func setWeights(_ values: [Tensor]) throws {
        let vars = weights
        guard values.count == vars.count else {
            throw SwiftLearnError.shapeMismatch("setWeights on layer '\(name)': expected \(vars.count) arrays (\(vars.map { "\($0.path) \(formatShape($0.shape))" }.joined(separator: ", "))), received \(values.count)")
        }
        for (v, t) in zip(vars, values) where v.shape != t.shape {
            throw SwiftLearnError.shapeMismatch("setWeights on layer '\(name)': weight '\(v.path)' has shape \(formatShape(v.shape)), received \(formatShape(t.shape))")
        }
        for (v, t) in zip(vars, values) { try v.assign(t) }
    }
}

/// Automatic layer names and shared config pieces.
public enum LayerNames {
    private final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var used: [String: Int] = [:]
    }
    private static let counter = Counter()

    /// `prefix` the first time, then `prefix_1`, `prefix_2`... (Keras' `auto_name`).
    public static func unique(for prefix: String) -> String {
        counter.lock.lock(); defer { counter.lock.unlock() }
        let n = counter.used[prefix, default: 0]
        counter.used[prefix] = n + 1
        return n == 0 ? prefix : "\(prefix)_\(n)"
    }

    /// Forgets the names handed out so far (Keras' `clear_session`).
    public static func reset() {
        counter.lock.lock(); defer { counter.lock.unlock() }
        counter.used = [:]
    }

    /// `InputLayer` → `input_layer`, `Dense` → `dense`.
    public static func snakeCase(_ s: String) -> String {
        var out = ""
        let chars = Array(s)
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0, chars[i - 1].isLowercase || (i + 1 < chars.count && chars[i + 1].isLowercase && chars[i - 1].isUppercase) {
                out += "_"
            }
            out += c.lowercased()
        }
        return out
    }

    /// Keras 3's float32 dtype policy object.
    static let dtypePolicy: JSONValue = .object([("module", "keras"), ("class_name", "DTypePolicy"),
                                                 ("config", .object([("name", "float32")])), ("registered_name", .null)])
}

// The library's final layer types follow the concurrency rule stated on `Layer`.
extension Sequential: @unchecked Sendable {}
extension Dense: @unchecked Sendable {}
extension Flatten: @unchecked Sendable {}
extension ActivationLayer: @unchecked Sendable {}
extension InputLayer: @unchecked Sendable {}
