import Foundation
import HDF5
import Testing
import TensorCore
@testable import NeuralNet

/// `.keras` and `.weights.h5`: everything a save holds comes back (config JSON, weights bit for
/// bit, optimizer state with its step count, compile state), and training resumes exactly.
@Suite(.isolatedRandomState) struct SavingRoundTripTests {
    enum Format: String, CaseIterable, Sendable { case keras, weightsH5 }
    enum Kind: String, CaseIterable, Sendable { case sgdMomentum, adam }

    func optimizer(_ kind: Kind) -> Optimizer {
        switch kind {
        case .sgdMomentum: return SGD(learningRate: 0.05, momentum: 0.9, nesterov: true)
        case .adam: return Adam(learningRate: 0.01)
        }
    }

    /// Train 2 epochs, save, load, train 1 more == 3 epochs straight (same seed, no shuffling so
    /// that building the loaded model, which draws random numbers, cannot change the batches).
    @Test(arguments: Format.allCases, Kind.allCases)
    func resumingIsExact(format: Format, kind: Kind) throws {
        let folder = try SavingSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (x, y) = ModelTests.blobs(count: 40, seed: 7)
        let straight = try SavingSupport.mlp(seed: 1)
        try straight.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer(kind), metrics: [.accuracy])
        try straight.fit(x, y, batchSize: 8, epochs: 3, verbose: .silent, shuffle: false)

        let first = try SavingSupport.mlp(seed: 1)
        try first.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer(kind), metrics: [.accuracy])
        try first.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent, shuffle: false)
        let resumed: Model
        switch format {
        case .keras:
            let path = folder.appendingPathComponent("m.keras").path
            try first.save(to: path)
            resumed = try loadModel(from: path)
        case .weightsH5:
            let path = folder.appendingPathComponent("m.weights.h5").path
            try first.saveWeights(to: path)
            resumed = try SavingSupport.mlp(seed: 99)   // other initial weights
            try resumed.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer(kind), metrics: [.accuracy])
            try resumed.loadWeights(from: path)
        }
        #expect(resumed.compiled?.optimizer.iterations == 10)
        try resumed.fit(x, y, batchSize: 8, epochs: 1, verbose: .silent, shuffle: false)
        #expect(resumed.compiled?.optimizer.iterations == 15)
        let difference = SavingSupport.maxDifference(resumed.getWeights(), straight.getWeights())
        #expect(difference <= 1e-6, "resumed vs straight: max |Δw| = \(difference)")
    }

    /// The same without restoring the optimizer state drifts: the resume test can fail.
    @Test func resumingWithAFreshOptimizerDiffers() throws {
        let (x, y) = ModelTests.blobs(count: 40, seed: 7)
        let straight = try SavingSupport.mlp(seed: 1)
        try straight.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01))
        try straight.fit(x, y, batchSize: 8, epochs: 3, verbose: .silent, shuffle: false)
        let other = try SavingSupport.mlp(seed: 1)
        try other.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01))
        try other.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent, shuffle: false)
        try other.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01))
        try other.fit(x, y, batchSize: 8, epochs: 1, verbose: .silent, shuffle: false)
        #expect(SavingSupport.maxDifference(other.getWeights(), straight.getWeights()) > 1e-4)
    }

    @Test func kerasFileKeepsConfigWeightsOptimizerAndCompileState() throws {
        let folder = try SavingSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (x, y) = ModelTests.blobs(count: 24, seed: 3)
        let model = try SavingSupport.mlp(seed: 2)
        let schedule = try ExponentialDecay(initialLearningRate: 0.02, decaySteps: 5, decayRate: 0.9)
        try model.compile(loss: .sparseCategoricalCrossentropy,
                          optimizer: Adam(beta1: 0.8, amsgrad: true, clipnorm: 1.5, learningRateSchedule: schedule),
                          metrics: [Metric.accuracy])
        try model.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent)
        let path = folder.appendingPathComponent("model.keras").path
        try model.save(to: path)
        let loaded = try loadModel(from: path)
        #expect(loaded.serialized.jsonText == model.serialized.jsonText)
        #expect(SavingSupport.bitEqual(loaded.getWeights(), model.getWeights()))
        let (a, b) = (try #require(loaded.compiled), try #require(model.compiled))
        #expect(a.loss == b.loss && a.metrics == b.metrics)
        #expect(a.optimizer.className == "Adam" && a.optimizer.iterations == 6)
        #expect(JSONValue.object(a.optimizer.config) == JSONValue.object(b.optimizer.config))
        #expect(SavingSupport.bitEqual(SavingSupport.slots(a.optimizer), SavingSupport.slots(b.optimizer)))
        #expect(a.optimizer.variables.map(\.path) == loaded.trainableWeights.map(\.path))
        let (p1, p2) = (try loaded.predict([x], verbose: .silent), try model.predict([x], verbose: .silent))
        #expect(SavingSupport.bitEqual(p1, p2))
        // compile: false gives the architecture and weights only.
        let bare = try loadModel(from: path, compile: false)
        #expect(bare.compiled == nil && SavingSupport.bitEqual(bare.getWeights(), model.getWeights()))
    }

    @Test func functionalModelWithTwoOutputsRoundTrips() throws {
        let folder = try SavingSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try SavingSupport.wideAndDeep(seed: 4)
        try model.compile(losses: [Loss.meanSquaredError, .meanAbsoluteError], optimizer: SGD(learningRate: 0.01, momentum: 0.5),
                          lossWeights: [0.9, 0.1], metrics: [[Metric(named: "mae")], []])
        let d = try SavingSupport.regressionData(count: 16, seed: 5)
        try model.fit([d.wide, d.deep], [d.y, d.y], batchSize: 4, epochs: 1, verbose: .silent)
        let path = folder.appendingPathComponent("wide_deep.keras").path
        try model.save(to: path)
        let loaded = try loadModel(from: path)
        #expect(loaded.serialized.jsonText == model.serialized.jsonText)
        #expect(SavingSupport.bitEqual(loaded.getWeights(), model.getWeights()))
        let compiled = try #require(loaded.compiled)
        #expect(compiled.losses == [.meanSquaredError, .meanAbsoluteError] && compiled.lossWeights == [0.9, 0.1])
        #expect(compiled.outputMetrics?.map { $0.map(\.name) } == [["mae"], []])
        #expect(SavingSupport.bitEqual(SavingSupport.slots(compiled.optimizer), SavingSupport.slots(model.compiled!.optimizer)))
    }

    /// A subclassed model: `save` cannot rebuild it, `saveWeights` serves it (as in Keras).
    final class TwoTower: Model {
        let hidden = Dense(4, activation: .relu, name: "tower_hidden")
        let blocks: [Layer] = [Dense(3, name: "block_a"), Dense(3, name: "block_b")]
        let head = Dense(1, name: "tower_head")
        override func call(_ input: Tensor, training: Bool) throws -> Tensor {
            var h = try hidden(input, training: training)
            for b in blocks { h = try b(h, training: training) }
            return try head(h, training: training)
        }
    }

    @Test func subclassedModelWeightsRoundTripInKerasLayout() throws {
        let folder = try SavingSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        setRandomSeed(8)
        let model = TwoTower(name: "two_tower")
        let d = try SavingSupport.regressionData(count: 8, seed: 9)
        try model.compile(loss: .meanSquaredError, optimizer: Adam())
        try model.fit(d.wide, d.y, batchSize: 4, epochs: 1, verbose: .silent)
        let path = folder.appendingPathComponent("tower.weights.h5").path
        try model.saveWeights(to: path)
        #expect(throws: SwiftLearnError.self) { try model.save(to: folder.appendingPathComponent("tower.keras").path) }
        // Keras' paths: attributes by name, list items by class, optimizer with 2 + 2·8 variables.
        let file = try HDF5.File(path)
        for group in ["blocks/dense/vars", "blocks/dense_1/vars", "head/vars", "hidden/vars", "vars", "optimizer/vars"] {
            #expect(try file.exists(group), "\(group)")
        }
        #expect(try file.openGroup("optimizer/vars").memberNames().count == 18)
        #expect(try file.openGroup("blocks/dense_1/vars").attribute("name").readString() == "block_b")
        file.close()
        setRandomSeed(10)
        let other = TwoTower(name: "two_tower")
        _ = try other(d.wide)
        try other.compile(loss: .meanSquaredError, optimizer: Adam())
        try other.loadWeights(from: path)
        #expect(SavingSupport.bitEqual(other.getWeights(), model.getWeights()))
        #expect(other.compiled?.optimizer.iterations == 2)
        #expect(SavingSupport.bitEqual(SavingSupport.slots(other.compiled!.optimizer), SavingSupport.slots(model.compiled!.optimizer)))
    }

    /// Keras 3's layout: `layers/<snake class>[_n]/vars/<i>`, `optimizer/vars` in Keras' order
    /// (iteration int32, learning_rate, then momentum/velocity interleaved per weight).
    @Test func weightsFileHasKerasLayoutAndOptimizerOrder() throws {
        let folder = try SavingSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (x, y) = ModelTests.blobs(count: 16, seed: 11)
        let model = try SavingSupport.mlp(seed: 12)
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam())
        try model.fit(x, y, batchSize: 8, epochs: 1, verbose: .silent)
        let path = folder.appendingPathComponent("mlp.weights.h5").path
        try model.saveWeights(to: path)
        let file = try HDF5.File(path)
        defer { file.close() }
        #expect(try file.openGroup("layers").memberNames() == ["dense", "dense_1", "dense_2"])
        #expect(try file.openDataset("layers/dense_1/vars/0").shape == [8, 6])
        let iteration = try file.openDataset("optimizer/vars/0")
        let iterationValue = try iteration.read(as: Int32.self)
        #expect(iteration.elementType == .int32 && iteration.shape == [] && iterationValue == [2])
        #expect(try file.openDataset("optimizer/vars/1").readFloats() == [0.001])
        let optimizer = try #require(model.compiled?.optimizer)
        // vars/2 = kernel momentum, vars/3 = kernel velocity, vars/4 = bias momentum...
        #expect(try file.openDataset("optimizer/vars/3").readFloats() == optimizer.slots[0][1].scalars)
        #expect(try file.openDataset("optimizer/vars/4").readFloats() == optimizer.slots[1][0].scalars)
        #expect(try file.openGroup("optimizer/vars").memberNames().count == 14)
    }

    @Test func failedSaveKeepsTheOldFileAndLeavesNothingBehind() throws {
        let folder = try SavingSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try SavingSupport.mlp(seed: 13)
        let path = folder.appendingPathComponent("m.keras").path
        try model.save(to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A subclassed model cannot be saved as .keras: the error comes mid-save.
        #expect(throws: SwiftLearnError.self) { try TwoTower(name: "t").save(to: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(SavingSupport.contents(folder) == ["m.keras"])
        // Missing folder.
        let missing = folder.appendingPathComponent("nope/m.keras").path
        #expect(throws: SwiftLearnError.self) { try model.save(to: missing) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("nope").path))
        // Read-only folder (skipped as root, who may write anyway).
        let readOnly = folder.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: readOnly, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: readOnly.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly.path) }
        if getuid() != 0 {
            #expect(throws: SwiftLearnError.self) { try model.saveWeights(to: readOnly.appendingPathComponent("m.weights.h5").path) }
            #expect(SavingSupport.contents(readOnly).isEmpty)
        }
        #if os(Linux)
        // A folder whose file system refuses new files, even to root (procfs): every format
        // throws an error naming the path and leaves nothing behind.
        for path in ["/proc/swiftlearn-m.keras", "/proc/swiftlearn-m.h5"] {
            #expect { try model.save(to: path) } throws: { "\($0)".contains(path) }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        #expect { try model.saveWeights(to: "/proc/swiftlearn-m.weights.h5") } throws: { "\($0)".contains("/proc/") }
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        #expect(!leftovers.contains { $0.contains("swiftlearn-m") })
        #endif
    }
}
