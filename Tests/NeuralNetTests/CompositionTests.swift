import Testing
import TensorCore
@testable import NeuralNet

/// Models are layers: they nest, and a subclass with its own `call` trains like any model.
@Suite(.isolatedRandomState) struct CompositionTests {
    @Test func sequentialNestsInsideSequential() throws {
        setRandomSeed(11)
        let inner = try Sequential([Dense(8, activation: .tanh), Dense(4, activation: .tanh)], name: "block")
        let model = try Sequential([InputLayer(shape: [2]), inner, Dense(3, activation: .softmax)])
        #expect(model.parameterCount == (2 * 8 + 8) + (8 * 4 + 4) + (4 * 3 + 3))
        #expect(model.trainableWeights.count == 6)
        #expect(model.summaryText().contains("block (Sequential)"))
        let (x, y) = ModelTests.blobs(count: 150, seed: 12)
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.02), metrics: [.accuracy])
        let history = try model.fit(x, y, batchSize: 16, epochs: 15, verbose: .silent)
        #expect(history["accuracy"].last! > 0.9)
    }

    @Test func subclassedModelTrains() throws {
        /// A wide-and-deep style model written by subclassing.
        final class WideAndDeep: Model {
            let hidden = Dense(16, activation: .relu)
            let deep = Dense(1)
            let wide = Dense(1, useBias: false)
            override func call(_ input: Tensor, training: Bool) throws -> Tensor {
                try deep(hidden(input)) + wide(input)
            }
        }
        setRandomSeed(13)
        var g = SeededGenerator(seed: 14)
        let x = try Tensor.randomUniform(shape: [256, 3], low: -1, high: 1, generator: &g)
        let y = try (x.square().summedAlongLastAxis() + x.summedAlongLastAxis()).reshaped(to: [256, 1])
        let model = WideAndDeep()
        try model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.02))
        let history = try model.fit(x, y, batchSize: 32, epochs: 60, verbose: .silent)
        #expect(model.layers.count == 3)
        #expect(model.trainableWeights.count == 5)
        #expect(history["loss"].last! < history["loss"].first! / 10)
    }
}
