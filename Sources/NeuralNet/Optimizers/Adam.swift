#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// Adam, in Keras 3's form: `α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)`, `m ← m + (g−m)(1−β₁)`,
/// `v ← v + (g²−v)(1−β₂)`, `w ← w − α·m/(√v + ε)`; AMSGrad keeps `v̂ = max(v̂, v)`.
public class Adam: MomentOptimizer {
    public var amsgrad: Bool

    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, amsgrad: Bool = false,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        self.amsgrad = amsgrad
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, learningRateSchedule: learningRateSchedule)
    }

    public override var className: String { "Adam" }
    public override var slotCount: Int { amsgrad ? 3 : 2 }


    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let t = Float(step)
        let alpha = currentLearningRate * (1 - powf(beta2, t)).squareRoot() / (1 - powf(beta1, t))
        let b1 = kerasComplement(beta1), b2 = kerasComplement(beta2), eps = epsilon
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
        super.config + [("beta_1", kerasFloat(beta1)), ("beta_2", kerasFloat(beta2)),
                        ("epsilon", kerasFloat(epsilon)), ("amsgrad", .bool(amsgrad))]
    }
}

/// `1 − x` as Keras computes it: from the decimal the user wrote (a Python float, 0.9), rounded
/// to Float32 once (0.1), not from the Float32-rounded `x` (which gives 0.100000024).
/// A Float's description is the shortest decimal that reads back as it, i.e. what was written.
func kerasComplement(_ x: Float) -> Float {
    Float(1 - (Double(x.description) ?? Double(x)))
}
