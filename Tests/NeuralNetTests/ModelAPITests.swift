import Testing
import TensorCore
@testable import NeuralNet

/// trainOnBatch / testOnBatch / predictOnBatch, pop, toCategorical, cloneModel and the
/// chapter's transfer-learning flow.
@Suite(.isolatedRandomState) struct ModelAPITests {
    func classifier(seed: UInt64) throws -> Sequential {
        setRandomSeed(seed)
        let m = try Sequential([Dense(6, activation: .relu, inputShape: [2], name: "hidden"), Dense(3, activation: .softmax, name: "out")])
        try m.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.1, momentum: 0.9), metrics: [.accuracy])
        return m
    }

    @Test func trainOnBatchIsOneFitStepOnThatBatch() throws {
        let (x, y) = ModelTests.blobs(count: 12, seed: 81)
        let a = try classifier(seed: 82), b = try classifier(seed: 82)
        var logs: [Logs] = []
        for _ in 0..<3 { logs.append(try a.trainOnBatch(x, y)) }
        let history = try b.fit(x, y, batchSize: 12, epochs: 3, verbose: .silent, shuffle: false)
        #expect(a.getWeights() == b.getWeights())
        #expect(logs.map { $0["loss"] ?? .nan } == history["loss"], "each call reports its own batch, not a running mean")
        #expect(logs.map { $0["accuracy"] ?? .nan } == history["accuracy"])
        #expect(throws: SwiftLearnError.self) { try a.trainOnBatch(x, y, sampleWeight: Tensor([Float](repeating: 1, count: 12)), classWeight: [0: 1]) }
    }

    @Test func testAndPredictOnBatchMatchEvaluateAndPredict() throws {
        let (x, y) = ModelTests.blobs(count: 10, seed: 83)
        let m = try classifier(seed: 84)
        #expect(try m.testOnBatch(x, y) == m.evaluate(x, y, batchSize: 10, verbose: .silent))
        #expect(try m.predictOnBatch(x) == m.predict(x, verbose: .silent))
    }

    @Test func popRemovesTheLastLayerAndRebuilds() throws {
        let m = try classifier(seed: 85)
        let removed = try m.pop()
        #expect(removed.name == "out")
        #expect(m.layers.map(\.name) == ["hidden"])
        #expect(try m.predict(try Tensor(zeros: [4, 2]), verbose: .silent).shape == [4, 6])
        _ = try m.pop()
        #expect(throws: SwiftLearnError.self) { try m.pop() }
    }

    @Test func toCategoricalAsKeras() throws {
        #expect(try toCategorical(Tensor([2, 0, 1])).scalars == [0, 0, 1, 1, 0, 0, 0, 1, 0])
        #expect(try toCategorical(Tensor([1]), numClasses: 4).shape == [1, 4])
        #expect(try toCategorical(try Tensor(shape: [2, 1], scalars: [1, 0])).shape == [2, 2], "a trailing 1 is squeezed, as Keras")
        #expect(throws: SwiftLearnError.self) { try toCategorical(Tensor([0, 3]), numClasses: 3) }
        #expect(throws: SwiftLearnError.self) { try toCategorical(Tensor([0, 1.5])) }
        #expect(throws: SwiftLearnError.self) { try toCategorical(Tensor([-1])) }
    }

    @Test func cloneModelHasFreshOrCopiedIndependentWeights() throws {
        let original = try classifier(seed: 86)
        let fresh = try cloneModel(original)
        #expect(fresh.layers.map(\.name) == original.layers.map(\.name))
        #expect(fresh.getWeights().map(\.shape) == original.getWeights().map(\.shape))
        #expect(fresh.getWeights()[0] != original.getWeights()[0], "fresh kernels from the initializer")
        let copy = try cloneModel(original, copyWeights: true)
        #expect(copy.getWeights() == original.getWeights())
        #expect(copy.weights.allSatisfy { v in !original.weights.contains { $0 === v } }, "no variable is shared")
        try copy.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.5))
        let before = original.getWeights()
        let (x, y) = ModelTests.blobs(count: 12, seed: 87)
        try copy.fit(x, y, verbose: .silent)
        #expect(original.getWeights() == before, "training the clone leaves the original alone")
        #expect(throws: SwiftLearnError.self) { try cloneModel(CompositionSubclass()) }
    }

    final class CompositionSubclass: Model {
        let dense = Dense(2)
        override func call(_ input: Tensor, training: Bool) throws -> Tensor { try dense(input) }
    }

    /// The chapter's transfer learning: model B reuses model A's lower layers (cloned, so A is
    /// kept), frozen for the first epochs, then unfrozen with a lower learning rate.
    @Test func transferLearningFreezesThenFineTunes() throws {
        let (x, y) = ModelTests.blobs(count: 60, seed: 88)
        let modelA = try classifier(seed: 89)
        try modelA.fit(x, y, epochs: 3, verbose: .silent)
        let aClone = try cloneModel(modelA, copyWeights: true) as! Sequential
        let aWeights = modelA.getWeights()
        let binaryY = Tensor(y.scalars.map { $0 == 2 ? 1 : 0 })
        let modelB = try Sequential(Array(aClone.layers.dropLast()) + [Dense(1, activation: .sigmoid, name: "b_out")])
        for layer in modelB.layers.dropLast() { layer.isTrainable = false }
        try modelB.compile(loss: .binaryCrossentropy, optimizer: SGD(learningRate: 0.5), metrics: [.accuracy])
        let hiddenBefore = try modelB.layer(named: "hidden").getWeights()
        try modelB.fit(x, binaryY, epochs: 10, verbose: .silent)
        #expect(try modelB.layer(named: "hidden").getWeights() == hiddenBefore, "frozen while the new head learns")
        for layer in modelB.layers { layer.isTrainable = true }
        try modelB.compile(loss: .binaryCrossentropy, optimizer: SGD(learningRate: 0.05), metrics: [.accuracy])
        let history = try modelB.fit(x, binaryY, epochs: 5, verbose: .silent)
        #expect(try modelB.layer(named: "hidden").getWeights() != hiddenBefore, "fine-tuned after unfreezing")
        #expect(modelA.getWeights() == aWeights, "model A itself is untouched")
        #expect((history["accuracy"].last ?? 0) > 0.9, "\(history.history)")
    }
}
