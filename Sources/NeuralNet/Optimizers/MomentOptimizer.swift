import TensorCore

/// The base of the Adam family (Adam, AdamW, Adamax, Nadam): the decay rates of the first and
/// second moment estimates, `beta1` and `beta2` in [0, 1), and `epsilon` ≥ 0.
open class MomentOptimizer: Optimizer {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float

    public init(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float,
                weightDecay: Float?, clipnorm: Float?, clipvalue: Float?,
                globalClipnorm: Float?, learningRateSchedule: (any LearningRateSchedule)?) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(learningRate: learningRate, learningRateSchedule: learningRateSchedule, weightDecay: weightDecay,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    open override func validate() throws {
        try super.validate()
        try requireUnitInterval(["beta1": beta1, "beta2": beta2])
        try requireNonNegativeEpsilon(epsilon)
    }
}
