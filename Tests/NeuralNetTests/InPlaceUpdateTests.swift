import Testing
import TensorCore
@testable import NeuralNet

/// Plain SGD is applied inside the backward pass for weights read once; the result must equal
/// the ordinary gradient-then-update path, also when a layer is shared.
@Suite(.serialized, .isolatedRandomState) struct InPlaceUpdateTests {
    /// Plain SGD through the stored-gradient path (no `inPlaceUpdateScale`).
    final class StoredGradientSGD: Optimizer {
        override func update(_ value: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
                             slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
            axpy(-learningRate, gradient, value, count: count)
        }
    }

    /// Applies one Dense layer twice (its kernel has two consumers, so it is never fused).
    final class SharedLayerModel: Model {
        let shared = Dense(4, activation: .tanh)
        let head = Dense(3, activation: .softmax)
        override func call(_ input: Tensor, training: Bool) throws -> Tensor {
            try head(shared(shared(input)))
        }
    }

    func trainedWeights(_ makeModel: () throws -> Model, optimizer: Optimizer) throws -> ([Tensor], Model) {
        setRandomSeed(21)
        let model = try makeModel()
        let (x, y) = ModelTests.blobs(count: 64, seed: 22)
        let x4 = try Tensor(shape: [64, 4], scalars: x.scalars + x.scalars.map { $0 * 0.5 })
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer)
        try model.fit(x4, y, batchSize: 8, epochs: 3, verbose: .silent)
        return (model.getWeights(), model)
    }

    @Test(arguments: [false, true])
    func fusedEqualsStoredGradients(sharedLayer: Bool) throws {
        let make: () throws -> Model = sharedLayer
            ? { SharedLayerModel() }
            : { try Sequential([Dense(8, activation: .relu, inputShape: [4]), Dense(3, activation: .softmax)]) }
        let (fused, fusedModel) = try trainedWeights(make, optimizer: SGD(learningRate: 0.1))
        // Guard that the two runs really take different paths: the fused run stored no gradient
        // for weights read once, and (shared layer) kept the stored path for the shared kernel.
        let fusedCount = fusedModel.trainableWeights.filter { $0.gradient == nil }.count
        #expect(fusedCount == (sharedLayer ? 2 : 4), "weights updated inside the backward pass")
        if let shared = fusedModel as? SharedLayerModel {
            #expect(shared.shared.kernel?.gradient != nil, "the shared kernel has two consumers")
            #expect(shared.head.kernel?.gradient == nil)
        }
        let (stored, storedModel) = try trainedWeights(make, optimizer: StoredGradientSGD(learningRate: 0.1))
        #expect(storedModel.trainableWeights.allSatisfy { $0.gradient != nil }, "the reference stores every gradient")
        try #require(fused.count == stored.count && fused.count == 4)
        for (a, b) in zip(fused, stored) {
            try #require(a.shape == b.shape)
            #expect(maxDifference(a.scalars, b.scalars) < 1e-5)
        }
    }

    @Test func weightSnapshotsAreNotChangedByTraining() throws {
        let model = try Sequential([Dense(3, activation: .softmax, inputShape: [2])])
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.5))
        let snapshot = model.getWeights()
        let copies = snapshot.map(\.scalars)
        let (x, y) = ModelTests.blobs(count: 30, seed: 23)
        try model.fit(x, y, epochs: 2, verbose: .silent)
        #expect(snapshot.map(\.scalars) == copies, "getWeights() returned values, not views")
        #expect(model.getWeights().map(\.scalars) != copies, "the model itself was trained")
        #expect(model.trainableWeights.allSatisfy { $0.gradient == nil }, "plain SGD updated every weight in place")
    }
}
