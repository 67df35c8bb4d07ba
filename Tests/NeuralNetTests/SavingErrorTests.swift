import Foundation
import HDF5
import Testing
import TensorCore
import ZIPFoundation
@testable import NeuralNet

/// Malformed files are thrown errors naming the file and the member or object, never crashes.
@Suite(.isolatedRandomState) struct SavingErrorTests {
    /// The message of the `SwiftLearnError` that `body` throws ("" if none).
    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch let e as SwiftLearnError { return e.description } catch { return "other error: \(error)" }
        return ""
    }

    /// A saved, compiled MLP and its folder.
    func savedModel(_ name: String) throws -> (folder: URL, path: String, model: Sequential) {
        let folder = try SavingSupport.scratchFolder()
        let model = try SavingSupport.mlp(seed: 21)
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(), metrics: [.accuracy])
        let (x, y) = ModelTests.blobs(count: 8, seed: 22)
        try model.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent)
        let path = folder.appendingPathComponent(name).path
        if name.hasSuffix(".keras") { try model.save(to: path) } else { try model.saveWeights(to: path) }
        return (folder, path, model)
    }

    /// Writes a zip holding `members` (name → bytes).
    func writeZip(_ members: [(String, Data)], to path: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, data) in members {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { p, n in
                data.subdata(in: Int(p)..<Int(p) + n)
            }
        }
    }

    /// The members of the zip at `path`.
    func members(of path: String) throws -> [(String, Data)] {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        return try archive.map { entry in
            var d = Data()
            _ = try archive.extract(entry) { d.append($0) }
            return (entry.path, d)
        }
    }

    @Test func truncatedEmptyAndNonZipKerasFiles() throws {
        let (folder, path, _) = try savedModel("m.keras")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let truncated = folder.appendingPathComponent("truncated.keras").path
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        #expect(message { _ = try loadModel(from: truncated) }.contains("truncated.keras"))
        let empty = folder.appendingPathComponent("empty.keras").path
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(message { _ = try loadModel(from: empty) }.contains("not a readable zip archive"))
        let text = folder.appendingPathComponent("text.keras").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        #expect(message { _ = try loadModel(from: text) }.contains("text.keras"))
        #expect(message { _ = try loadModel(from: folder.appendingPathComponent("absent.keras").path) }.contains("no such file"))
    }

    @Test func zipWithMissingOrCorruptedMembers() throws {
        let (folder, path, _) = try savedModel("m.keras")
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try members(of: path)
        let noWeights = folder.appendingPathComponent("noweights.keras").path
        try writeZip(original.filter { $0.0 != "model.weights.h5" }, to: noWeights)
        #expect(message { _ = try loadModel(from: noWeights) }.contains("missing member 'model.weights.h5'"))
        let noConfig = folder.appendingPathComponent("noconfig.keras").path
        try writeZip(original.filter { $0.0 != "config.json" }, to: noConfig)
        #expect(message { _ = try loadModel(from: noConfig) }.contains("missing member 'config.json'"))
        // Flip one byte inside the stored weights: the CRC no longer matches.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let weights = try #require(original.first { $0.0 == "model.weights.h5" }?.1)
        let start = try #require(bytes.firstRange(of: weights.prefix(64))).lowerBound
        bytes[start + weights.count / 2] ^= 0xFF
        let corrupted = folder.appendingPathComponent("corrupted.keras").path
        try bytes.write(to: URL(fileURLWithPath: corrupted))
        let m = message { _ = try loadModel(from: corrupted) }
        #expect(m.contains("corrupted.keras") && m.contains("model.weights.h5") && m.contains("corrupted"), "\(m)")
    }

    @Test func brokenConfigJSONAndUnknownClass() throws {
        let (folder, path, _) = try savedModel("m.keras")
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try members(of: path)
        let config = try #require(original.first { $0.0 == "config.json" }?.1)
        let broken = folder.appendingPathComponent("broken.keras").path
        try writeZip(original.map { $0.0 == "config.json" ? ($0.0, config.prefix(config.count - 3)) : $0 }, to: broken)
        let m = message { _ = try loadModel(from: broken) }
        #expect(m.hasPrefix("invalid config") && m.contains("broken.keras") && m.contains("config.json"), "\(m)")
        let renamed = String(decoding: config, as: UTF8.self).replacingOccurrences(of: "\"class_name\": \"Dense\"", with: "\"class_name\": \"MyDense\"")
        let unknown = folder.appendingPathComponent("unknown.keras").path
        try writeZip(original.map { $0.0 == "config.json" ? ($0.0, Data(renamed.utf8)) : $0 }, to: unknown)
        let u = message { _ = try loadModel(from: unknown) }
        #expect(u.hasPrefix("unknown name") && u.contains("MyDense") && u.contains("LayerRegistry.register"), "\(u)")
        // Registered as a custom object, the same file loads.
        let loaded = try loadModel(from: unknown, customObjects: ["MyDense": { try Dense(config: $0) }])
        #expect(loaded.layers.count == 3)
    }

    @Test func weightsThatDoNotFitAreAllListed() throws {
        let (folder, path, _) = try savedModel("m.weights.h5")
        defer { try? FileManager.default.removeItem(at: folder) }
        setRandomSeed(23)
        let other = try Sequential([Dense(8, activation: .relu, inputShape: [2]), Dense(5), Dense(4)])
        let before = other.getWeights()
        let m = message { try other.loadWeights(from: path) }
        #expect(m.hasPrefix("shape mismatch") && m.contains("m.weights.h5"), "\(m)")
        for needle in ["/layers/dense_1/vars/0", "/layers/dense_1/vars/1", "/layers/dense_2/vars/0", "/layers/dense_2/vars/1"] {
            #expect(m.contains(needle), "\(needle) in \(m)")
        }
        #expect(SavingSupport.bitEqual(other.getWeights(), before), "nothing changes when loading fails")
        // A model with one layer fewer: the file's extra layer is listed.
        let shorter = try Sequential([Dense(8, activation: .relu, inputShape: [2]), Dense(6, activation: .tanh)])
        #expect(message { try shorter.loadWeights(from: path) }.contains("unexpected group '/layers/dense_2/vars'"))
        // A compiled model with another optimizer: its variable count is named.
        let sgd = try SavingSupport.mlp(seed: 24)
        try sgd.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(momentum: 0.9))
        #expect(message { try sgd.loadWeights(from: path) }.contains("'/optimizer/vars' holds 14 variables"))
    }

    @Test func wrongDtypeTruncatedAndNonHDF5WeightsFiles() throws {
        let (folder, path, model) = try savedModel("m.weights.h5")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A hand-written file whose kernel is float64.
        let small = try Sequential([Dense(2, inputShape: [3])])
        let float64Path = folder.appendingPathComponent("f64.weights.h5").path
        let file = try HDF5.File(float64Path, mode: .truncate)
        let vars = try file.createGroup("layers").createGroup("dense").createGroup("vars")
        try vars.createDataset("0", shape: [3, 2], data: [Double](repeating: 0.5, count: 6)).close()
        try vars.createDataset("1", shape: [2], data: [Float](repeating: 0, count: 2)).close()
        vars.close()
        file.close()
        let m = message { try small.loadWeights(from: float64Path) }
        #expect(m.contains("f64.weights.h5") && m.contains("/layers/dense/vars/0") && m.contains("dtype float64"), "\(m)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let truncated = folder.appendingPathComponent("t.weights.h5").path
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: truncated))
        #expect(message { try model.loadWeights(from: truncated) }.contains("t.weights.h5"))
        let text = folder.appendingPathComponent("x.weights.h5").path
        try Data("not hdf5 at all".utf8).write(to: URL(fileURLWithPath: text))
        #expect(message { try model.loadWeights(from: text) }.contains("not an HDF5 file"))
        let empty = folder.appendingPathComponent("e.weights.h5").path
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(message { try model.loadWeights(from: empty) }.contains("e.weights.h5"))
    }

    @Test func extensionsChooseTheFormatAsKeras() throws {
        let model = try SavingSupport.mlp(seed: 25)
        #expect(message { try model.saveWeights(to: "/tmp/x.keras") }.contains("must end in .weights.h5"))
        #expect(message { try model.save(to: "/tmp/x.weights.h5") }.contains("saveWeights"))
        #expect(message { try model.save(to: "/tmp/x.bin") }.contains("unknown format"))
        #expect(message { _ = try loadModel(from: "/tmp/x.weights.h5") }.contains("weights only"))
        #expect(ModelFileFormat(path: "a/b.HDF5") == .legacyH5 && ModelFileFormat(path: "m.weights.h5") == .weightsH5)
    }
}
