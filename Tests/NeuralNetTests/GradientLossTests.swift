import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Every loss, unweighted and with sample weights, against central differences of a Double
/// re-implementation of Keras' definition (tolerance: `GradientTolerance`).
@Suite struct GradientLossTests {
    static let regressionLosses: [Loss] = [.meanSquaredError, .meanAbsoluteError, .huber, .huber(delta: 0.3)]
    static let weights = Tensor([1, 0.5, 2, 0])

    /// Predictions kept at least 0.05 away from the kinks of MAE (e = 0) and Huber (|e| = δ).
    static func regressionCase(_ loss: Loss) -> (yTrue: Tensor, yPred: Tensor) {
        let yTrue = uniform([4, 3], seed: 17)
        var error = awayFromZero([4, 3], gap: 0.05, seed: 18) * 2
        if case .huber(let delta) = loss {
            error = error.mapped({ $0 }, { e in abs(abs(e) - delta) < 0.05 ? e * 1.2 : e })
        }
        return (yTrue, (try? yTrue + error) ?? yTrue)
    }

    @Test(arguments: regressionLosses, [false, true])
    func regressionLoss(_ loss: Loss, weighted: Bool) throws {
        let (yTrue, yPred) = Self.regressionCase(loss)
        let w = weighted ? Self.weights : nil
        try checkGradient([yPred]) { try loss(yTrue, $0[0], sampleWeight: w) } reference: {
            referenceLoss(loss, DArray(yTrue), $0[0], sampleWeight: w.map { $0.scalars.map(Double.init) })
        }
    }

    @Test(arguments: [false, true])
    func binaryCrossentropy(weighted: Bool) throws {
        let yTrue = try Tensor(shape: [4, 3], scalars: [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0])
        let w = weighted ? Self.weights : nil
        try checkGradient([uniform([4, 3], 0.1, 0.9, seed: 21)]) { try Loss.binaryCrossentropy(yTrue, $0[0], sampleWeight: w) } reference: {
            referenceLoss(.binaryCrossentropy, DArray(yTrue), $0[0], sampleWeight: w.map { $0.scalars.map(Double.init) })
        }
    }

    /// Unnormalized probabilities exercise the renormalization's gradient; softmax outputs the usual case.
    @Test(arguments: [Loss.categoricalCrossentropy, .sparseCategoricalCrossentropy], [false, true])
    func categoricalCrossentropy(_ loss: Loss, weighted: Bool) throws {
        let labels = Tensor([0, 2, 1, 2])
        let oneHot = try Tensor(shape: [4, 3], scalars: [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1])
        let yTrue = loss == .sparseCategoricalCrossentropy ? labels : oneHot
        let w = weighted ? Self.weights : nil
        for yPred in [uniform([4, 3], 0.2, 1, seed: 22), try uniform([4, 3], 0.1, 1, seed: 20).softmax()] {
            try checkGradient([yPred]) { try loss(yTrue, $0[0], sampleWeight: w) } reference: {
                referenceLoss(loss, DArray(yTrue), $0[0], sampleWeight: w.map { $0.scalars.map(Double.init) })
            }
        }
    }

    /// Through a softmax layer, as in training: the loss of softmax(logits).
    @Test(arguments: [false, true])
    func sparseCrossentropyOfSoftmax(weighted: Bool) throws {
        let labels = Tensor([1, 0, 2, 2]), w = weighted ? Self.weights : nil
        try checkGradient([uniform([4, 3], -2, 2, seed: 27)]) {
            try Loss.sparseCategoricalCrossentropy(labels, try $0[0].softmax(), sampleWeight: w)
        } reference: {
            referenceLoss(.sparseCategoricalCrossentropy, DArray(labels), $0[0].softmax(), sampleWeight: w.map { $0.scalars.map(Double.init) })
        }
    }
}
