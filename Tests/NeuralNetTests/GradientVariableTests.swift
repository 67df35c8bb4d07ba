import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Gradients of variables read by several operations (a weight used twice in one expression, a
/// layer called twice) accumulate every contribution: checked on the tape and through one
/// training step, against central differences of a Double re-implementation.
@Suite struct GradientVariableTests {
    /// A layer whose kernel is read by two operations: `tanh(x·W)·W`.
    final class KernelUsedTwice: Layer {
        private(set) var kernel: Variable?
        override func build(inputShape: [Int?]) throws {
            let k = inputShape.last.flatMap { $0 } ?? 0
            kernel = try addWeight(name: "kernel", shape: [k, k], initializer: .glorotUniform)
        }
        override func call(_ input: Tensor, training: Bool) throws -> Tensor {
            guard let w = kernel?.value else { throw SwiftLearnError.invalidState("not built") }
            return try affine(affine(input, kernel: w, bias: nil).tanh(), kernel: w, bias: nil)
        }
    }

    /// `head(twice(shared(shared(x))))`: the shared Dense layer is called twice, `twice` reads its
    /// kernel twice, and `head` reads its weights once (the in-place SGD path).
    final class SharedWeightsModel: Model {
        let shared = Dense(3, activation: .tanh)
        let twice = KernelUsedTwice()
        let head = Dense(2)
        override func call(_ input: Tensor, training: Bool) throws -> Tensor {
            try head(twice(shared(shared(input))))
        }
    }

    /// The model's forward in Double; `w` = [shared kernel, shared bias, twice kernel, head kernel, head bias].
    static func referenceForward(_ x: DArray, _ w: [DArray]) throws -> DArray {
        let t1 = try (dmatmul(x, w[0]) + w[1]).map(Foundation.tanh)
        let t2 = try (dmatmul(t1, w[0]) + w[1]).map(Foundation.tanh)
        let t3 = dmatmul(dmatmul(t2, w[2]).map(Foundation.tanh), w[2])
        return try dmatmul(t3, w[3]) + w[4]
    }

    static let x = uniform([4, 3], -1.5, 1.5, seed: 31)
    static let y = uniform([4, 2], seed: 32)

    static func makeModel() throws -> SharedWeightsModel {
        let model = SharedWeightsModel()
        _ = try model(x)
        let shapes = model.weights.map(\.shape)
        try #require(shapes == [[3, 3], [3], [3, 3], [3, 2], [2]])
        try model.setWeights(shapes.enumerated().map { uniform($1, -0.9, 0.9, seed: 40 + UInt64($0)) })
        return model
    }

    @Test func variableReadByThreeOperations() throws {
        let w = Variable(uniform([3, 3], seed: 33), name: "w")
        try checkVariableGradients([w]) { try w.value * w.value + w.value.exp() } reference: {
            try $0[0] * $0[0] + $0[0].map(Foundation.exp)
        }
        try checkVariableGradients([w]) { try matmul(w.value, w.value) } reference: { dmatmul($0[0], $0[0]) }
    }

    @Test func layerCalledTwiceOnTheTape() throws {
        let model = try Self.makeModel()
        try checkVariableGradients(model.weights) { try model(Self.x, training: true) } reference: {
            try Self.referenceForward(DArray(Self.x), $0)
        }
    }

    /// One `fit` step: plain SGD updates weights read once inside the backward pass and the others
    /// from stored gradients; SGD with momentum stores every gradient. Both must move each weight
    /// by −lr·∂L/∂w, with ∂L/∂w from central differences in Double.
    @Test(arguments: [0, 0.5] as [Float])
    func oneTrainingStep(momentum: Float) throws {
        let model = try Self.makeModel()
        let before = model.getWeights()
        let learningRate: Float = 0.1
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: learningRate, momentum: momentum))
        let history = try model.fit(Self.x, Self.y, batchSize: 4, epochs: 1, verbose: .silent, shuffle: false)
        let after = model.getWeights()
        try #require(before.count == 5 && after.count == 5)
        let implied = zip(before, after).map { b, a in
            zip(b.scalars, a.scalars).map { Float((Double($0) - Double($1)) / Double(learningRate)) }
        }
        let loss = try #require(history["loss"].first)
        try compareWithFiniteDifferences(
            points: before.map(DArray.init), analytic: implied, output: Tensor(loss), projection: Tensor(1),
            reference: { referenceLoss(.meanSquaredError, DArray(Self.y), try Self.referenceForward(DArray(Self.x), $0)) },
            sourceLocation: #_sourceLocation)
    }
}
