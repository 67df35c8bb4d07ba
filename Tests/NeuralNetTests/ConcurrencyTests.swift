import Testing
import TensorCore
@testable import NeuralNet

/// Models trained at the same time in different tasks (sharing the GEMM worker pool) end where
/// the same trainings end one after the other, and one trained model predicts the same from
/// several tasks at once as from one. The workloads are small enough for `scripts/sanitize`
/// (ThreadSanitizer and AddressSanitizer builds) yet their products are large enough to be split
/// over the worker pool (above `BLAS.parallelThreshold`).
@Suite struct ConcurrencyTests {
    /// Hands a model to several tasks; the test only reads it concurrently (predict).
    struct Shared<Value>: @unchecked Sendable { let value: Value }

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

    @Test func concurrentPredictMatchesSerialPredict() async throws {
        let (model, inputs) = try withRandomSeed(7) {
            var g = SeededGenerator(seed: 7)
            let x = try Tensor.randomUniform(shape: [256, 300], generator: &g)
            let y = Tensor((0..<256).map { _ in Float(g.nextInt(below: 10)) })
            let model = try Sequential([Dense(200, activation: .relu, inputShape: [300]), Dense(10, activation: .softmax)])
            try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01))
            try model.fit(x, y, batchSize: 64, epochs: 1, verbose: .silent)
            let inputs = try (0..<4).map { _ in try Tensor.randomUniform(shape: [384, 300], generator: &g) }
            return (model, inputs)
        }
        // Batches of 128 rows: each layer's product (128x300x200) is split over the pool.
        let serial = try inputs.map { try model.predict($0, batchSize: 128, verbose: .silent) }
        let shared = Shared(value: model)
        let concurrent = try await withThrowingTaskGroup(of: (Int, Tensor).self) { group in
            for (index, x) in inputs.enumerated() {
                group.addTask { (index, try shared.value.predict(x, batchSize: 128, verbose: .silent)) }
            }
            var out = [Tensor?](repeating: nil, count: inputs.count)
            for try await (index, y) in group { out[index] = y }
            return out
        }
        for (a, b) in zip(serial, concurrent) {
            #expect(b?.shape == [384, 10])
            #expect(maxDifference(a.scalars, b?.scalars ?? []) < 1e-6)
        }
    }
}
