#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// Adam with Nesterov momentum, in Keras 3's form (Dozat's momentum schedule
/// `uₜ = β₁(1 − ½·0.96ᵗ)` and its running product):
/// `m̂ = uₜ₊₁·m/(1 − Πuₜ₊₁) + (1 − uₜ)·g/(1 − Πuₜ)`, `v̂ = v/(1 − β₂ᵗ)`, `w ← w − lr·m̂/(√v̂ + ε)`.
/// Unlike Adam, Keras computes `1 − β` here in Float32.
public final class Nadam: MomentOptimizer {
    /// `Π uₛ` for s = 1…`productStep` (Keras' `_u_product`), derived from the step so restoring
    /// `iterations` restores it too.
    private var product: Float = 1
    private var productStep = 0

    public override init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, learningRateSchedule: learningRateSchedule)
    }

    public override var className: String { "Nadam" }
    public override var slotCount: Int { 2 }


    private func momentumFactor(_ t: Float) -> Float { beta1 * (1 - 0.5 * powf(0.96, t)) }

    /// Keras' `_u_product` after step `step`: multiplied by `β₁ · (1 − ½·0.96ᵗ)` once per step.
    private func productThrough(_ step: Int) -> Float {
        if productStep != step {
            if productStep != step - 1 { (product, productStep) = (1, 0) }
            while productStep < step {
                productStep += 1
                product = product * beta1 * (1 - 0.5 * powf(0.96, Float(productStep)))
            }
        }
        return product
    }

    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let t = Float(step), lr = currentLearningRate, eps = epsilon
        let ut = momentumFactor(t), ut1 = momentumFactor(t + 1)
        let productT = productThrough(step), productT1 = productT * ut1
        let b1 = 1 - beta1, b2 = 1 - beta2, beta2Power = powf(beta2, t)
        let m = slots[0], v = slots[1]
        for i in 0..<n {
            let gi = g[i]
            m[i] += (gi - m[i]) * b1
            v[i] += (gi * gi - v[i]) * b2
            let mHat = ut1 * m[i] / (1 - productT1) + (1 - ut) * gi / (1 - productT)
            let vHat = v[i] / (1 - beta2Power)
            w[i] -= mHat * lr / (vHat.squareRoot() + eps)
        }
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("beta_1", kerasFloat(beta1)), ("beta_2", kerasFloat(beta2)), ("epsilon", kerasFloat(epsilon))]
    }
}
