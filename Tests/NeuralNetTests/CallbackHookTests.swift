import Testing
import TensorCore
@testable import NeuralNet

/// Callbacks fire at Keras' hook points, in Keras' order, and reach the model through `model`.
@Suite(.isolatedRandomState) struct CallbackHookTests {
    /// Records every hook as a short string.
    final class Recorder: Callback {
        var events: [String] = []
        var modelNames: Set<String> = []
        func note(_ event: String) {
            events.append(event)
            if let model { modelNames.insert(model.name) }
        }
        override func onTrainBegin(logs: Logs) throws { note("train_begin") }
        override func onTrainEnd(logs: Logs) throws { note("train_end") }
        override func onEpochBegin(_ epoch: Int, logs: Logs) throws { note("epoch_begin \(epoch)") }
        override func onEpochEnd(_ epoch: Int, logs: Logs) throws { note("epoch_end \(epoch) \(logs.keys.sorted().joined(separator: ","))") }
        override func onTrainBatchBegin(_ batch: Int, logs: Logs) throws { note("train_batch_begin \(batch)") }
        override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { note("train_batch_end \(batch)") }
        override func onTestBegin(logs: Logs) throws { note("test_begin") }
        override func onTestEnd(logs: Logs) throws { note("test_end \(logs.keys.sorted().joined(separator: ","))") }
        override func onTestBatchBegin(_ batch: Int, logs: Logs) throws { note("test_batch_begin \(batch)") }
        override func onTestBatchEnd(_ batch: Int, logs: Logs) throws { note("test_batch_end \(batch)") }
        override func onPredictBegin(logs: Logs) throws { note("predict_begin") }
        override func onPredictEnd(logs: Logs) throws { note("predict_end") }
        override func onPredictBatchBegin(_ batch: Int, logs: Logs) throws { note("predict_batch_begin \(batch)") }
        override func onPredictBatchEnd(_ batch: Int, logs: Logs) throws { note("predict_batch_end \(batch)") }
    }

    func model() throws -> Sequential {
        let m = try Sequential([Dense(3, activation: .softmax, inputShape: [2])], name: "hooked")
        try m.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(), metrics: [.accuracy])
        return m
    }

    @Test func fitWithValidationFiresTrainAndTestHooksInKerasOrder() throws {
        let m = try model()
        let recorder = Recorder()
        let (x, y) = ModelTests.blobs(count: 12, seed: 61)
        let (vx, vy) = ModelTests.blobs(count: 5, seed: 62)
        try m.fit(x, y, batchSize: 8, epochs: 1, verbose: .silent, callbacks: [recorder], validationData: (vx, vy))
        #expect(recorder.events == [
            "train_begin", "epoch_begin 0",
            "train_batch_begin 0", "train_batch_end 0", "train_batch_begin 1", "train_batch_end 1",
            "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_end accuracy,loss",
            "epoch_end 0 accuracy,loss,val_accuracy,val_loss", "train_end",
        ])
        #expect(recorder.modelNames == ["hooked"])
    }

    @Test func evaluateAndPredictFireTheirHooks() throws {
        let m = try model()
        let (x, y) = ModelTests.blobs(count: 5, seed: 63)
        let recorder = Recorder()
        _ = try m.evaluate(x, y, batchSize: 3, verbose: .silent, callbacks: [recorder])
        #expect(recorder.events == ["test_begin", "test_batch_begin 0", "test_batch_end 0", "test_batch_begin 1", "test_batch_end 1", "test_end accuracy,loss"])
        recorder.events = []
        _ = try m.predict(x, batchSize: 3, verbose: .silent, callbacks: [recorder])
        #expect(recorder.events == ["predict_begin", "predict_batch_begin 0", "predict_batch_end 0", "predict_batch_begin 1", "predict_batch_end 1", "predict_end"])
        #expect(recorder.model === m)
    }

    /// Stops training from `onEpochEnd` through `model`, as a Keras callback would.
    final class StopAfterFirstEpoch: Callback {
        override func onEpochEnd(_ epoch: Int, logs: Logs) throws { model?.stopTraining = true }
    }

    @Test func callbackReachesItsModelWithoutSetModel() throws {
        let m = try model()
        let (x, y) = ModelTests.blobs(count: 6, seed: 64)
        let history = try m.fit(x, y, epochs: 5, verbose: .silent, callbacks: [StopAfterFirstEpoch()])
        #expect(history.epoch == [0])
    }

    struct Boom: Error {}
    final class ThrowsAtBatch: Callback {
        override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { if batch == 1 { throw Boom() } }
    }

    @Test func aThrowingCallbackEndsFitAndLeavesTheModelUsable() throws {
        let m = try model()
        let (x, y) = ModelTests.blobs(count: 12, seed: 65)
        #expect(throws: Boom.self) { try m.fit(x, y, batchSize: 4, verbose: .silent, callbacks: [ThrowsAtBatch()]) }
        let history = try m.fit(x, y, batchSize: 4, epochs: 2, verbose: .silent)
        #expect(history["loss"].count == 2 && history["loss"].allSatisfy(\.isFinite))
        #expect(try m.predict(x, verbose: .silent).shape == [12, 3])
    }

    @Test func layerNamedAsReturnsTheConcreteType() throws {
        let m = try model()
        let dense = try m.layer(named: m.layers[0].name, as: Dense.self)
        #expect(dense.units == 3)
        #expect(throws: SwiftLearnError.self) { try m.layer(named: m.layers[0].name, as: Flatten.self) }
    }
}
