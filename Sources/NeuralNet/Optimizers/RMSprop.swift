import TensorCore

/// RMSprop, in Keras 3's form: `v ← ρv + (1−ρ)g²`, `Δ = lr·g/√(v + ε)` (centered:
/// `ḡ ← ρḡ + (1−ρ)g`, `Δ = lr·g/√(v − ḡ² + ε)`); with momentum `μ`: `m ← μm + Δ; w ← w − m`,
/// else `w ← w − Δ`.
public final class RMSprop: Optimizer {
    public var rho: Float
    public var momentum: Float
    public var epsilon: Float
    public var centered: Bool

    public init(learningRate: Float = 0.001, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7,
                centered: Bool = false,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        super.init(learningRate: learningRate, learningRateSchedule: learningRateSchedule, weightDecay: weightDecay,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    public override var className: String { "RMSprop" }
    /// Velocity, then momentum (when `momentum > 0`), then the average gradient (when centered).
    public override var slotCount: Int { 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0) }

    public override func validate() throws {
        try super.validate()
        guard rho >= 0, rho <= 1 else { throw SwiftLearnError.invalidArgument("RMSprop: rho must be in [0, 1], received \(rho)") }
        guard momentum >= 0, momentum.isFinite else {
            throw SwiftLearnError.invalidArgument("RMSprop: momentum must be a non-negative finite number, received \(momentum)")
        }
        try requireNonNegativeEpsilon(epsilon)
    }

    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let lr = currentLearningRate, r = rho, r1 = kerasComplement(rho), eps = epsilon, mu = momentum
        let v = slots[0]
        let m: UnsafeMutablePointer<Float>? = mu > 0 ? slots[1] : nil
        let average: UnsafeMutablePointer<Float>? = centered ? slots[slots.count - 1] : nil
        for i in 0..<n {
            let gi = g[i]
            v[i] = r * v[i] + r1 * (gi * gi)
            var denominator = v[i] + eps
            if let average {
                average[i] = r * average[i] + r1 * gi
                denominator = v[i] - average[i] * average[i] + eps
            }
            let increment = lr * gi / denominator.squareRoot()
            if let m {
                m[i] = mu * m[i] + increment
                w[i] -= m[i]
            } else {
                w[i] -= increment
            }
        }
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("rho", kerasFloat(rho)), ("momentum", kerasFloat(momentum)), ("epsilon", kerasFloat(epsilon)),
                        ("centered", .bool(centered))]
    }
}
