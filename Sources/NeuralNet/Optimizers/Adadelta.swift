import TensorCore

/// Adadelta, in Keras 3's form: `a ← ρa + (1−ρ)g²`, `Δ = −√(d + ε)·g/√(a + ε)`,
/// `d ← ρd + (1−ρ)Δ²`, `w ← w + lr·Δ`.
public final class Adadelta: Optimizer {
    public var rho: Float
    public var epsilon: Float

    public init(learningRate: Float = 0.001, rho: Float = 0.95, epsilon: Float = 1e-7,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        self.rho = rho
        self.epsilon = epsilon
        super.init(learningRate: learningRate, learningRateSchedule: learningRateSchedule, weightDecay: weightDecay,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    public override var className: String { "Adadelta" }
    /// The accumulated squared gradient, then the accumulated squared update.
    public override var slotCount: Int { 2 }

    public override func validate() throws {
        try super.validate()
        guard rho >= 0, rho <= 1 else { throw SwiftLearnError.invalidArgument("Adadelta: rho must be in [0, 1], received \(rho)") }
        try requireNonNegativeEpsilon(epsilon)
    }

    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let lr = currentLearningRate, r = rho, r1 = kerasComplement(rho), eps = epsilon
        let a = slots[0], d = slots[1]
        for i in 0..<n {
            let gi = g[i]
            a[i] = r * a[i] + r1 * (gi * gi)
            let delta = -((d[i] + eps).squareRoot() * gi / (a[i] + eps).squareRoot())
            d[i] = r * d[i] + r1 * (delta * delta)
            w[i] += lr * delta
        }
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("rho", kerasFloat(rho)), ("epsilon", kerasFloat(epsilon))]
    }
}
