import TensorCore

/// Updates variables from their gradients, with Keras 3's update rules.
///
/// Subclasses implement ``update(_:gradient:slots:count:step:)`` for one variable; the base class
/// keeps the per-variable state (momentum, moments) and the step counter `iterations`.
///
/// State belongs to the variables the optimizer was built for (Keras builds it on the first
/// update). `compile` resets an optimizer, so one optimizer object compiled into a second model
/// starts afresh for that model's variables; updating variables it was not built for is an
/// error that says so, never a silent mix-up of state.
open class Optimizer {
    /// The step size.
    public var learningRate: Float
    /// How many updates have been applied (Keras' `iterations`).
    public internal(set) var iterations: Int = 0
    /// The variables the state belongs to, in the order the optimizer was built for.
    public private(set) var variables: [Variable] = []
    /// Per variable (same order as ``variables``), its state tensors, each of the variable's shape.
    var slots: [[Tensor]] = []
    /// ``Variable/id`` → index in ``variables``; ids are never reused, unlike object addresses.
    private var index: [UInt64: Int] = [:]
    /// Scratch for ``apply(to:)``: the state index of each variable of the step (kept, not reallocated).
    private var positions: [Int] = []

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

    /// Whether the optimizer has state for a set of variables.
    public var isBuilt: Bool { !variables.isEmpty }

    /// Forgets all state and the step count (called by `compile`).
    public func reset() {
        variables = []
        slots = []
        index = [:]
        iterations = 0
    }

    /// Creates zeroed state for `variables` (Keras' `optimizer.build`), replacing any earlier state.
    public func build(for variables: [Variable]) throws {
        var seen = Set<UInt64>()
        for v in variables where !seen.insert(v.id).inserted {
            throw SwiftLearnError.invalidArgument("\(className).build: variable '\(v.path)' is listed twice")
        }
        reset()
        self.variables = variables
        slots = variables.map { v in (0..<slotCount).map { _ in Tensor(uncheckedShape: v.shape, repeating: 0) } }
        for (i, v) in variables.enumerated() { index[v.id] = i }
    }

    /// The state of the variable at `path` (e.g. `dense/kernel`), for saving; nil if unknown.
    public func state(forPath path: String) -> [Tensor]? {
        variables.firstIndex { $0.path == path }.map { slots[$0] }
    }

    /// Replaces the state of the variable at `path` (restoring a saved optimizer); the count and
    /// shapes must match.
    public func setState(_ state: [Tensor], forPath path: String) throws {
        guard let i = variables.firstIndex(where: { $0.path == path }) else {
            throw SwiftLearnError.invalidArgument("\(className).setState: no variable '\(path)'; the optimizer was built for \(variables.map(\.path).joined(separator: ", "))")
        }
        guard state.count == slotCount, state.allSatisfy({ $0.shape == variables[i].shape }) else {
            throw SwiftLearnError.shapeMismatch("\(className).setState for '\(path)': expected \(slotCount) tensors of shape \(formatShape(variables[i].shape)), received \(state.map { formatShape($0.shape) })")
        }
        slots[i] = state.map { Tensor(uncheckedShape: $0.shape, storage: $0.storage.copy()) }
    }

    /// Sets the step count (restoring a saved optimizer).
    public func setIterations(_ value: Int) throws {
        guard value >= 0 else { throw SwiftLearnError.invalidArgument("\(className): iterations must be non-negative, received \(value)") }
        iterations = value
    }

    /// Applies one step to every variable that has a gradient, then increments `iterations`.
    /// Builds the state on first use; throws for a variable the optimizer was not built for.
    public func apply(to variables: [Variable]) throws {
        if !isBuilt { try build(for: variables) }
        // Every variable is checked before any is updated, so an error leaves all of them untouched.
        positions.removeAll(keepingCapacity: true)
        for v in variables {
            guard let i = index[v.id] else {
                throw SwiftLearnError.invalidState("\(className): variable '\(v.path)' is not among the variables this optimizer was built for (\(self.variables.prefix(4).map(\.path).joined(separator: ", "))\(self.variables.count > 4 ? ", ..." : "")); compile the model again, which resets the optimizer, or use a new optimizer")
            }
            guard slots[i].allSatisfy({ $0.shape == v.shape }) else {
                throw SwiftLearnError.shapeMismatch("\(className): state for '\(v.path)' has shape \(formatShape(slots[i].first?.shape ?? [])), the variable \(formatShape(v.shape))")
            }
            positions.append(i)
        }
        let step = iterations + 1
        for (v, i) in zip(variables, positions) {
            guard let g = v.gradient, g.shape == v.shape else { continue }
            // Take unique ownership of each state buffer before handing out raw pointers.
            for s in slots[i].indices { slots[i][s].makeUnique() }
            let statePointers = slots[i].map(\.storage.base)
            // Serial on purpose: splitting these memory-bound updates across cores made whole
            // training runs up to 2x slower on this 2-vCPU VM, depending on host placement.
            withExtendedLifetime((g, slots[i])) {
                v.update { value in
                    update(value.baseAddress!, gradient: g.storage.base, slots: statePointers, count: value.count, step: step)
                }
            }
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
