import TensorCore

/// Updates variables from their gradients, with Keras 3's update rules.
///
/// Subclasses implement ``update(_:gradient:slots:count:step:)`` for one variable; the base class
/// keeps the per-variable state (momentum, moments) and the step counter `iterations`.
///
/// Like Keras 3, every optimizer can clip gradients (``clipnorm`` per variable, ``clipvalue``
/// per element, ``globalClipnorm`` over all gradients of a step; at most one of them), apply
/// decoupled weight decay (``weightDecay``: `w ← w − w·wd·lr` before the update), and take its
/// learning rate from a ``LearningRateSchedule`` evaluated at ``iterations``.
///
/// State belongs to the variables the optimizer was built for (Keras builds it on the first
/// update). `compile` resets an optimizer, so one optimizer object compiled into a second model
/// starts afresh for that model's variables; updating variables it was not built for is an
/// error that says so, never a silent mix-up of state.
open class Optimizer {
    /// The step size when there is no ``learningRateSchedule``.
    public var learningRate: Float
    /// When set, the learning rate of each step is this schedule's value at ``iterations`` (Keras'
    /// `learning_rate=schedule`); ``learningRate`` is then unused.
    public var learningRateSchedule: (any LearningRateSchedule)?
    /// Decoupled weight decay: before each update, `w ← w − w · weightDecay · lr` (Keras'
    /// `weight_decay`, applied by every optimizer; AdamW defaults it to 0.004).
    public var weightDecay: Float?
    /// Rescales each variable's gradient so its L2 norm is at most this (Keras' `clipnorm`).
    public var clipnorm: Float?
    /// Clamps every gradient element to `[−clipvalue, clipvalue]` (Keras' `clipvalue`).
    public var clipvalue: Float?
    /// Rescales all gradients of a step together so their joint L2 norm is at most this
    /// (Keras' `global_clipnorm`).
    public var globalClipnorm: Float?
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

    /// Scratch for clipped gradients, grown to the largest variable (not reallocated per step).
    private var clipBuffer = UnsafeMutableBufferPointer<Float>(start: nil, count: 0)

    public init(learningRate: Float, learningRateSchedule: (any LearningRateSchedule)? = nil,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil) {
        self.learningRate = learningRate
        self.learningRateSchedule = learningRateSchedule
        self.weightDecay = weightDecay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.globalClipnorm = globalClipnorm
    }

    deinit { clipBuffer.deallocate() }

    /// The learning rate of the next step: the schedule's value at ``iterations``, or ``learningRate``.
    public var currentLearningRate: Float {
        learningRateSchedule.map { $0.value(atStep: iterations) } ?? learningRate
    }

    /// Whether a step is exactly the update rule on the raw gradient at the constant rate: no
    /// clipping, weight decay or schedule (only then can plain SGD be fused into the backward pass).
    var isPlainStep: Bool {
        learningRateSchedule == nil && weightDecay == nil && clipnorm == nil && clipvalue == nil && globalClipnorm == nil
    }

    /// The Keras class name.
    open var className: String { "Optimizer" }

    /// How many state tensors the rule keeps per variable.
    open var slotCount: Int { 0 }

    /// When the update rule is `w ← w + scale · g` with no state, the factor `scale`: the training
    /// loop then lets the gradient tape apply it inside the backward pass for weights read by a
    /// single operation, without storing their gradient. `nil` (the default) for other rules.
    open var inPlaceUpdateScale: Float? { nil }

    /// The initial value of state tensor `slot` (0; Adagrad's accumulator starts at 0.1).
    open func initialSlotValue(_ slot: Int) -> Float { 0 }

    /// Checks the hyperparameters; called by `compile`.
    open func validate() throws {
        if learningRateSchedule == nil {
            guard learningRate.isFinite, learningRate > 0 else {
                throw SwiftLearnError.invalidArgument("\(className): learningRate must be a positive finite number, received \(learningRate)")
            }
        }
        let clips = [("clipnorm", clipnorm), ("clipvalue", clipvalue), ("globalClipnorm", globalClipnorm)]
        for case let (label, value?) in clips where !(value.isFinite && value > 0) {
            throw SwiftLearnError.invalidArgument("\(className): \(label) must be a positive finite number, received \(value)")
        }
        let set = clips.filter { $0.1 != nil }
        guard set.count <= 1 else {
            throw SwiftLearnError.invalidArgument("\(className): only one of clipnorm, clipvalue and globalClipnorm can be set, received \(set.map { "\($0.0)=\($0.1!)" }.joined(separator: ", "))")
        }
        if let wd = weightDecay, !(wd.isFinite && wd >= 0) {
            throw SwiftLearnError.invalidArgument("\(className): weightDecay must be a non-negative finite number, received \(wd)")
        }
    }

    /// Throws unless every named rate is in [0, 1) (Keras' betas and rhos).
    func requireUnitInterval(_ rates: KeyValuePairs<String, Float>) throws {
        for (label, r) in rates where !(r >= 0 && r < 1) {
            throw SwiftLearnError.invalidArgument("\(className): \(label) must be in [0, 1), received \(r)")
        }
    }

    /// Throws unless `epsilon` is non-negative.
    func requireNonNegativeEpsilon(_ epsilon: Float) throws {
        guard epsilon >= 0 else { throw SwiftLearnError.invalidArgument("\(className): epsilon must be non-negative, received \(epsilon)") }
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
        slots = variables.map { v in (0..<slotCount).map { Tensor(uncheckedShape: v.shape, repeating: initialSlotValue($0)) } }
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
        // As Keras: clip the gradients, decay the weights (at this step's rate), then update.
        let clip = gradientClipping(for: variables)
        let decayRate = currentLearningRate
        for (v, i) in zip(variables, positions) {
            guard let g = v.gradient, g.shape == v.shape else { continue }
            // Take unique ownership of each state buffer before handing out raw pointers.
            for s in slots[i].indices { slots[i][s].makeUnique() }
            let statePointers = slots[i].map(\.storage.base)
            let gradient = clip.map { clipped(g, by: $0) } ?? UnsafePointer(g.storage.base)
            // Serial on purpose: splitting these memory-bound updates across cores made whole
            // training runs up to 2x slower on this 2-vCPU VM, depending on host placement.
            withExtendedLifetime((g, slots[i])) {
                v.update { value in
                    let w = value.baseAddress!
                    if let wd = weightDecay {
                        // Keras: w − (w · wd) · lr, with lr the schedule's value at this step.
                        for k in 0..<value.count { w[k] -= w[k] * wd * decayRate }
                    }
                    update(w, gradient: gradient, slots: statePointers, count: value.count, step: step)
                }
            }
        }
        iterations += 1
    }

    /// The optimizer's config with Keras' key names.
    open var config: [(String, JSONValue)] {
        let rate: JSONValue = learningRateSchedule.map(serializedSchedule) ?? .float32(learningRate)
        return [("name", .string(LayerNames.snakeCase(className))), ("learning_rate", rate),
         ("weight_decay", kerasFloat(weightDecay)), ("clipnorm", kerasFloat(clipnorm)),
         ("global_clipnorm", kerasFloat(globalClipnorm)), ("clipvalue", kerasFloat(clipvalue)),
         ("use_ema", false), ("ema_momentum", 0.99), ("ema_overwrite_frequency", .null),
         ("loss_scale_factor", .null), ("gradient_accumulation_steps", .null)]
    }

    /// The optimizer called `name` in Keras (`"sgd"`, `"adam"`, `"rmsprop"`...) with default
    /// hyperparameters.
    public static func named(_ name: String) throws -> Optimizer {
        switch name.lowercased() {
        case "sgd": return SGD()
        case "adam": return Adam()
        case "adamw": return AdamW()
        case "nadam": return Nadam()
        case "rmsprop": return RMSprop()
        case "adagrad": return Adagrad()
        case "adadelta": return Adadelta()
        case "adamax": return Adamax()
        case "ftrl": return Ftrl()
        default: throw SwiftLearnError.unknownName("optimizer '\(name)'; expected one of sgd, adam, adamw, nadam, rmsprop, adagrad, adadelta, adamax, ftrl")
        }
    }

    /// A pointer to `g` clipped as `clip` says, in the scratch buffer (valid until the next call).
    private func clipped(_ g: Tensor, by clip: GradientClip) -> UnsafePointer<Float> {
        let n = g.scalarCount
        if clipBuffer.count < n || clipBuffer.baseAddress == nil {
            clipBuffer.deallocate()
            clipBuffer = .allocate(capacity: Swift.max(n, 1))
        }
        let out = clipBuffer.baseAddress!
        withExtendedLifetime(g) { clip.apply(g.storage.base, out, count: n) }
        return UnsafePointer(out)
    }

    /// How this step's gradients are clipped, if at all (the global norm needs all of them).
    private func gradientClipping(for variables: [Variable]) -> GradientClip? {
        if let c = clipnorm { return .norm(c) }
        if let c = globalClipnorm {
            var sum = 0.0
            for v in variables {
                guard let g = v.gradient, g.shape == v.shape else { continue }
                sum += withExtendedLifetime(g) { squaredSum(g.storage.base, count: g.scalarCount) }
            }
            return .scale(globalClipScale(norm: Float(sum.squareRoot()), clip: c))
        }
        if let c = clipvalue { return .value(c) }
        return nil
    }
}
