import Testing
import TensorCore
@testable import NeuralNet

/// Frozen layers stay frozen under every optimizer, including the plain SGD that the tape
/// applies inside the backward pass; weights handed out never change afterwards.
@Suite(.isolatedRandomState) struct TrainabilityTests {
    static let optimizers: [@Sendable () -> Optimizer] = [
        { SGD(learningRate: 0.1) }, { SGD(learningRate: 0.1, momentum: 0.9) }, { Adam(learningRate: 0.01) },
    ]

    func freezeFirstLayerAndFit(_ makeOptimizer: () -> Optimizer, freezeModel: Bool = false) throws -> (before: [Tensor], after: [Tensor], model: Sequential) {
        setRandomSeed(31)
        let model = try Sequential([Dense(8, activation: .relu, inputShape: [2], name: "hidden"), Dense(3, activation: .softmax, name: "out")])
        let hidden = try model.layer(named: "hidden", as: Dense.self)
        if freezeModel { model.isTrainable = false } else { hidden.isTrainable = false }
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: makeOptimizer())
        let before = model.getWeights()
        let (x, y) = ModelTests.blobs(count: 60, seed: 32)
        try model.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent)
        return (before, model.getWeights(), model)
    }

    @Test(arguments: 0..<3)
    func frozenLayerIsBitIdenticalAfterFit(optimizerIndex: Int) throws {
        let (before, after, model) = try freezeFirstLayerAndFit(Self.optimizers[optimizerIndex])
        #expect(before.count == 4 && after.count == 4)
        #expect(after[0] == before[0], "hidden/kernel changed although the layer is frozen")
        #expect(after[1] == before[1], "hidden/bias changed although the layer is frozen")
        #expect(after[2] != before[2], "out/kernel was trained")
        #expect(model.trainableWeights.map(\.path) == ["out/kernel", "out/bias"])
        #expect(model.nonTrainableWeights.map(\.path) == ["hidden/kernel", "hidden/bias"])
    }

    @Test(arguments: 0..<3)
    func frozenModelFreezesEveryLayer(optimizerIndex: Int) throws {
        let (before, after, model) = try freezeFirstLayerAndFit(Self.optimizers[optimizerIndex], freezeModel: true)
        #expect(after == before)
        #expect(model.layers.allSatisfy { !$0.isTrainable })
        #expect(model.trainableWeights.isEmpty)
        #expect(model.weights.allSatisfy { !$0.isTrainable })
    }

    @Test func unfreezingAndCompilingAgainTrainsTheLayer() throws {
        let (before, _, model) = try freezeFirstLayerAndFit(Self.optimizers[0])
        try model.layer(named: "hidden").isTrainable = true
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.1))
        let (x, y) = ModelTests.blobs(count: 60, seed: 33)
        try model.fit(x, y, batchSize: 8, epochs: 1, verbose: .silent)
        #expect(model.getWeights()[0] != before[0])
    }

    @Test func nonTrainableByDefinitionStaysFrozenWhenLayerIsUnfrozen() throws {
        let layer = Dense(2, inputShape: [2])
        try layer.buildIfNeeded(inputShape: [nil, 2])
        let statistic = try layer.addWeight(name: "moving_mean", shape: [2], initializer: .zeros, trainable: false)
        layer.isTrainable = false
        layer.isTrainable = true
        #expect(!statistic.isTrainable)
        #expect(layer.trainableWeights.map(\.name) == ["kernel", "bias"])
    }

    @Test func configRoundTripKeepsEachLayersOwnFlag() throws {
        let model = try Sequential([Dense(4, inputShape: [2], name: "frozen"), Dense(1, name: "free")])
        try model.layer(named: "frozen").isTrainable = false
        let rebuilt = try #require(try LayerRegistry.layer(from: model.serialized) as? Sequential)
        #expect(try rebuilt.layer(named: "frozen").isTrainable == false)
        #expect(try rebuilt.layer(named: "free").isTrainable == true)
        #expect(rebuilt.serialized.jsonText == model.serialized.jsonText)
        #expect(rebuilt.trainableWeights.map(\.path) == ["free/kernel", "free/bias"])
    }

    @Test(arguments: 0..<3)
    func snapshotsAndAssignedArraysNeverChange(optimizerIndex: Int) throws {
        setRandomSeed(34)
        let model = try Sequential([Dense(3, activation: .softmax, inputShape: [2])])
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Self.optimizers[optimizerIndex]())
        let assigned = model.getWeights().map { t in t.scalars.map { $0 + 0.25 } }
        let handedIn = try zip(assigned, model.getWeights()).map { try Tensor(shape: $1.shape, scalars: $0) }
        try model.setWeights(handedIn)
        let snapshot = model.getWeights()
        let snapshotValues = snapshot.map(\.scalars)
        let (x, y) = ModelTests.blobs(count: 30, seed: 35)
        try model.fit(x, y, batchSize: 5, epochs: 2, verbose: .silent)
        #expect(handedIn.map(\.scalars) == assigned, "setWeights' arrays changed under the caller")
        #expect(snapshot.map(\.scalars) == snapshotValues, "getWeights' arrays changed under the caller")
        #expect(model.getWeights().map(\.scalars) != snapshotValues, "the model itself was trained")
    }

    @Test func plainSGDUpdatesInPlaceOnlyTheOptimizersVariables() throws {
        // A variable read by one fusable op but not handed to the optimizer is left alone by the tape.
        let x = try Tensor(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let w = Variable(try Tensor(shape: [2, 3], repeating: 0.5), name: "w")
        let tape = GradientTape()
        let loss = try tape.record { try affine(x, kernel: w.value, bias: nil).summed() }
        tape.inPlaceUpdateScale = -0.1
        try tape.backward(from: loss)
        #expect(w.storedValue.scalars == [Float](repeating: 0.5, count: 6), "not stamped by the training step, so not updated in place")
        #expect(w.gradient != nil, "its gradient is stored instead")
    }
}
