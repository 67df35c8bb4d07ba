import TensorCore

/// Updates variables from their gradients, with Keras 3's update rules.
///
/// Subclasses implement ``update(_:gradient:slots:step:)`` for one variable; the base class
/// keeps the per-variable state (momentum, moments) and the step counter `iterations`.
open class Optimizer {
    /// The step size.
    public var learningRate: Float
    /// How many updates have been applied (Keras' `iterations`).
    public internal(set) var iterations: Int = 0
    var slots: [ObjectIdentifier: [Tensor]] = [:]

    public init(learningRate: Float) {
        self.learningRate = learningRate
    }

    /// The Keras class name.
    open var className: String { "Optimizer" }

    /// How many state tensors the rule keeps per variable.
    open var slotCount: Int { 0 }

    /// When the update rule is `w ← w + scale · g` with no state, the factor `scale`: the training
    /// loop then lets the gradient tape apply it inside the backward pass for weights read by a
    /// single operation, without storing their gradient. `nil` (the default) for other rules.
    open var inPlaceUpdateScale: Float? { nil }

    /// Checks the hyperparameters; called by `compile`.
    open func validate() throws {
        guard learningRate.isFinite, learningRate > 0 else {
            throw SwiftLearnError.invalidArgument("\(className): learningRate must be a positive finite number, received \(learningRate)")
        }
    }

    /// Applies one update to the `count` elements of one variable; `slots` point at its state
    /// tensors (momentum, moments) and `step` is `iterations + 1`.
    open func update(_ value: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
                     slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {}

    /// Applies one step to every variable that has a gradient, then increments `iterations`.
    public func apply(to variables: [Variable]) {
        let step = iterations + 1
        for v in variables {
            guard let g = v.gradient else { continue }
            let id = ObjectIdentifier(v)
            var state = slots[id] ?? (0..<slotCount).map { _ in Tensor(uncheckedShape: v.shape, repeating: 0) }
            slots[id] = nil
            // Take unique ownership of each state buffer before handing out raw pointers.
            for i in state.indices { state[i].makeUnique() }
            let statePointers = state.map(\.storage.base)
            let gradient = g.storage.base
            // Serial on purpose: splitting these memory-bound updates across cores made whole
            // training runs up to 2x slower on this 2-vCPU VM, depending on host placement.
            v.update { value in
                update(value.baseAddress!, gradient: gradient, slots: statePointers, count: value.count, step: step)
            }
            withExtendedLifetime(g) {}
            slots[id] = state
        }
        iterations += 1
    }

    /// The optimizer's config with Keras' key names.
    open var config: [(String, JSONValue)] {
        [("name", .string(LayerNames.snakeCase(className))), ("learning_rate", .float32(learningRate)),
         ("weight_decay", .null), ("clipnorm", .null), ("global_clipnorm", .null), ("clipvalue", .null),
         ("use_ema", false), ("ema_momentum", 0.99), ("ema_overwrite_frequency", .null),
         ("loss_scale_factor", .null), ("gradient_accumulation_steps", .null)]
    }

    /// The optimizer called `name` in Keras (`"sgd"`, `"adam"`) with default hyperparameters.
    public static func named(_ name: String) throws -> Optimizer {
        switch name.lowercased() {
        case "sgd": return SGD()
        case "adam": return Adam()
        default: throw SwiftLearnError.unknownName("optimizer '\(name)'; expected one of sgd, adam")
        }
    }
}
