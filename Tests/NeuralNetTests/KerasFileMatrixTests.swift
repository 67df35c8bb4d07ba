import Datasets
import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Every model file real Keras 3 and real tf.keras 2.15 wrote in `Fixtures/keras/files/<flavor>/`
/// (`Interop/make_keras_file_fixtures.py`): each model in `.keras`, `.weights.h5` and legacy
/// `.h5`, with probe inputs, Keras' predictions and targets as `.npy` and a JSON record of the
/// optimizer's class and iterations.
@Suite("Keras file matrix: every committed Keras 3 / tf.keras 2 file", .isolatedRandomState)
struct KerasFileMatrixTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras/files")

    /// `<flavor>/<model><extension>` for every model file in the folder.
    static let files: [String] = {
        let manager = FileManager.default
        var found: [String] = []
        for flavor in ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() {
            let names = (try? manager.contentsOfDirectory(atPath: folder.appendingPathComponent(flavor).path)) ?? []
            for name in names.sorted() where name.hasSuffix(".keras") || name.hasSuffix(".h5") {
                found.append("\(flavor)/\(name)")
            }
        }
        return found
    }()

    /// What the generator recorded beside a model's files.
    struct Record {
        let optimizer: String
        let iterations: Int
        let formats: [String]
        let inputs: [Tensor]
        let outputs: [Tensor]
        let targets: [Tensor]
        /// Keras' predictions after one more training step on (inputs, targets); empty when the
        /// model's step is random (Dropout).
        let stepped: [Tensor]
    }

    /// `file` split into its folder URL, model stem and extension.
    static func parts(_ file: String) -> (dir: URL, stem: String, ext: String) {
        let url = folder.appendingPathComponent(file)
        let name = url.lastPathComponent
        let ext = name.hasSuffix(".weights.h5") ? ".weights.h5" : name.hasSuffix(".keras") ? ".keras" : ".h5"
        return (url.deletingLastPathComponent(), String(name.dropLast(ext.count)), ext)
    }

    static func record(dir: URL, stem: String) throws -> Record {
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("\(stem).json"))) as? [String: Any])
        func arrays(_ kind: String, _ count: Int) throws -> [Tensor] {
            try (0..<count).map { try NPY.load(dir.appendingPathComponent("\(stem).\(kind)\($0).npy")) }
        }
        let inputCount = (json["inputs"] as? NSNumber)?.intValue ?? 0, outputCount = (json["outputs"] as? NSNumber)?.intValue ?? 0
        return Record(optimizer: json["optimizer"] as? String ?? "?", iterations: (json["iterations"] as? NSNumber)?.intValue ?? -1,
                      formats: json["formats"] as? [String] ?? [],
                      inputs: try arrays("input", inputCount), outputs: try arrays("output", outputCount),
                      targets: try arrays("target", outputCount),
                      stepped: json["stepped"] as? Bool == true ? try arrays("stepped", outputCount) : [])
    }

    /// The model of `file`: `loadModel` for `.keras` / `.h5`; for `.weights.h5`, the architecture
    /// and compile state of the sibling `.keras` (or `.h5`) rebuilt with fresh weights, then
    /// `loadWeights`.
    static func load(_ file: String) throws -> Model {
        let (dir, stem, ext) = parts(file)
        let path = dir.appendingPathComponent(stem + ext).path
        guard ext == ".weights.h5" else { return try loadModel(from: path) }
        let siblingKeras = dir.appendingPathComponent("\(stem).keras")
        let sibling = FileManager.default.fileExists(atPath: siblingKeras.path) ? siblingKeras : dir.appendingPathComponent("\(stem).h5")
        let original = try loadModel(from: sibling.path)
        setRandomSeed(1234)
        let rebuilt = try #require(try LayerRegistry.layer(from: original.serialized) as? Model)
        let compiled = try #require(original.compiled)
        try CompileConfig.compile(rebuilt, from: CompileConfig.json(for: compiled), context: sibling.lastPathComponent)
        #expect(rebuilt.trainableWeights.allSatisfy { $0.snapshot().scalars.allSatisfy(\.isFinite) }, "\(file): NaN initial weights")
        #expect(SavingSupport.maxDifference(rebuilt.trainableWeights.map { $0.snapshot() }, original.trainableWeights.map { $0.snapshot() }) > 1e-4,
                "\(file): the rebuilt model starts from other weights")
        try rebuilt.loadWeights(from: path)
        return rebuilt
    }

    /// The largest |a - b|; infinity for other shapes or any NaN (which `max` would skip).
    static func worstDifference(_ a: Tensor, _ b: Tensor) -> Float {
        guard a.shape == b.shape else { return .infinity }
        var worst: Float = 0
        for (p, q) in zip(a.scalars, b.scalars) {
            let d = abs(p - q)
            guard !d.isNaN else { return .infinity }
            worst = max(worst, d)
        }
        return worst
    }

    @Test("the fixture matrix is complete: 2 flavors × 13 models × 3 formats")
    func matrixIsComplete() {
        #expect(Self.files.count == 2 * 13 * 3, "\(Self.files.count) files")
        for flavor in ["keras3", "tfkeras2"] {
            for ext in [".keras", ".weights.h5", ".h5"] {
                #expect(Self.files.filter { $0.hasPrefix(flavor + "/") && $0.hasSuffix(ext) && !(ext == ".h5" && $0.hasSuffix(".weights.h5")) }.count == 13,
                        "\(flavor) \(ext)")
            }
        }
    }

    @Test("tf.keras 2's resolved BatchNormalization axis [1] is the last axis of rank-2 inputs only")
    func batchNormalizationResolvedAxis() throws {
        let config = JSONValue.object([("class_name", "BatchNormalization"), ("config", try JSONValue.parse(#"{"name": "bn", "axis": [1]}"#))])
        let ok = try #require(try LayerRegistry.layer(from: config) as? BatchNormalization)
        try ok.buildIfNeeded(inputShape: [nil, 3])
        #expect(ok.gamma?.shape == [3])
        let wrong = try #require(try LayerRegistry.layer(from: config) as? BatchNormalization)
        #expect(throws: SwiftLearnError.self) { try wrong.buildIfNeeded(inputShape: [nil, 2, 3]) }
        #expect(throws: SwiftLearnError.self) {
            try LayerRegistry.layer(from: .object([("class_name", "BatchNormalization"), ("config", try JSONValue.parse(#"{"axis": [0]}"#))]))
        }
    }

    @Test("loads, predicts as Keras (1e-5), restores the optimizer, trains one more step", arguments: files)
    func loadsPredictsAndTrains(_ file: String) throws {
        let (dir, stem, ext) = Self.parts(file)
        let expected = try Self.record(dir: dir, stem: stem)
        #expect(expected.formats.contains(ext))
        #expect(!expected.inputs.isEmpty && expected.outputs.count == expected.targets.count)
        let model = try Self.load(file)

        let predicted = try model.predict(expected.inputs, verbose: .silent)
        #expect(predicted.count == expected.outputs.count, "\(file): outputs")
        for (k, (got, want)) in zip(predicted, expected.outputs).enumerated() {
            #expect(got.shape == want.shape, "\(file): output \(k) shape \(got.shape), Keras \(want.shape)")
            let worst = Self.worstDifference(got, want)
            #expect(worst <= 1e-5, "\(file): output \(k) max |Δ| = \(worst)")
        }

        let compiled = try #require(model.compiled, "\(file): loaded uncompiled")
        #expect(compiled.optimizer.className == expected.optimizer, "\(file): optimizer \(compiled.optimizer.className)")
        #expect(compiled.optimizer.iterations == expected.iterations && expected.iterations > 0,
                "\(file): iterations \(compiled.optimizer.iterations), Keras \(expected.iterations)")
        if compiled.optimizer.slotCount > 0 {
            #expect(compiled.optimizer.isBuilt && compiled.optimizer.variables.count == model.trainableWeights.count,
                    "\(file): optimizer slots not restored")
        }

        let before = compiled.optimizer.iterations
        let history = try model.fit(expected.inputs, expected.targets, batchSize: expected.inputs[0].shape[0], epochs: 1,
                                    verbose: .silent, shuffle: false)
        #expect(model.compiled?.optimizer.iterations == before + 1, "\(file): one fit step")
        #expect(history.history["loss"]?.first?.isFinite == true, "\(file): finite loss")
        // The same step as Keras': only an exactly restored optimizer (slots, iterations,
        // hyperparameters) gives the same weights, hence the same predictions, afterwards.
        guard !expected.stepped.isEmpty else { return }
        let after = try model.predict(expected.inputs, verbose: .silent)
        for (k, (got, want)) in zip(after, expected.stepped).enumerated() {
            let worst = Self.worstDifference(got, want)
            #expect(worst <= 1e-5, "\(file): output \(k) after one more step, max |Δ| = \(worst)")
        }
    }
}
