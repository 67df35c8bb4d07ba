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
            var state = slots[id] ?? (0..<slotCount).map { _ in Tensor(zeros: v.shape) }
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

/// Stochastic gradient descent, optionally with (Nesterov) momentum.
///
/// Plain: `w ← w − lr·g`. Momentum: `m ← μ·m − lr·g; w ← w + m`.
/// Nesterov: `m ← μ·m − lr·g; w ← w + μ·m − lr·g` (with the new `m`).
public final class SGD: Optimizer {
    public var momentum: Float
    public var nesterov: Bool

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(learningRate: learningRate)
    }

    public override var className: String { "SGD" }
    public override var slotCount: Int { momentum == 0 ? 0 : 1 }

    public override func validate() throws {
        try super.validate()
        guard momentum >= 0, momentum <= 1 else {
            throw SwiftLearnError.invalidArgument("SGD: momentum must be in [0, 1], received \(momentum)")
        }
    }

    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let lr = learningRate
        guard momentum != 0, let m = slots.first else {
            axpy(-lr, g, w, count: n)
            return
        }
        let mu = momentum
        let lrv = SIMD16<Float>(repeating: lr), muv = SIMD16<Float>(repeating: mu)
        vectorZip(m, g, m, count: n, { muv * $0 - lrv * $1 }, { mu * $0 - lr * $1 })
        if nesterov {
            for i in 0..<n { w[i] = w[i] + mu * m[i] - lr * g[i] }
        } else {
            add(w, m, w, count: n)
        }
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("momentum", .float32(momentum)), ("nesterov", .bool(nesterov))]
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam, in Keras 3's form: `α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)`, `m ← m + (g−m)(1−β₁)`,
/// `v ← v + (g²−v)(1−β₂)`, `w ← w − α·m/(√v + ε)`; AMSGrad keeps `v̂ = max(v̂, v)`.
public final class Adam: Optimizer {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var amsgrad: Bool

    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, amsgrad: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        super.init(learningRate: learningRate)
    }

    public override var className: String { "Adam" }
    public override var slotCount: Int { amsgrad ? 3 : 2 }

    public override func validate() throws {
        try super.validate()
        for (label, b) in [("beta1", beta1), ("beta2", beta2)] where !(b >= 0 && b < 1) {
            throw SwiftLearnError.invalidArgument("Adam: \(label) must be in [0, 1), received \(b)")
        }
        guard epsilon >= 0 else { throw SwiftLearnError.invalidArgument("Adam: epsilon must be non-negative, received \(epsilon)") }
    }

    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let t = Float(step)
        let alpha = learningRate * (1 - powf(beta2, t)).squareRoot() / (1 - powf(beta1, t))
        let b1 = 1 - beta1, b2 = 1 - beta2, eps = epsilon
        let m = slots[0], v = slots[1], vhat: UnsafeMutablePointer<Float>? = amsgrad ? slots[2] : nil
        for i in 0..<n {
            let gi = g[i]
            m[i] += (gi - m[i]) * b1
            v[i] += (gi * gi - v[i]) * b2
            var denominator = v[i]
            if let vhat {
                vhat[i] = Swift.max(vhat[i], v[i])
                denominator = vhat[i]
            }
            w[i] -= alpha * m[i] / (denominator.squareRoot() + eps)
        }
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("beta_1", .float32(beta1)), ("beta_2", .float32(beta2)),
                        ("epsilon", .float32(epsilon)), ("amsgrad", .bool(amsgrad))]
    }
}
