import TensorCore

/// Adagrad, in Keras 3's form: `a ← a + g²` (from `initialAccumulatorValue`), `w ← w − lr·g/√(a + ε)`.
public final class Adagrad: Optimizer {
    public var initialAccumulatorValue: Float
    public var epsilon: Float

    public init(learningRate: Float = 0.001, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(learningRate: learningRate, learningRateSchedule: learningRateSchedule, weightDecay: weightDecay,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    public override var className: String { "Adagrad" }
    public override var slotCount: Int { 1 }
    public override func initialSlotValue(_ slot: Int) -> Float { initialAccumulatorValue }

    public override func validate() throws {
        try super.validate()
        guard initialAccumulatorValue >= 0, initialAccumulatorValue.isFinite else {
            throw SwiftLearnError.invalidArgument("Adagrad: initialAccumulatorValue must be a non-negative finite number, received \(initialAccumulatorValue)")
        }
        try requireNonNegativeEpsilon(epsilon)
    }

    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let lr = currentLearningRate, eps = epsilon, a = slots[0]
        for i in 0..<n {
            let gi = g[i]
            a[i] += gi * gi
            w[i] -= lr * gi / (a[i] + eps).squareRoot()
        }
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("initial_accumulator_value", kerasFloat(initialAccumulatorValue)), ("epsilon", kerasFloat(epsilon))]
    }
}
