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
    /// `SWIFTLEARN_SAVING_OUT=<folder>`; otherwise a scratch folder, removed afterwards): an MLP,
    /// a two-input two-output model (loss weights), a multi-IO model with per-output metrics,
    /// and a model with every layer type (Normalization adapted, Reshape, Flatten, Dense with an
    /// L2 regularizer and a max-norm constraint, BatchNormalization after a fit, Activation,
    /// Dropout), each fitted one epoch, then saved. Each `<name>.json` holds the inputs, our
    /// predictions at save time, the targets, the optimizer's iterations, the batch size and our
    /// loss for one more epoch (`next_epoch_loss`, unshuffled batches), which Keras' `fit` from the
    /// loaded file must equal; null for the model whose Dropout draws random masks.
    @Test func writesFilesForKerasToCheck() throws {
        let given = ProcessInfo.processInfo.environment["SWIFTLEARN_SAVING_OUT"]
        let folder = try given.map { URL(fileURLWithPath: $0) } ?? SavingSupport.scratchFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if given == nil { try? FileManager.default.removeItem(at: folder) } }
        var written: [String] = []
        for c in try InteropModels.all() {
            try c.model.fit(c.inputs, c.targets, batchSize: InteropModels.batchSize, epochs: 1, verbose: .silent)
            try c.model.save(to: folder.appendingPathComponent("\(c.name).keras").path)
            try c.model.saveWeights(to: folder.appendingPathComponent("\(c.name).weights.h5").path)
            let outputs = try c.model.predict(c.inputs, verbose: .silent)
            let iterations = c.model.compiled!.optimizer.iterations
            // Our next epoch, as Keras will run it from the file: same batches, in order.
            let next = try c.model.fit(c.inputs, c.targets, batchSize: InteropModels.batchSize, epochs: 1, verbose: .silent, shuffle: false)
            let nextLoss = try #require(next.history["loss"]?.first)
            func arrays(_ ts: [Tensor]) -> JSONValue {
                .array(ts.map { .object([("shape", .shape($0.shape)), ("values", .array($0.scalars.map { .float32($0) }))]) })
            }
            let json = JSONValue.object([("inputs", arrays(c.inputs)), ("outputs", arrays(outputs)), ("targets", arrays(c.targets)),
                                         ("iterations", .number(Double(iterations))),
                                         ("batch_size", .number(Double(InteropModels.batchSize))),
                                         ("next_epoch_loss", c.deterministic ? .float32(nextLoss) : .null)])
            try Data(json.jsonText.utf8).write(to: folder.appendingPathComponent("\(c.name).json"))
            let back = try loadModel(from: folder.appendingPathComponent("\(c.name).keras").path)
            #expect(back.compiled?.optimizer.iterations == iterations)
            #expect(SavingSupport.maxDifference(try back.predict(c.inputs, verbose: .silent), outputs) <= 1e-6)
            written.append(c.name)
        }
        #expect(written == ["swift_mlp", "swift_wide_deep", "swift_multi_io", "swift_every_layer", "swift_every_layer_no_dropout"])
    }
}

/// The models `writesFilesForKerasToCheck` writes for Keras 3 to load.
enum InteropModels {
    struct Case {
        let name: String
        let model: Model
        let inputs: [Tensor]
        let targets: [Tensor]
        /// Whether a training epoch is reproducible outside SwiftLearn (no random Dropout mask).
        let deterministic: Bool
    }

    static let batchSize = 8

    static func normal(_ shape: [Int], _ g: inout SeededGenerator, scale: Float = 1, shift: Float = 0) throws -> Tensor {
        try Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in g.nextNormal() * scale + shift })
    }

    static func all() throws -> [Case] {
        var g = SeededGenerator(seed: 32)
        setRandomSeed(31)
        let mlp = try Sequential([InputLayer(shape: [4]), Dense(8, activation: .relu), Dense(3, activation: .softmax)], name: "swift_mlp")
        try mlp.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        let x = try normal([24, 4], &g)
        let y = Tensor((0..<24).map { Float($0 % 3) })

        let wd = try SavingSupport.wideAndDeep(seed: 33)
        try wd.compile(losses: [Loss.meanSquaredError, .meanSquaredError], optimizer: SGD(learningRate: 0.01, momentum: 0.9), lossWeights: [0.9, 0.1])
        let d = try SavingSupport.regressionData(count: 24, seed: 34)

        let multi = try SavingSupport.wideAndDeep(seed: 35)
        try multi.compile(losses: [Loss.meanSquaredError, .meanAbsoluteError], optimizer: RMSprop(learningRate: 0.005, momentum: 0.5, centered: true),
                          lossWeights: [0.7, 0.3], metrics: [[.meanAbsoluteError], [.meanSquaredError]])
        let aux = try normal([24, 1], &g)

        var cases = [Case(name: "swift_mlp", model: mlp, inputs: [x], targets: [y], deterministic: true),
                     Case(name: "swift_wide_deep", model: wd, inputs: [d.wide, d.deep], targets: [d.y, d.y], deterministic: true),
                     Case(name: "swift_multi_io", model: multi, inputs: [d.wide, d.deep], targets: [d.y, aux], deterministic: true)]
        for (name, rate) in [("swift_every_layer", Float(0.25)), ("swift_every_layer_no_dropout", 0)] {
            setRandomSeed(36)
            let xs = try normal([24, 6], &g, scale: 3, shift: 1), ys = try normal([24, 2], &g)
            let norm = Normalization()
            try norm.adapt(xs)
            let model = try Sequential([InputLayer(shape: [6]), norm, Reshape([2, 3]), Flatten(),
                                        Dense(8, kernelRegularizer: L2(0.01), kernelConstraint: MaxNorm(2)),
                                        BatchNormalization(), ActivationLayer(.relu), Dropout(rate), Dense(2)], name: name)
            try model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.01))
            cases.append(Case(name: name, model: model, inputs: [xs], targets: [ys], deterministic: rate == 0))
        }
        return cases
    }
}
