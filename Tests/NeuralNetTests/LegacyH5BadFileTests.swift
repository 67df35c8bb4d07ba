import Foundation
import HDF5
import Testing
import TensorCore
@testable import NeuralNet

/// Malformed legacy .h5 files: each is a thrown error naming the file (and the object), never a crash.
@Suite("Legacy .h5: malformed files", .isolatedRandomState)
struct LegacyH5BadFileTests {
    /// The message of the error `body` throws, or "" when it throws none.
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch let e as SwiftLearnError { return e.message } catch { return "\(error)" }
    }

    /// A valid MLP file in a new folder, edited by `edit` (opened read-write); returns its URL.
    func editedFile(_ folder: URL, name: String = "model.h5", _ edit: (File) throws -> Void = { _ in }) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try saveLegacyH5Model(try LegacyModels.mlp(), to: url, includeOptimizer: false)
        let file = try File(url.path, mode: .readWrite)
        try edit(file)
        file.close()
        return url
    }

    @Test("truncated, not HDF5, empty and missing files")
    func brokenFiles() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try editedFile(folder)
        let data = try Data(contentsOf: url)
        let truncated = folder.appendingPathComponent("truncated.h5")
        try data.prefix(data.count / 2).write(to: truncated)
        let m1 = message { _ = try loadLegacyH5Model(from: truncated) }
        #expect(m1.contains(truncated.path))
        let text = folder.appendingPathComponent("text.h5")
        try Data("{\"class_name\": \"Sequential\"}".utf8).write(to: text)
        let m2 = message { _ = try loadLegacyH5Model(from: text) }
        #expect(m2.contains(text.path) && m2.contains("not an HDF5 file"))
        let empty = folder.appendingPathComponent("empty.h5")
        try Data().write(to: empty)
        let m3 = message { _ = try loadLegacyH5Model(from: empty) }
        #expect(m3.contains(empty.path) && m3.contains("empty"))
        let missing = folder.appendingPathComponent("nothing.h5")
        #expect(message { _ = try loadLegacyH5Model(from: missing) }.contains("no such file"))
        #expect(message { try loadLegacyH5Weights(try LegacyModels.mlp(), from: truncated) }.contains(truncated.path))
    }

    @Test("broken JSON, missing model_config, unknown layer class")
    func badConfigs() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = try editedFile(folder) { try $0.setAttribute("model_config", "{\"class_name\": \"Sequential\", \"config\": {") }
        let m1 = message { _ = try loadLegacyH5Model(from: broken) }
        #expect(m1.contains(broken.path) && m1.contains("model_config") && m1.contains("broken JSON"))
        let none = try editedFile(folder) { try $0.deleteAttribute("model_config") }
        #expect(message { _ = try loadLegacyH5Model(from: none) }.contains("no attribute 'model_config'"))
        let custom = try editedFile(folder) { file in
            let text = try file.attribute("model_config").readString()
                .replacingOccurrences(of: "\"class_name\": \"Flatten\"", with: "\"class_name\": \"MyFlatten\"")
            try file.setAttribute("model_config", text)
        }
        let m3 = message { _ = try loadLegacyH5Model(from: custom) }
        #expect(m3.contains(custom.path) && m3.contains("'MyFlatten'") && m3.contains("LayerRegistry.register"))
        // Registering the class makes the same file load.
        LayerRegistry.register(className: "MyFlatten") { try Flatten(config: $0) }
        #expect(throws: Never.self) { _ = try loadLegacyH5Model(from: custom) }
        // tf.keras 2 writes classes registered with register_keras_serializable() as "Custom>Name".
        let prefixed = try editedFile(folder, name: "prefixed.h5") { file in
            let text = try file.attribute("model_config").readString()
                .replacingOccurrences(of: "\"class_name\": \"Flatten\"", with: "\"class_name\": \"Custom>MyFlatten\"")
            try file.setAttribute("model_config", text)
        }
        #expect(try loadLegacyH5Model(from: prefixed).layers.first is Flatten)
    }

    @Test("missing, extra, misnamed, mis-shaped and mis-typed weights are all listed in one error")
    func weightMismatches() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var names: [String] = []
        let url = try editedFile(folder) { file in
            let weights = try file.openGroup("model_weights")
            names = try weights.attribute("layer_names").readStrings()   // flatten, dense, dense_1
            // First Dense: kernel of the wrong shape, bias stored as float64.
            let first = try weights.openGroup(names[1])
            try first.createGroup("bad")
            try first.createDataset("bad/kernel", shape: [20, 7], data: [Float](repeating: 0, count: 140))
            try first.createDataset("bad/bias", shape: [8], data: [Double](repeating: 0, count: 8))
            try first.setAttribute("weight_names", ["bad/kernel", "bad/bias"])
            // Second Dense: dropped from @layer_names (missing); a layer the model lacks (extra).
            let ghost = try weights.createGroup("ghost")
            try ghost.createGroup("ghost")
            try ghost.createDataset("ghost/kernel", shape: [2, 2], data: [Float](repeating: 0, count: 4))
            try ghost.setAttribute("weight_names", ["ghost/kernel"])
            try weights.setAttribute("layer_names", [names[0], names[1], "ghost"])
        }
        let m = message { _ = try loadLegacyH5Model(from: url) }
        #expect(m.contains(url.path))
        #expect(m.contains("'/model_weights/\(names[1])/bad/kernel': shape (20, 7)"))
        #expect(m.contains("'/model_weights/\(names[1])/bad/bias': element type float64, expected float32"))
        #expect(m.contains("'/model_weights/\(names[2])': missing"))
        #expect(m.contains("'/model_weights/ghost': extra"))
        #expect(m.contains("4 problems"))
        // Wrong weight count and wrong weight name.
        let renamed = try editedFile(folder) { file in
            let weights = try file.openGroup("model_weights")
            let layers = try weights.attribute("layer_names").readStrings()
            let first = try weights.openGroup(layers[1])
            let stored = try first.attribute("weight_names").readStrings()
            try first.setAttribute("weight_names", [stored[1], stored[0]])
            try weights.openGroup(layers[2]).setAttribute("weight_names", [try weights.openGroup(layers[2]).attribute("weight_names").readStrings()[0]])
        }
        let m2 = message { _ = try loadLegacyH5Model(from: renamed) }
        #expect(m2.contains("expected weight 'kernel'") && m2.contains("holds 1 weights"))
    }

    @Test("an absurd declared dataset size is refused before anything is allocated")
    func absurdSize() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try editedFile(folder)
        let model = try loadLegacyH5Model(from: url)
        do {
            let file = try File(url.path, mode: .readWrite)
            let weights = try file.openGroup("model_weights")
            let layer = try weights.openGroup(try weights.attribute("layer_names").readStrings()[1])
            try layer.createGroup("huge")
            _ = try layer.createDataset("huge/kernel", shape: [1 << 40, 1 << 20], elementType: .float32)
            try layer.setAttribute("weight_names", ["huge/kernel", try layer.attribute("weight_names").readStrings()[1]])
        }
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0 < 1 << 20)
        let m = message { _ = try loadLegacyH5Model(from: url) }
        #expect(m.contains("huge/kernel': shape (1099511627776, 1048576)"))
        #expect(message { try loadLegacyH5Weights(model, from: url) }.contains("huge/kernel': shape"))
    }

    @Test("a failed save leaves nothing behind and keeps the previous file; missing folder; unbuilt model")
    func failedSaves() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try editedFile(folder)
        let before = try Data(contentsOf: url)
        // Two layers called "twin": refused mid-write, after the temporary file was created.
        let clash = try Sequential([Dense(2, inputShape: [3], name: "twin"), Dense(2, name: "twin")])
        let m = message { try saveLegacyH5Model(clash, to: url, includeOptimizer: false) }
        #expect(m.contains("twin") && m.contains(url.path))
        #expect(try Data(contentsOf: url) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.h5"])
        let nowhere = folder.appendingPathComponent("no/such/folder/m.h5")
        #expect(message { try saveLegacyH5Model(try LegacyModels.mlp(), to: nowhere, includeOptimizer: false) }.contains("does not exist"))
        #expect(message { try saveLegacyH5Weights(try LegacyModels.mlp(), to: nowhere) }.contains("does not exist"))
        let unbuilt = try Sequential([Dense(3)])
        #expect(message { try saveLegacyH5Model(unbuilt, to: url, includeOptimizer: false) }.contains("not built"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.h5"])
    }
}
