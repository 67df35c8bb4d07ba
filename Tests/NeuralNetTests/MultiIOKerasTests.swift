import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Two inputs and two outputs trained as real Keras 3 did (Fixtures/keras/multiio.json,
/// Interop/make_multiio_fixtures.py): the chapter's wide-and-deep model with a main and an
/// auxiliary output, loss weights 0.9/0.1, MSE and MAE per output, `validation_split` 0.25,
/// unshuffled, from Keras' initial weights. Every history value (Keras 3's keys: `loss`,
/// `main_output_loss`, `aux_output_mae`, `val_...`), every final weight, and `evaluate` and
/// `predict` afterwards must agree to `2e-6·max(1, |keras|)`.
@Suite struct MultiIOKerasTests {
    static let fixtures = KerasFixtures(file: "multiio.json")
    static let tolerance: Float = 2e-6

    static func makeModel() throws -> Model {
        let wide = Input(shape: [5], name: "wide_input"), deep = Input(shape: [6], name: "deep_input")
        let h1 = try Dense(8, activation: .relu, name: "hidden1")(deep)
        let h2 = try Dense(8, activation: .relu, name: "hidden2")(h1)
        let concat = try Concatenate(name: "concat")([wide, h2])
        let main = try Dense(1, name: "main_output")(concat)
        let aux = try Dense(1, name: "aux_output")(h2)
        return try Model(inputs: [wide, deep], outputs: [main, aux], name: "wide_deep_two_outputs")
    }

    static func array(_ group: String, _ name: String) throws -> Tensor {
        let shape = ints(fixtures.object("input_shapes")[name] ?? [Int]())
        let values = floats(fixtures.object(group)[name])
        return try Tensor(shape: group == "inputs" ? shape : [values.count, 1], scalars: values)
    }

    struct Outcome {
        let history: History, weights: [Tensor], evaluation: Logs, predictions: [Tensor]
    }

    /// Fits the case the way the Swift user would, by arrays or by name.
    static func run(_ name: String, byName: Bool) throws -> (Outcome, [String: Any]) {
        let c = fixtures.object("cases", name)
        try #require(!c.isEmpty, "case \(name) is missing from multiio.json")
        let model = try makeModel()
        let shapes = (c["weight_shapes"] as? [Any]) ?? [], initial = (c["initial_weights"] as? [Any]) ?? []
        try #require(initial.count == shapes.count && shapes.count == model.weights.count)
        try model.setWeights(zip(initial, shapes).map { try tensor($0, shape: $1) })
        let o = (c["optimizer"] as? [String: Any]) ?? [:]
        let lr = (o["learning_rate"] as? NSNumber)?.floatValue ?? .nan
        let optimizer: Optimizer = (o["name"] as? String) == "sgd" ? SGD(learningRate: lr) : Adam(learningRate: lr)
        let sampleWeight = c["sample_weight"] is NSNull ? nil : Tensor(floats(c["sample_weight"]))
        let wide = try array("inputs", "wide_input"), deep = try array("inputs", "deep_input")
        let main = try array("targets", "main_output"), aux = try array("targets", "aux_output")
        let history: History, evaluation: Logs, predictions: [Tensor]
        if byName {
            try model.compile(losses: ["main_output": "mse", "aux_output": "mse"], optimizer: optimizer,
                              lossWeights: ["main_output": 0.9, "aux_output": 0.1],
                              metrics: ["main_output": ["mae"], "aux_output": ["mae"]])
            let x = ["wide_input": wide, "deep_input": deep], y = ["main_output": main, "aux_output": aux]
            history = try model.fit(x, y, batchSize: 8, epochs: 3, verbose: .silent, validationSplit: 0.25,
                                    shuffle: false, sampleWeight: sampleWeight)
            evaluation = try model.evaluate(x, y, batchSize: 16, verbose: .silent)
            predictions = try model.predict(x, verbose: .silent)
        } else {
            try model.compile(losses: ["mse", "mse"], optimizer: optimizer, lossWeights: [0.9, 0.1], metrics: [["mae"], ["mae"]])
            history = try model.fit([wide, deep], [main, aux], batchSize: 8, epochs: 3, verbose: .silent,
                                    validationSplit: 0.25, shuffle: false, sampleWeight: sampleWeight)
            evaluation = try model.evaluate([wide, deep], [main, aux], batchSize: 16, verbose: .silent)
            predictions = try model.predict([wide, deep], verbose: .silent)
        }
        return (Outcome(history: history, weights: model.getWeights(), evaluation: evaluation, predictions: predictions), c)
    }

    @Test func fixtureIsKeras3() {
        #expect(Self.fixtures.root["keras_version"] as? String == "3.15.1")
        #expect(Set(Self.fixtures.object("cases").keys) == ["sgd", "adam_sample_weight"])
    }

    @Test(arguments: [("sgd", false), ("sgd", true), ("adam_sample_weight", false), ("adam_sample_weight", true)])
    func fitEvaluatePredictMatchKeras(name: String, byName: Bool) throws {
        let (out, c) = try Self.run(name, byName: byName)
        let expected = ((c["history"] as? [String: Any]) ?? [:]).mapValues(floats)
        #expect(Set(out.history.history.keys) == Set(expected.keys), "\(name): history keys \(out.history.history.keys.sorted())")
        for (key, values) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(maxScaledDifference(out.history[key], values) <= Self.tolerance, "\(name) \(key): \(out.history[key]) vs Keras \(values)")
        }
        let finals = ((c["final_weights"] as? [Any]) ?? []).map(floats)
        #expect(out.weights.count == finals.count)
        for (i, (w, e)) in zip(out.weights, finals).enumerated() {
            #expect(maxScaledDifference(w.scalars, e) <= Self.tolerance, "\(name) weight \(i)")
        }
        let evaluation = ((c["evaluate"] as? [String: Any]) ?? [:]).mapValues { ($0 as? NSNumber)?.floatValue ?? .nan }
        #expect(Set(out.evaluation.keys) == Set(evaluation.keys))
        for (key, value) in evaluation {
            #expect(maxScaledDifference([out.evaluation[key] ?? .nan], [value]) <= Self.tolerance, "\(name) evaluate \(key)")
        }
        let predictions = ((c["predict"] as? [Any]) ?? []).map(floats)
        #expect(out.predictions.count == 2)
        for (p, e) in zip(out.predictions, predictions) {
            #expect(p.shape == [e.count, 1])
            #expect(maxScaledDifference(p.scalars, e) <= 1e-5, "\(name) predict")
        }
    }
}
