import Testing
import TensorCore
@testable import NeuralNet

/// Models trained at the same time in different tasks (sharing the GEMM worker pool) end where
/// the same trainings end one after the other.
@Suite struct ConcurrencyTests {
    static func train(seed: UInt64) throws -> [Tensor] {
        try withRandomSeed(seed) {
            var g = SeededGenerator(seed: seed)
            let x = try Tensor.randomUniform(shape: [512, 300], generator: &g)
            let y = Tensor((0..<512).map { _ in Float(g.nextInt(below: 10)) })
            let model = try Sequential([Dense(200, activation: .relu, inputShape: [300]), Dense(10, activation: .softmax)])
            try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.05, momentum: 0.5))
            try model.fit(x, y, batchSize: 128, epochs: 2, verbose: .silent)
            return model.getWeights()
        }
    }

    @Test func concurrentTrainingMatchesSerialTraining() async throws {
        let serial = try [Self.train(seed: 1), Self.train(seed: 2)]
        async let first = Self.train(seed: 1)
        async let second = Self.train(seed: 2)
        let concurrent = try await [first, second]
        for (a, b) in zip(serial.joined(), concurrent.joined()) {
            #expect(maxDifference(a.scalars, b.scalars) < 1e-5)
        }
    }
}
