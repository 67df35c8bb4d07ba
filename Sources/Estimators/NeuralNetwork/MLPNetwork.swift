import Foundation
import NeuralNet
import TensorCore

/// What differs between an MLP regressor and classifier: the output layer and the loss.
struct MLPTask: Sendable {
    /// The output activation, by scikit-learn's name (`out_activation_`).
    var outActivation: String
    /// NeuralNet's loss trained on.
    var loss: Loss
    /// Turns the gradient of `loss` into scikit-learn's (see ``MLPOptimizer``).
    var gradientScale: Float
    /// Turns the value of `loss` into scikit-learn's (before the L2 term is added).
    var lossScale: Double

    /// Half squared error over `outputs` outputs, identity output.
    static func regression(outputs: Int) -> MLPTask {
        MLPTask(outActivation: "identity", loss: .meanSquaredError, gradientScale: Float(outputs) / 2, lossScale: 0.5)
    }
    /// Log-loss on one logistic output.
    static let binary = MLPTask(outActivation: "logistic", loss: .binaryCrossentropy, gradientScale: 1, lossScale: 1)
    /// Log-loss on a softmax over the classes (labels are class indices).
    static let multiclass = MLPTask(outActivation: "softmax", loss: .sparseCategoricalCrossentropy, gradientScale: 1, lossScale: 1)

    var activation: Activation {
        switch outActivation {
        case "logistic": return .sigmoid
        case "softmax": return .softmax
        default: return .linear
        }
    }
}

extension MLPActivation {
    /// NeuralNet's activation computing this one.
    var neuralNetActivation: Activation {
        switch self {
        case .identity: return .linear
        case .logistic: return .sigmoid
        case .tanh: return .tanh
        case .relu: return .relu
        }
    }
}

/// A trained MLP's network and optimizer. Only ever touched under ``lock``: training fills it
/// before any fitted value holds it, after which it is used only to predict (one call at a
/// time) and to read weights; `partialFit` copies it instead of training it further. That is
/// why sharing it between tasks is safe despite `Model` and `Optimizer` being classes.
final class MLPNetwork: @unchecked Sendable {
    let model: Sequential
    let optimizer: MLPOptimizer
    let lock = NSLock()

    init(model: Sequential, optimizer: MLPOptimizer) {
        self.model = model
        self.optimizer = optimizer
    }

    /// The kernels (`coefs_`) and biases (`intercepts_`), layer by layer.
    var weights: (coefs: [Tensor], intercepts: [Tensor]) {
        lock.withLock {
            let all = model.layers.map { $0.getWeights() }
            return (all.map { $0[0] }, all.map { $0[1] })
        }
    }

    /// The model's outputs for `x`, computed under the lock.
    func outputs(_ x: Tensor) throws -> Tensor {
        try lock.withLock { try model.predict(x, batchSize: 1024, verbose: .silent) }
    }
}

/// The layer sizes `[features, hidden..., outputs]` as a Sequential of Dense layers named
/// `hidden_1`, ..., `output`.
func makeMLPModel(sizes: [Int], activation: MLPActivation, task: MLPTask) throws -> Sequential {
    var layers: [Layer] = []
    for i in 1..<sizes.count {
        let last = i == sizes.count - 1
        // Zeros: the weights are set right after (drawing Keras' initializers would only use up random numbers).
        layers.append(Dense(sizes[i], activation: last ? task.activation : activation.neuralNetActivation,
                            kernelInitializer: .zeros, inputShape: i == 1 ? [sizes[0]] : nil,
                            name: last ? "output" : "hidden_\(i)"))
    }
    return try Sequential(layers, name: "mlp")
}

/// scikit-learn's `_init_coef`: per layer, W then b drawn from U(−bound, bound) with
/// bound = √(f / (fanIn + fanOut)), f = 2 for the logistic activation and 6 otherwise.
func glorotWeights(sizes: [Int], activation: MLPActivation, using generator: inout SeededGenerator) throws -> [[Tensor]] {
    let factor = activation == .logistic ? 2.0 : 6.0
    return try (1..<sizes.count).map { i in
        let fanIn = sizes[i - 1], fanOut = sizes[i]
        let bound = (factor / Double(fanIn + fanOut)).squareRoot()
        func draw(_ count: Int) -> [Float] { (0..<count).map { _ in Float(Double.random(in: -bound..<bound, using: &generator)) } }
        return [try Tensor(shape: [fanIn, fanOut], scalars: draw(fanIn * fanOut)), try Tensor(shape: [fanOut], scalars: draw(fanOut))]
    }
}

/// Sets every layer's `[kernel, bias]`.
func setMLPWeights(_ model: Model, _ weights: [[Tensor]]) throws {
    guard weights.count == model.layers.count else {
        throw SwiftLearnError.shapeMismatch("MLP: expected weights for \(model.layers.count) layers, received \(weights.count)")
    }
    for (layer, w) in zip(model.layers, weights) { try layer.setWeights(w) }
}
