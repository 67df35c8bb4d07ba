import Foundation
import HDF5
import Testing
import TensorCore
@testable import NeuralNet

/// The optimizer state kept in `/swiftlearn_optimizer_state`: resuming from a saved file equals
/// training straight through.
@Suite("Legacy .h5: optimizer state", .isolatedRandomState)
struct LegacyH5OptimizerTests {
    static func data() throws -> (Tensor, Tensor) {
        let x = try Tensor(shape: [40, 4, 5], scalars: (0..<800).map { Float(sin(Double($0) * 0.37)) })
        let y = try Tensor(shape: [40], scalars: (0..<40).map { Float(($0 * 7) % 3) })
        return (x, y)
    }

    @Test("train 2 epochs, save, load, restore, train 1 = 3 epochs straight (1e-6)",
          arguments: ["sgd-momentum", "adam"])
    func resumeIsExact(_ kind: String) throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func optimizer() -> Optimizer { kind == "adam" ? Adam(learningRate: 0.01) : SGD(learningRate: 0.05, momentum: 0.9, nesterov: true) }
        let (x, y) = try Self.data()
        let straight = try LegacyModels.mlp()
        let resumed = try LegacyModels.mlp()
        try resumed.setWeights(straight.getWeights())
        for model in [straight, resumed] { try model.compile(loss: "sparse_categorical_crossentropy", optimizer: optimizer()) }
        try straight.fit(x, y, batchSize: 16, epochs: 3, verbose: .silent, shuffle: false)
        try resumed.fit(x, y, batchSize: 16, epochs: 2, verbose: .silent, shuffle: false)
        let url = folder.appendingPathComponent("resume.h5")
        try saveLegacyH5Model(resumed, to: url, includeOptimizer: true)
        let loaded = try loadLegacyH5Model(from: url)
        try loaded.compile(loss: "sparse_categorical_crossentropy", optimizer: optimizer())
        let file = try File(url.path)
        #expect(try LegacyH5.hasOptimizerState(file))
        try LegacyH5.restoreOptimizerState(from: file, into: loaded)
        file.close()
        #expect(loaded.compiled?.optimizer.iterations == 6)
        try loaded.fit(x, y, batchSize: 16, epochs: 1, verbose: .silent, shuffle: false)
        let a = straight.getWeights().flatMap(\.scalars), b = loaded.getWeights().flatMap(\.scalars)
        #expect(maxDifference(a, b) <= 1e-6)
        // Without the state (a fresh optimizer), the third epoch differs: the test can tell.
        let fresh = try loadLegacyH5Model(from: url)
        try fresh.compile(loss: "sparse_categorical_crossentropy", optimizer: optimizer())
        try fresh.fit(x, y, batchSize: 16, epochs: 1, verbose: .silent, shuffle: false)
        #expect(maxDifference(a, fresh.getWeights().flatMap(\.scalars)) > 1e-4)
    }

    @Test("the state group's layout, and errors for a wrong optimizer class or model")
    func layoutAndMismatches() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (x, y) = try Self.data()
        let model = try LegacyModels.mlp()
        try model.compile(loss: "sparse_categorical_crossentropy", optimizer: Adam())
        try model.fit(x, y, batchSize: 16, epochs: 1, verbose: .silent, shuffle: false)
        let url = folder.appendingPathComponent("m.h5"), bare = folder.appendingPathComponent("bare.h5")
        try saveLegacyH5Model(model, to: url, includeOptimizer: true)
        try saveLegacyH5Model(model, to: bare, includeOptimizer: false)
        let file = try File(url.path)
        let group = try file.openGroup("swiftlearn_optimizer_state")
        #expect(try group.attribute("class_name").readString() == "Adam")
        #expect(try group.attribute("variable_paths").readStrings() == model.trainableWeights.map(\.path))
        #expect(try group.openDataset("iterations").read(as: Int64.self) == [3])
        #expect(try group.openDataset("slots/0/1").shape == [20, 8])
        #expect(try !file.exists("optimizer_weights"))
        #expect(try !LegacyH5.hasOptimizerState(File(bare.path)))
        // Compiled with SGD: the Adam state does not fit.
        let loaded = try loadLegacyH5Model(from: url)
        try loaded.compile(loss: "sparse_categorical_crossentropy", optimizer: SGD())
        #expect(throws: SwiftLearnError.self) { try LegacyH5.restoreOptimizerState(from: file, into: loaded) }
        // Another model's variables: listed.
        let other = try LegacyModels.mlp()
        try other.compile(loss: "sparse_categorical_crossentropy", optimizer: Adam())
        do {
            try LegacyH5.restoreOptimizerState(from: file, into: other)
            Issue.record("restoring into another model did not throw")
        } catch let e as SwiftLearnError {
            #expect(e.message.contains("@variable_paths") && e.message.contains(url.path))
        }
    }
}

/// Writes what `Interop/check_legacy_h5_by_swiftlearn.py` checks with real Keras 3: set
/// `LEGACY_H5_INTEROP_OUT=<folder>` to keep the files (`sequential.h5`, `functional.h5`, each
/// trained one epoch and saved with its optimizer state, `weights/<name>.h5` (weights only),
/// and `<name>.json` with probe inputs, our
/// predictions and the loss to compile with). Without it, writes to a temporary folder and reads back.
@Suite("Legacy .h5: files for the Keras interop check", .isolatedRandomState)
struct LegacyH5InteropWriter {
    @Test func writeLegacyH5ForInteropCheck() throws {
        let temporary = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let folder = ProcessInfo.processInfo.environment["LEGACY_H5_INTEROP_OUT"].map { URL(fileURLWithPath: $0) } ?? temporary
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("weights"), withIntermediateDirectories: true)
        let (x, y) = try LegacyH5OptimizerTests.data()
        let mlp = try LegacyModels.mlp()
        try mlp.compile(loss: "sparse_categorical_crossentropy", optimizer: Adam())
        try mlp.fit(x, y, batchSize: 16, epochs: 1, verbose: .silent, shuffle: false)
        let wd = try LegacyModels.wideDeep()
        let xw = try Tensor(shape: [40, 5], scalars: (0..<200).map { Float(cos(Double($0) * 0.21)) })
        let xd = try Tensor(shape: [40, 6], scalars: (0..<240).map { Float(sin(Double($0) * 0.13)) })
        let t = try Tensor(shape: [40, 1], scalars: (0..<40).map { Float($0 % 5) * 0.2 })
        try wd.compile(loss: "mean_squared_error", optimizer: SGD(learningRate: 0.01, momentum: 0.9))
        try wd.fit([xw, xd], [t], batchSize: 16, epochs: 1, verbose: .silent, shuffle: false)
        let cases: [(String, Model, [Tensor], Tensor, String)] = [
            ("sequential", mlp, [x], y, "sparse_categorical_crossentropy"),
            ("functional", wd, [xw, xd], t, "mean_squared_error"),
        ]
        for (name, model, inputs, target, loss) in cases {
            let url = folder.appendingPathComponent("\(name).h5")
            try saveLegacyH5Model(model, to: url, includeOptimizer: true)
            try saveLegacyH5Weights(model, to: folder.appendingPathComponent("weights/\(name).h5"))
            let probes = inputs.map { $0[0..<5] }
            let outputs = try model(probes)
            func encode(_ t: Tensor) -> JSONValue { .object([("shape", .array(t.shape.map { .number(Double($0)) })), ("values", .array(t.scalars.map { .number(Double($0)) }))]) }
            let record: JSONValue = .object([
                ("loss", .string(loss)), ("probes", .array(probes.map(encode))), ("outputs", .array(outputs.map(encode))),
                ("x", .array(inputs.map(encode))), ("y", encode(target)),
            ])
            try Data(record.jsonText.utf8).write(to: folder.appendingPathComponent("\(name).json"))
            let back = try loadLegacyH5Model(from: url)
            #expect(try back(probes).map(\.scalars) == outputs.map(\.scalars))
        }
    }
}
