import Foundation
import NeuralNet
import TensorCore

/// scikit-learn's stochastic solvers (`SGDOptimizer`, `AdamOptimizer`) as a NeuralNet
/// ``Optimizer``, so that NeuralNet's `fit` trains an MLP with scikit-learn's exact update rules.
///
/// Two things scikit-learn does that NeuralNet's optimizers do not are folded into the gradient
/// before the rule is applied:
/// - the L2 penalty, applied to weights only (not biases) as `g += alpha / m · W`, where `m` is the
///   current batch's row count (set by ``MLPTrainingMonitor`` before every step) times the mean
///   sample weight (scikit-learn divides by the batch's sum of sample weights);
/// - a constant ``gradientScale`` turning the gradient of NeuralNet's loss into the gradient of
///   scikit-learn's loss (`k/2` for mean squared error over `k` outputs, whose scikit-learn
///   delta is `ŷ − y` rather than `2(ŷ − y)/k`; 1 for the log-losses).
///
/// Which variables are weights is kept in the last state slot (1 for a kernel, 0 for a bias),
/// written by ``markBiases(_:)`` after `build`.
final class MLPOptimizer: Optimizer {
    enum Rule: Equatable {
        case sgd(momentum: Float, nesterov: Bool)
        case adam(beta1: Double, beta2: Double, epsilon: Float)
    }

    let rule: Rule
    /// scikit-learn's `alpha`.
    let alpha: Float
    /// Multiplies every raw gradient (see the type's documentation).
    let gradientScale: Float
    /// Rows in the batch being applied; the penalty gradient is `alpha / (batchRows · meanWeight) · W`.
    var batchRows = 1
    /// The mean sample weight, so that `batchRows · meanWeight` stands for scikit-learn's `Σ w` of
    /// the batch (exactly so for full batches; 1 without sample weights).
    var meanWeight: Float = 1

    init(rule: Rule, learningRate: Float, alpha: Float, gradientScale: Float) {
        self.rule = rule
        self.alpha = alpha
        self.gradientScale = gradientScale
        super.init(learningRate: learningRate)
    }

    override var className: String {
        if case .adam = rule { return "Adam" }
        return "SGD"
    }

    /// Velocity (sgd) or the two moments (adam), then the weight mask.
    override var slotCount: Int {
        if case .adam = rule { return 3 }
        return 2
    }

    override func initialSlotValue(_ slot: Int) -> Float { slot == slotCount - 1 ? 1 : 0 }

    /// Keras's own optimizer with this one's rule and current learning rate (`SGD` with the same
    /// momentum and Nesterov flag, or `Adam` with the same betas and epsilon), fresh state. It is
    /// what ``FittedMLP/model`` is compiled with, so that a saved model loads in Keras; the L2
    /// penalty and scikit-learn's gradient scaling have no Keras optimizer equivalent and are left out.
    func kerasEquivalent() -> Optimizer {
        switch rule {
        case .sgd(let momentum, let nesterov):
            return SGD(learningRate: learningRate, momentum: momentum, nesterov: nesterov)
        case .adam(let beta1, let beta2, let epsilon):
            return Adam(learningRate: learningRate, beta1: Float(beta1), beta2: Float(beta2), epsilon: epsilon)
        }
    }

    /// Builds the state for `model`'s variables and excludes its biases from the penalty.
    func prepare(for model: Model) throws {
        let variables = model.trainableWeights
        try build(for: variables)
        for v in variables where v.name.hasSuffix("bias") {
            var state = state(forPath: v.path) ?? []
            guard !state.isEmpty else { continue }
            state[state.count - 1] = try Tensor(zeros: v.shape)
            try setState(state, forPath: v.path)
        }
    }

    override func update(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                         slots: [UnsafeMutablePointer<Float>], count n: Int, step: Int) {
        let decay = slots[slotCount - 1][0] * alpha / (Float(batchRows) * meanWeight)
        let scale = gradientScale
        switch rule {
        case let .sgd(mu, nesterov):
            let lr = learningRate, v = slots[0]
            for i in 0..<n {
                let gi = g[i] * scale + decay * w[i]
                v[i] = mu * v[i] - lr * gi
                w[i] += nesterov ? mu * v[i] - lr * gi : v[i]
            }
        case let .adam(beta1, beta2, epsilon):
            // scikit-learn folds the bias correction into the step size (computed in Double here).
            let t = Double(step)
            let lrT = Float(Double(learningRate) * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t)))
            let b1 = Float(beta1), b2 = Float(beta2), c1 = Float(1 - beta1), c2 = Float(1 - beta2)
            let m = slots[0], v = slots[1]
            for i in 0..<n {
                let gi = g[i] * scale + decay * w[i]
                m[i] = b1 * m[i] + c1 * gi
                v[i] = b2 * v[i] + c2 * gi * gi
                w[i] -= lrT * m[i] / (v[i].squareRoot() + epsilon)
            }
        }
    }
}
