import TensorCore

/// Adam with decoupled weight decay (Keras 3's `AdamW`): before each Adam update,
/// `w ← w − w · weightDecay · lr`. Keras requires a weight decay; the default is 0.004.
public final class AdamW: Adam {
    public init(learningRate: Float = 0.001, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, amsgrad: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad,
                   weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm,
                   learningRateSchedule: learningRateSchedule)
    }

    public override var className: String { "AdamW" }

    public override func validate() throws {
        guard weightDecay != nil else {
            throw SwiftLearnError.invalidArgument("AdamW: weightDecay must be a number, received nil")
        }
        try super.validate()
    }
}
