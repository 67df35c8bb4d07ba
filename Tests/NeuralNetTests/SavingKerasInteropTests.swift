import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Files real Keras 3 wrote (`Interop/make_saving_fixtures.py`, `Fixtures/keras/saving/`): a
/// Sequential MLP and a functional wide-and-deep model, compiled with Adam after one epoch.
@Suite(.isolatedRandomState) struct SavingKerasInteropTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras/saving")

    struct Record {
        let inputs: [Tensor]
        let prediction: Tensor
        let iterations: Int
    }

    func record(_ name: String) throws -> Record {
        let fixtures = KerasFixtures(root: try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: Self.folder.appendingPathComponent("\(name).json"))) as? [String: Any]))
        let inputs = try (fixtures.root["inputs"] as? [[String: Any]] ?? []).map { try tensor($0["values"], shape: $0["shape"]) }
        let p = fixtures.object("prediction")
        return Record(inputs: inputs, prediction: try tensor(p["values"], shape: p["shape"]),
                      iterations: (fixtures.root["iterations"] as? NSNumber)?.intValue ?? -1)
    }

    func expectClose(_ a: Tensor, _ b: Tensor, _ what: String) {
        #expect(a.shape == b.shape, "\(what): shape")
        let worst = SavingSupport.maxDifference([a], [b])
        #expect(worst <= 1e-5, "\(what): max |Δ| = \(worst)")
    }

    @Test(arguments: ["mlp", "wide_deep"])
    func loadsKerasFilesAndPredictsAsKeras(name: String) throws {
        let expected = try record(name)
        #expect(!expected.inputs.isEmpty)
        let model = try loadModel(from: Self.folder.appendingPathComponent("\(name).keras").path)
        let optimizer = try #require(model.compiled?.optimizer as? Adam)
        #expect(optimizer.iterations == expected.iterations && expected.iterations > 0)
        #expect(optimizer.isBuilt && optimizer.variables.count == model.trainableWeights.count)
        expectClose(try model.predict(expected.inputs, verbose: .silent)[0], expected.prediction, "\(name).keras")

        // The .weights.h5 into a model rebuilt from the same architecture (other initial weights).
        setRandomSeed(77)
        let rebuilt = try #require(try LayerRegistry.layer(from: model.serialized) as? Model)
        try rebuilt.compile(loss: model.compiled!.loss, optimizer: Adam())
        #expect(SavingSupport.maxDifference(rebuilt.getWeights(), model.getWeights()) > 1e-3)
        try rebuilt.loadWeights(from: Self.folder.appendingPathComponent("\(name).weights.h5").path)
        #expect(SavingSupport.bitEqual(rebuilt.getWeights(), model.getWeights()))
        #expect(rebuilt.compiled?.optimizer.iterations == expected.iterations)
        #expect(SavingSupport.bitEqual(SavingSupport.slots(rebuilt.compiled!.optimizer), SavingSupport.slots(optimizer)))
        expectClose(try rebuilt.predict(expected.inputs, verbose: .silent)[0], expected.prediction, "\(name).weights.h5")
    }

    /// Writes the files `Interop/check_saved_by_swiftlearn.py` loads in Keras 3 (run with
    /// `SWIFTLEARN_SAVING_OUT=<folder>`; otherwise a scratch folder, removed afterwards).
    @Test func writesFilesForKerasToCheck() throws {
        let given = ProcessInfo.processInfo.environment["SWIFTLEARN_SAVING_OUT"]
        let folder = try given.map { URL(fileURLWithPath: $0) } ?? SavingSupport.scratchFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if given == nil { try? FileManager.default.removeItem(at: folder) } }
        setRandomSeed(31)
        let mlp = try Sequential([InputLayer(shape: [4]), Dense(8, activation: .relu), Dense(3, activation: .softmax)], name: "swift_mlp")
        try mlp.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        var g = SeededGenerator(seed: 32)
        let x = try Tensor(shape: [24, 4], scalars: (0..<96).map { _ in g.nextNormal() })
        let y = Tensor((0..<24).map { Float($0 % 3) })
        try mlp.fit(x, y, batchSize: 8, epochs: 1, verbose: .silent)
        let wd = try SavingSupport.wideAndDeep(seed: 33)
        try wd.compile(losses: [Loss.meanSquaredError, .meanSquaredError], optimizer: SGD(learningRate: 0.01, momentum: 0.9), lossWeights: [0.9, 0.1])
        let d = try SavingSupport.regressionData(count: 16, seed: 34)
        try wd.fit([d.wide, d.deep], [d.y, d.y], batchSize: 4, epochs: 1, verbose: .silent)
        let probes: [(String, Model, [Tensor], [Tensor])] = [("swift_mlp", mlp, [x], [y]), ("swift_wide_deep", wd, [d.wide, d.deep], [d.y, d.y])]
        func arrays(_ ts: [Tensor]) -> JSONValue {
            .array(ts.map { .object([("shape", .shape($0.shape)), ("values", .array($0.scalars.map { .float32($0) }))]) })
        }
        for (name, model, inputs, targets) in probes {
            try model.save(to: folder.appendingPathComponent("\(name).keras").path)
            try model.saveWeights(to: folder.appendingPathComponent("\(name).weights.h5").path)
            let outputs = try model.predict(inputs, verbose: .silent)
            let json = JSONValue.object([("inputs", arrays(inputs)), ("outputs", arrays(outputs)), ("targets", arrays(targets)),
                                         ("iterations", .number(Double(model.compiled!.optimizer.iterations)))])
            try Data(json.jsonText.utf8).write(to: folder.appendingPathComponent("\(name).json"))
            #expect(try loadModel(from: folder.appendingPathComponent("\(name).keras").path).compiled != nil)
        }
    }
}
