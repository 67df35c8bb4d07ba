import TensorCore

/// Stochastic gradient descent, optionally with (Nesterov) momentum.
///
/// Plain: `w ← w − lr·g`. Momentum: `m ← μ·m − lr·g; w ← w + m`.
/// Nesterov: `m ← μ·m − lr·g; w ← w + μ·m − lr·g` (with the new `m`).
public final class SGD: Optimizer {
    public var momentum: Float
    public var nesterov: Bool

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(learningRate: learningRate, learningRateSchedule: learningRateSchedule, weightDecay: weightDecay,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    public override var className: String { "SGD" }
    public override var slotCount: Int { momentum == 0 ? 0 : 1 }

    /// Plain SGD (no momentum, clipping, weight decay or schedule) is `w ← w − lr · g`, so it can
    /// be fused into the backward pass.
    public override var inPlaceUpdateScale: Float? { momentum == 0 && isPlainStep ? -learningRate : nil }

    public override func validate() throws {
        try super.validate()
        guard momentum >= 0, momentum <= 1 else {
            throw SwiftLearnError.invalidArgument("SGD: momentum must be in [0, 1], received \(momentum)")
        }
    }

    public override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let lr = currentLearningRate
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
        super.config + [("momentum", kerasFloat(momentum)), ("nesterov", .bool(nesterov))]
    }
}
