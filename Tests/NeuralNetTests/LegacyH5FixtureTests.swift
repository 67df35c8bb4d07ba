import Foundation
import HDF5
import Testing
import TensorCore
@testable import NeuralNet

/// A folder under the temporary directory, removed by the caller.
func legacyTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("legacy-h5-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Small models like the fixtures': a Sequential MLP and a two-input wide-and-deep model.
enum LegacyModels {
    static func mlp() throws -> Sequential {
        try Sequential([Flatten(inputShape: [4, 5]), Dense(8, activation: .relu), Dense(3, activation: .softmax)])
    }

    static func wideDeep() throws -> Model {
        let wide = Input(shape: [5], name: "wide_input"), deep = Input(shape: [6], name: "deep_input")
        let h2 = try Dense(8, activation: .relu)(try Dense(8, activation: .relu)(deep))
        let out = try Dense(1)(try Concatenate()([wide, h2]))
        return try Model(inputs: [wide, deep], outputs: [out])
    }
}

@Suite("Legacy .h5 files from real Keras 3 and tf.keras 2", .isolatedRandomState)
struct LegacyH5FixtureTests {
    static let fixtureFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/keras/legacy")

    @Test("each Keras-written .h5 loads and predicts as Keras did (1e-5), weights equal Keras' get_weights",
          arguments: ["keras3_mlp", "keras3_wide_deep", "tfkeras2_mlp", "tfkeras2_wide_deep"])
    func loadsKerasFile(_ name: String) throws {
        let record = KerasFixtures(file: "legacy/\(name).json")
        let model = try loadLegacyH5Model(from: Self.fixtureFolder.appendingPathComponent("\(name).h5"))
        let probes = try (record.root["probes"] as? [[String: Any]] ?? []).map { try tensor($0["values"], shape: $0["shape"]) }
        let expected = record.root["outputs"] as? [[String: Any]] ?? []
        #expect(!probes.isEmpty && !expected.isEmpty)
        let outputs = try model(probes)
        #expect(outputs.count == expected.count)
        for (out, want) in zip(outputs, expected) {
            #expect(out.shape == ints(want["shape"]))
            #expect(maxDifference(out.scalars, floats(want["values"])) <= 1e-5)
        }
        // Keras' get_weights order for these models is the layers' order with kernel then bias.
        let kerasWeights = record.root["weights"] as? [[String: Any]] ?? []
        let ours = model.layers.flatMap { LegacyH5.orderedWeights(of: $0) }
        #expect(ours.count == kerasWeights.count)
        let oursByShapeAndValue = Set(ours.map { $0.snapshot().scalars.map(\.bitPattern) })
        for w in kerasWeights {
            #expect(oursByShapeAndValue.contains(floats(w["values"]).map(\.bitPattern)))
        }
        #expect(model is Sequential == name.hasSuffix("mlp"))
    }

    @Test("our .h5 round trip keeps the config JSON and every weight bit for bit",
          arguments: ["mlp", "wide_deep"])
    func roundTrip(_ kind: String) throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = kind == "mlp" ? try LegacyModels.mlp() : try LegacyModels.wideDeep()
        let first = folder.appendingPathComponent("first.h5"), second = folder.appendingPathComponent("second.h5")
        try saveLegacyH5Model(model, to: first, includeOptimizer: false)
        let loaded = try loadLegacyH5Model(from: first)
        #expect(loaded.serialized.jsonText == model.serialized.jsonText)
        #expect(loaded.getWeights().map { $0.scalars.map(\.bitPattern) } == model.getWeights().map { $0.scalars.map(\.bitPattern) })
        #expect(loaded.getWeights().map(\.shape) == model.getWeights().map(\.shape))
        try saveLegacyH5Model(loaded, to: second, includeOptimizer: false)
        #expect(try legacyFileContents(first) == legacyFileContents(second))
        // No temporary file is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["first.h5", "second.h5"])
    }

    @Test("non-trainable weights (Normalization's mean, variance, scalar count) and a frozen layer round-trip")
    func nonTrainable() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let norm = Normalization(inputShape: [3])
        let model = try Sequential([norm, Dense(4, activation: .relu), Dropout(0.2), Dense(1)])
        try norm.adapt(try Tensor(shape: [4, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]))
        model.layers[1].isTrainable = false
        let url = folder.appendingPathComponent("n.h5")
        try saveLegacyH5Model(model, to: url, includeOptimizer: false)
        let loaded = try loadLegacyH5Model(from: url)
        #expect(loaded.getWeights().map { $0.scalars.map(\.bitPattern) } == model.getWeights().map { $0.scalars.map(\.bitPattern) })
        #expect(loaded.getWeights().map(\.shape) == model.getWeights().map(\.shape))
        #expect(loaded.layers[1].isTrainable == false)
        let names = try File(url.path).openGroup("model_weights/\(norm.name)").attribute("weight_names").readStrings()
        #expect(names == ["mean", "variance", "count"].map { "\(model.name)/\(norm.name)/\($0)" })
    }

    @Test("weight names and attributes are written as Keras 3 writes them")
    func kerasNames() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mlp = try LegacyModels.mlp(), wideDeep = try LegacyModels.wideDeep()
        try saveLegacyH5Model(mlp, to: folder.appendingPathComponent("mlp.h5"), includeOptimizer: false)
        try saveLegacyH5Model(wideDeep, to: folder.appendingPathComponent("wd.h5"), includeOptimizer: false)
        let f = try File(folder.appendingPathComponent("mlp.h5").path)
        #expect(try f.attribute("keras_version").readString() == "3.15.1")
        #expect(try f.attribute("backend").readString() == "jax")
        let mw = try f.openGroup("model_weights")
        let dense = mlp.layers[1]
        #expect(try mw.attribute("layer_names").readStrings() == mlp.layers.map(\.name))
        #expect(try mw.openGroup(dense.name).attribute("weight_names").readStrings() == ["\(mlp.name)/\(dense.name)/kernel", "\(mlp.name)/\(dense.name)/bias"])
        #expect(try mw.openGroup(mlp.layers[0].name).attribute("weight_names").elementType == .float64)
        #expect(try mw.openDataset("\(dense.name)/\(mlp.name)/\(dense.name)/kernel").shape == [20, 8])
        #expect(try mw.exists("top_level_model_weights"))
        let g = try File(folder.appendingPathComponent("wd.h5").path)
        let d = wideDeep.layers.first { $0 is Dense }!
        #expect(try g.openGroup("model_weights/\(d.name)").attribute("weight_names").readStrings() == ["\(d.name)/kernel", "\(d.name)/bias"])
        #expect(try g.openGroup("model_weights").attribute("layer_names").readStrings() == wideDeep.layers.map(\.name))
    }

    @Test("weights-only .h5 round trip, and weights read from a Keras full-model file")
    func weightsOnly() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try LegacyModels.wideDeep(), target = try LegacyModels.wideDeep()
        // Same architecture, other layer names: weights are matched by layer name, so rename-free copies only.
        let url = folder.appendingPathComponent("w.h5")
        try saveLegacyH5Weights(source, to: url)
        let f = try File(url.path)
        #expect(try f.attribute("layer_names").readStrings() == source.layers.map(\.name))
        f.close()
        #expect(throws: SwiftLearnError.self) { try loadLegacyH5Weights(target, from: url) }   // other layer names
        let twin = try loadLegacyH5Model(from: { let u = folder.appendingPathComponent("m.h5"); try saveLegacyH5Model(source, to: u, includeOptimizer: false); return u }())
        try twin.setWeights(target.getWeights())
        try loadLegacyH5Weights(twin, from: url)
        #expect(twin.getWeights().map { $0.scalars.map(\.bitPattern) } == source.getWeights().map { $0.scalars.map(\.bitPattern) })
        // A Keras full-model file serves as a weights file (its /model_weights).
        let kerasFile = Self.fixtureFolder.appendingPathComponent("keras3_mlp.h5")
        let kerasModel = try loadLegacyH5Model(from: kerasFile)
        let expected = kerasModel.getWeights()
        try kerasModel.setWeights(expected.map { Tensor(uncheckedShape: $0.shape, repeating: 0) })
        try loadLegacyH5Weights(kerasModel, from: kerasFile)
        #expect(kerasModel.getWeights().map(\.scalars) == expected.map(\.scalars))
    }
}

/// A subclassed model: its layers are its `Layer` properties, found by reflection.
final class LegacyTwoLayerModel: Model {
    let hidden = Dense(4, activation: .relu)
    let out = Dense(2)
    override func call(_ input: Tensor, training: Bool) throws -> Tensor { try out(try hidden(input)) }
}

@Suite("Legacy .h5 weights of a subclassed model", .isolatedRandomState)
struct LegacyH5SubclassTests {
    @Test("a new instance (new layer names) loads by position, not by name; a full .h5 is refused")
    func subclassed() throws {
        let folder = try legacyTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let x = try Tensor(shape: [3, 5], scalars: (0..<15).map { Float($0) * 0.1 })
        let source = LegacyTwoLayerModel(), target = LegacyTwoLayerModel()
        let expected = try source(x), before = try target(x)
        #expect(expected.scalars != before.scalars)
        let url = folder.appendingPathComponent("w.h5")
        try saveLegacyH5Weights(source, to: url)
        var message = ""
        do { try loadLegacyH5Weights(target, from: url) } catch let e as SwiftLearnError { message = e.message }
        #expect(message.contains("missing") && message.contains("extra"))
        #expect(try target(x).scalars == before.scalars)   // nothing changed
        try loadLegacyH5Weights(target, from: url, byName: false)
        #expect(try target(x).scalars == expected.scalars)
        // By position, a different architecture is still refused.
        let other = try Sequential([Dense(4, inputShape: [5]), Dense(3)])
        #expect(throws: SwiftLearnError.self) { try loadLegacyH5Weights(other, from: url, byName: false) }
        #expect(throws: SwiftLearnError.self) { try saveLegacyH5Model(source, to: folder.appendingPathComponent("m.h5"), includeOptimizer: false) }
    }
}

/// Every dataset's path, shape and bytes and every attribute's value in a file, for comparing two files.
func legacyFileContents(_ url: URL) throws -> [String] {
    let file = try File(url.path)
    var out: [String] = []
    func walk(_ group: Group) throws {
        for attribute in try group.attributeNames() {
            let a = try group.attribute(attribute)
            out.append("\(group.path)@\(attribute)=" + (a.elementType == .string ? try a.readStrings().joined(separator: "|") : "\(try a.readDoubles())"))
        }
        for member in try group.memberNames() {
            switch try group.kind(of: member) {
            case .group?: try walk(try group.openGroup(member))
            case .dataset?:
                let d = try group.openDataset(member)
                out.append("\(d.path) \(d.elementType) \(d.shape) \(try d.readDoubles().map(\.bitPattern))")
            default: out.append("\(group.path)/\(member) other")
            }
        }
    }
    try walk(file)
    return out
}
