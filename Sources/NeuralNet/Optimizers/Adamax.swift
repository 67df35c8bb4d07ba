#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// Adamax (Adam with the infinity norm), in Keras 3's form: `m ← m + (g−m)(1−β₁)`,
/// `u ← max(β₂u, |g|)`, `w ← w − lr·m/((1 − β₁ᵗ)(u + ε))`.
public final class Adamax: MomentOptimizer {

    public override init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, learningRateSchedule: learningRateSchedule)
    }

    public override var className: String { "Adamax" }
    /// The first moment, then the exponentially weighted infinity norm.
    public override var slotCount: Int { 2 }


    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let lr = currentLearningRate, b1 = kerasComplement(beta1), b2 = beta2, eps = epsilon
        let correction = 1 - powf(beta1, Float(step))
        let m = slots[0], u = slots[1]
        for i in 0..<n {
            let gi = g[i]
            m[i] += (gi - m[i]) * b1
            u[i] = Swift.max(b2 * u[i], abs(gi))
            w[i] -= lr * m[i] / (correction * (u[i] + eps))
        }
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("beta_1", kerasFloat(beta1)), ("beta_2", kerasFloat(beta2)), ("epsilon", kerasFloat(epsilon))]
    }
}
