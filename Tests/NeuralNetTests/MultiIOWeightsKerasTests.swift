import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Per-output sample weights on a two-output model, as real Keras 3 applies them
/// (Fixtures/keras/multiio_weights.json, Interop/make_multiio_weights_fixtures.py): weights as
/// an array per output, with nil for an unweighted output, and by output name; validation data
/// with its own weights; trainOnBatch/testOnBatch. History, logs and final weights agree to
/// `2e-6·max(1, |keras|)`.
@Suite struct MultiIOWeightsKerasTests {
    static let fixtures = KerasFixtures(file: "multiio_weights.json")
    static let tolerance: Float = 2e-6
    static let inputs = ["wide_input", "deep_input"], outputs = ["main_output", "aux_output"]

    static func array(_ group: String, _ name: String) -> Tensor {
        let values = floats(fixtures.object(group)[name])
        let columns = name == "wide_input" ? 5 : name == "deep_input" ? 6 : 1
        let rows = values.count / columns
        return group.hasSuffix("sample_weight") ? Tensor(values) : ((try? Tensor(shape: [rows, columns], scalars: values)) ?? Tensor(values))
    }

    static func arrays(_ group: String, _ names: [String]) -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, array(group, $0)) })
    }

    static func model() throws -> Model {
        let model = try MultiIOKerasTests.makeModel()
        let shapes = (fixtures.root["weight_shapes"] as? [Any]) ?? [], initial = (fixtures.root["initial_weights"] as? [Any]) ?? []
        try #require(initial.count == shapes.count && shapes.count == model.weights.count)
        try model.setWeights(zip(initial, shapes).map { try tensor($0, shape: $1) })
        try model.compile(losses: ["mse", "mse"], optimizer: SGD(learningRate: 0.05), lossWeights: [0.9, 0.1],
                          metrics: [["mae"], ["mae"]])
        return model
    }

    static func expect(_ logs: [String: [Float]], _ expected: Any?, _ label: String) {
        let expected = ((expected as? [String: Any]) ?? [:]).mapValues { v in (v as? NSNumber).map { [$0.floatValue] } ?? floats(v) }
        #expect(Set(logs.keys) == Set(expected.keys), "\(label): keys \(logs.keys.sorted())")
        for (key, values) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(maxScaledDifference(logs[key] ?? [], values) <= tolerance, "\(label) \(key): \(logs[key] ?? []) vs Keras \(values)")
        }
    }

    static func expectWeights(_ model: Model, _ expected: Any?, _ label: String) {
        let finals = ((expected as? [Any]) ?? []).map(floats)
        #expect(model.weights.count == finals.count)
        for (i, (w, e)) in zip(model.getWeights(), finals).enumerated() {
            #expect(maxScaledDifference(w.scalars, e) <= tolerance, "\(label) weight \(i)")
        }
    }

    @Test func fixtureIsKeras3() {
        #expect(Self.fixtures.root["keras_version"] as? String == "3.15.1")
        #expect(Set(Self.fixtures.object("cases").keys) == ["list", "list_none", "dict", "single_output"])
    }

    @Test(arguments: ["list", "list_none", "dict"])
    func fitWithPerOutputWeightsMatchesKeras(name: String) throws {
        let model = try Self.model()
        let x = Self.arrays("x", Self.inputs), y = Self.arrays("y", Self.outputs), w = Self.arrays("sample_weight", Self.outputs)
        let vx = Self.arrays("val_x", Self.inputs), vy = Self.arrays("val_y", Self.outputs)
        let vw = Self.arrays("val_sample_weight", Self.outputs)
        let history: History
        switch name {
        case "dict":
            history = try model.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent, validationData: (vx, vy, vw),
                                    shuffle: false, sampleWeight: w)
        case "list":
            history = try model.fit(Self.inputs.compactMap { x[$0] }, Self.outputs.compactMap { y[$0] }, batchSize: 8, epochs: 2,
                                    verbose: .silent,
                                    validationData: (Self.inputs.compactMap { vx[$0] }, Self.outputs.compactMap { vy[$0] },
                                                     Self.outputs.map { vw[$0] }),
                                    shuffle: false, sampleWeight: Self.outputs.map { w[$0] })
        default:
            history = try model.fit(Self.inputs.compactMap { x[$0] }, Self.outputs.compactMap { y[$0] }, batchSize: 8, epochs: 2,
                                    verbose: .silent, shuffle: false, sampleWeight: [w["main_output"], nil])
        }
        let c = Self.fixtures.object("cases", name)
        Self.expect(history.history, c["history"], name)
        Self.expectWeights(model, c["final_weights"], name)
    }

    /// One output, one weight array, and validation data with its own weights (Keras' 3-tuple).
    @Test func singleOutputValidationDataWithWeightsMatchesKeras() throws {
        let c = Self.fixtures.object("cases", "single_output")
        let initial = ((c["initial_weights"] as? [Any]) ?? []).map(floats)
        let model = try Sequential([Dense(1, inputShape: [5], name: "main_output")], name: "single")
        try #require(initial.count == 2)
        try model.setWeights([try Tensor(shape: [5, 1], scalars: initial[0]), try Tensor(shape: [1], scalars: initial[1])])
        try model.compile(loss: "mse", optimizer: SGD(learningRate: 0.05), metrics: ["mae"])
        let history = try model.fit(Self.array("x", "wide_input"), Self.array("y", "main_output"), batchSize: 8, epochs: 2,
                                    verbose: .silent,
                                    validationData: (Self.array("val_x", "wide_input"), Self.array("val_y", "main_output"),
                                                     Self.array("val_sample_weight", "main_output")),
                                    shuffle: false, sampleWeight: Self.array("sample_weight", "main_output"))
        Self.expect(history.history, c["history"], "single_output")
        Self.expectWeights(model, c["final_weights"], "single_output")
    }

    @Test(arguments: [false, true])
    func onBatchWithPerOutputWeightsMatchesKeras(byName: Bool) throws {
        let model = try Self.model()
        let first = { (t: Tensor) in try t.rows(0..<8) }
        let x = try Self.inputs.map { try first(Self.array("x", $0)) }, y = try Self.outputs.map { try first(Self.array("y", $0)) }
        let w = try Self.outputs.map { try first(Self.array("sample_weight", $0)) }
        let c = Self.fixtures.object("on_batch")
        let test: Logs, train: Logs
        if byName {
            let xd = Dictionary(uniqueKeysWithValues: zip(Self.inputs, x)), yd = Dictionary(uniqueKeysWithValues: zip(Self.outputs, y))
            let wd = Dictionary(uniqueKeysWithValues: zip(Self.outputs, w))
            test = try model.testOnBatch(xd, yd, sampleWeight: wd)
            train = try model.trainOnBatch(xd, yd, sampleWeight: wd)
        } else {
            test = try model.testOnBatch(x, y, sampleWeight: w)
            train = try model.trainOnBatch(x, y, sampleWeight: w)
        }
        Self.expect(test.mapValues { [$0] }, c["test_on_batch"], "testOnBatch")
        Self.expect(train.mapValues { [$0] }, c["train_on_batch"], "trainOnBatch")
        Self.expectWeights(model, c["final_weights"], "trainOnBatch")
    }

    static func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch let e as SwiftLearnError { return e.message } catch { return "\(error)" }
    }

    /// Keras refuses classWeight with several outputs, classWeight with sampleWeight, and a
    /// list of sample weights that is not one per output; so do we, saying so.
    @Test func refusalsMatchKeras() throws {
        let model = try Self.model()
        let x = Self.inputs.compactMap { Self.arrays("x", Self.inputs)[$0] }, y = Self.outputs.compactMap { Self.arrays("y", Self.outputs)[$0] }
        let w = Self.array("sample_weight", "main_output")
        let keras = Self.fixtures.object("messages").mapValues { ($0 as? String) ?? "" }
        let multi = Self.message { try model.fit(x, y, epochs: 1, verbose: .silent, classWeight: [0: 1]) }
        #expect(keras["class_weight_multi_output"]?.lowercased().contains("only supported for models with a single output") == true)
        #expect(multi.contains("only supported for models with a single output") && multi.contains("has 2 (main_output, aux_output)"), "\(multi)")
        let both = Self.message { try model.fit(x, y, epochs: 1, verbose: .silent, classWeight: [0: 1], sampleWeight: w) }
        #expect(both.contains(keras["class_and_sample_weight"] ?? "?"), "\(both)")
        let count = Self.message { try model.fit(x, y, epochs: 1, verbose: .silent, sampleWeight: [w]) }
        #expect(keras["sample_weight_count"]?.contains("one `sample_weight` array per output") == true)
        #expect(count.contains("has 2 outputs") && count.contains("received 1 sampleWeight array") && count.contains("one per output"), "\(count)")
        let unknown = Self.message { try model.evaluate(Self.arrays("x", Self.inputs), Self.arrays("y", Self.outputs), verbose: .silent,
                                                        sampleWeight: ["main": w]) }
        #expect(unknown.contains("'main'") && unknown.contains("main_output, aux_output"), "\(unknown)")
        let rows = Self.message { try model.trainOnBatch(x, y, sampleWeight: [w, try w.rows(0..<3)]) }
        #expect(rows.contains("output 'aux_output'") && rows.contains("(40,)") && rows.contains("received shape (3,)"), "\(rows)")
        // The single-output model keeps classWeight (fit.json covers its numbers).
        let s = try Sequential([Dense(2, activation: .softmax)])
        try s.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD())
        let labels = try Tensor(shape: [4, 1], scalars: [0, 1, 1, 0]), zeros = try Tensor(zeros: [4, 3])
        #expect(Self.message { try s.fit(zeros, labels, verbose: .silent, classWeight: [1: 2]) } == "no error")
    }
}
