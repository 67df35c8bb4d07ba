#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// FTRL-Proximal, in Keras 3's form. With `p = −learningRatePower`, `g' = g + 2·l2Shrinkage·w`,
/// `a' = a + g²`: `z ← z + g' − (a'ᵖ − aᵖ)/lr · w`, `q = a'ᵖ/lr + 2·(l2 + β/(2·lr))`,
/// `w ← (clip(z, −l1, l1) − z)/q`, `a ← a'` (the accumulator starts at `initialAccumulatorValue`).
public final class Ftrl: Optimizer {
    public var learningRatePower: Float
    public var initialAccumulatorValue: Float
    public var l1RegularizationStrength: Float
    public var l2RegularizationStrength: Float
    public var l2ShrinkageRegularizationStrength: Float
    public var beta: Float

    public init(learningRate: Float = 0.001, learningRatePower: Float = -0.5, initialAccumulatorValue: Float = 0.1,
                l1RegularizationStrength: Float = 0, l2RegularizationStrength: Float = 0,
                l2ShrinkageRegularizationStrength: Float = 0, beta: Float = 0,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        self.learningRatePower = learningRatePower
        self.initialAccumulatorValue = initialAccumulatorValue
        self.l1RegularizationStrength = l1RegularizationStrength
        self.l2RegularizationStrength = l2RegularizationStrength
        self.l2ShrinkageRegularizationStrength = l2ShrinkageRegularizationStrength
        self.beta = beta
        super.init(learningRate: learningRate, learningRateSchedule: learningRateSchedule, weightDecay: weightDecay,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    public override var className: String { "Ftrl" }
    /// The accumulator, then the linear term.
    public override var slotCount: Int { 2 }
    public override func initialSlotValue(_ slot: Int) -> Float { slot == 0 ? initialAccumulatorValue : 0 }

    public override func validate() throws {
        try super.validate()
        guard learningRatePower <= 0, learningRatePower.isFinite else {
            throw SwiftLearnError.invalidArgument("Ftrl: learningRatePower must be negative or zero, received \(learningRatePower)")
        }
        let nonNegative = [("initialAccumulatorValue", initialAccumulatorValue), ("l1RegularizationStrength", l1RegularizationStrength),
                           ("l2RegularizationStrength", l2RegularizationStrength),
                           ("l2ShrinkageRegularizationStrength", l2ShrinkageRegularizationStrength), ("beta", beta)]
        for (label, value) in nonNegative where !(value >= 0 && value.isFinite) {
            throw SwiftLearnError.invalidArgument("Ftrl: \(label) must be a non-negative finite number, received \(value)")
        }
    }

    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let lr = currentLearningRate, p = -learningRatePower, l1 = l1RegularizationStrength
        let l2 = l2RegularizationStrength + beta / (2 * lr)
        // Keras multiplies the Python floats first: 2 * l2_shrinkage, rounded once to Float32.
        let shrink = Float(2 * (Double(l2ShrinkageRegularizationStrength.description) ?? 0))
        let a = slots[0], z = slots[1]
        for i in 0..<n {
            let gi = g[i]
            let adjusted = gi + shrink * w[i]
            let newA = a[i] + gi * gi
            let newPower = powf(newA, p)
            z[i] += adjusted - (newPower - powf(a[i], p)) / lr * w[i]
            let quadratic = newPower / lr + 2 * l2
            w[i] = (Swift.min(Swift.max(z[i], -l1), l1) - z[i]) / quadratic
            a[i] = newA
        }
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("learning_rate_power", kerasFloat(learningRatePower)),
                        ("initial_accumulator_value", kerasFloat(initialAccumulatorValue)),
                        ("l1_regularization_strength", kerasFloat(l1RegularizationStrength)),
                        ("l2_regularization_strength", kerasFloat(l2RegularizationStrength)),
                        ("l2_shrinkage_regularization_strength", kerasFloat(l2ShrinkageRegularizationStrength)),
                        ("beta", kerasFloat(beta))]
    }
}
