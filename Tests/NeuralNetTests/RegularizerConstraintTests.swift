import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Regularizers and constraints on Dense against Keras 3 (Fixtures/keras/layers2.json, written by
/// Interop/make_layer2_fixtures.py): penalties, the loss Keras reports for a training step and
/// for evaluate, weights after one SGD step, configs.
@Suite(.isolatedRandomState) struct RegularizerConstraintTests {
    static let fixtures = KerasFixtures(file: "layers2.json")

    /// The Dense layer of each fixture case, built the Swift way.
    static func regularizedDense(_ label: String) -> Dense {
        switch label {
        case "kernel_l2": return Dense(2, kernelRegularizer: L2(0.05), name: "dense")
        case "kernel_l1": return Dense(2, kernelRegularizer: L1(0.02), name: "dense")
        case "kernel_l1l2_bias_l2": return Dense(2, kernelRegularizer: L1L2(l1: 0.01, l2: 0.03), biasRegularizer: L2(0.1), name: "dense")
        case "activity_l2": return Dense(2, activityRegularizer: L2(0.2), name: "dense")
        default: return Dense(2, kernelRegularizer: L1(), biasRegularizer: L2(), name: "dense")
        }
    }

    static func constrainedDense(_ label: String) -> Dense {
        switch label {
        case "max_norm": return Dense(2, kernelConstraint: MaxNorm(), biasConstraint: MaxNorm(0.5), name: "dense")
        case "non_neg": return Dense(2, kernelConstraint: NonNeg(), biasConstraint: NonNeg(), name: "dense")
        case "unit_norm": return Dense(2, kernelConstraint: UnitNorm(), name: "dense")
        case "min_max_norm": return Dense(2, kernelConstraint: MinMaxNorm(minValue: 0.5, maxValue: 1.5, rate: 0.7), name: "dense")
        default: return Dense(2, kernelConstraint: MaxNorm(1, axis: 1), name: "dense")
        }
    }

    static func model(_ dense: Dense, kernel: Any?, bias: Any?) throws -> Sequential {
        let model = try Sequential([dense])
        try model.buildIfNeeded(inputShape: [nil, 3])
        try dense.setWeights([Tensor(shape: [3, 2], scalars: floats(kernel)), Tensor(floats(bias))])
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        return model
    }

    static func number(_ value: Any?) -> Float { (value as? NSNumber)?.floatValue ?? .nan }

    /// |a − b| ≤ 1e-6·|b| + 1e-6 (float32 sums of a few squares).
    static func close(_ a: Float, _ b: Float) -> Bool { abs(a - b) <= 1e-6 * abs(b) + 1e-6 }

    static let labels = ["kernel_l2", "kernel_l1", "kernel_l1l2_bias_l2", "activity_l2", "defaults_strings"]

    @Test(arguments: labels)
    func regularizedDenseMatchesKeras(label: String) throws {
        let f = Self.fixtures.object("regularizers")
        let cases = (f["cases"] as? [[String: Any]]) ?? []
        let c = try #require(cases.first { $0["label"] as? String == label })
        let x = try Tensor(shape: [5, 3], scalars: floats(f["x"])), y = try Tensor(shape: [5, 2], scalars: floats(f["y"]))
        let model = try Self.model(Self.regularizedDense(label), kernel: f["kernel"], bias: f["bias"])
        // evaluate's loss includes the penalties (Keras' test step), and leaves the activity penalty in `losses`.
        let evaluated = try #require(try model.evaluate(x, y, verbose: .silent)["loss"])
        #expect(Self.close(evaluated, Self.number(c["evaluate_loss"])), "evaluate \(evaluated)")
        let penalties = try model.losses.map { $0.scalar ?? .nan }
        let expected = floats(c["penalties_before"])
        #expect(penalties.count == expected.count)
        for (p, e) in zip(penalties, expected) { #expect(Self.close(p, e), "penalty \(p) vs \(e)") }
        // The reported training loss is the data loss plus every penalty, computed before the update.
        let logs = try model.trainOnBatch(x, y)
        #expect(Self.close(try #require(logs["loss"]), Self.number(c["train_on_batch_loss"])))
        let after = (c["weights_after"] as? [Any]) ?? []
        for (w, k) in zip(model.getWeights(), after) { #expect(maxScaledDifference(w.scalars, floats(k)) < 1e-6) }
        let fitted = try Self.model(Self.regularizedDense(label), kernel: f["kernel"], bias: f["bias"])
        let history = try fitted.fit(x, y, batchSize: 5, epochs: 1, verbose: .silent, shuffle: false)
        #expect(Self.close(try #require(history.history["loss"]?.first), Self.number(c["fit_loss"])))
        // Config as Keras writes it, and back.
        let keras = try #require(c["config"] as? String)
        #expect(model.layers[0].serialized["config"]?.jsonText == keras)
        let rebuilt = try LayerRegistry.layer(from: .object([("class_name", "Dense"), ("config", try JSONValue.parse(keras))]))
        #expect(rebuilt.serialized["config"]?.jsonText == keras)
    }

    @Test func frozenLayerAddsNoPenalty() throws {
        let dense = Dense(2, kernelRegularizer: L2(0.05), inputShape: [3])
        let model = try Sequential([dense])
        try model.buildIfNeeded(inputShape: [nil, 3])
        #expect(try model.losses.count == 1)
        dense.isTrainable = false
        #expect(try model.losses.isEmpty)
    }

    @Test func regularizerGradientsMatchFiniteDifferences() throws {
        let w = awayFromZero([3, 2], seed: 12)
        try checkGradient([w], { try L1L2(l1: 0.3, l2: 0.7).penalty($0[0]) }, reference: { p in
            DArray(p[0].values.reduce(0.0) { $0 + 0.3 * Swift.abs($1) + 0.7 * $1 * $1 })
        })
    }

    static let constraintLabels = ["max_norm", "non_neg", "unit_norm", "min_max_norm", "max_norm_axis1"]

    @Test(arguments: constraintLabels)
    func constrainedDenseMatchesKeras(label: String) throws {
        let f = Self.fixtures.object("constraints")
        let r = Self.fixtures.object("regularizers")
        let c = try #require(((f["cases"] as? [[String: Any]]) ?? []).first { $0["label"] as? String == label })
        let x = try Tensor(shape: [5, 3], scalars: floats(r["x"])), y = try Tensor(shape: [5, 2], scalars: floats(r["y"]))
        let model = try Self.model(Self.constrainedDense(label), kernel: f["kernel"], bias: f["bias"])
        let logs = try model.trainOnBatch(x, y)
        #expect(Self.close(try #require(logs["loss"]), Self.number(c["loss"])))
        let after = (c["weights_after"] as? [Any]) ?? []
        #expect(after.count == 2)
        for (w, k) in zip(model.getWeights(), after) { #expect(maxScaledDifference(w.scalars, floats(k)) < 1e-6, "\(label)") }
        // Keras' MaxNorm default is the Python int 2 (`"max_value": 2`) where this writes the float
        // `2.0` (max_norm): compare parsed there, bytes elsewhere.
        let keras = try #require(c["config"] as? String)
        let ours = try #require(model.layers[0].serialized["config"])
        if label == "max_norm" { #expect(ours == (try JSONValue.parse(keras))) } else { #expect(ours.jsonText == keras) }
        let rebuilt = try LayerRegistry.layer(from: .object([("class_name", "Dense"), ("config", try JSONValue.parse(keras))]))
        #expect(rebuilt.serialized["config"] == ours)
    }

    @Test func regularizerAndConstraintConfigsAsKeras() throws {
        let regs = Self.fixtures.object("regularizers", "configs")
        let ours: [String: Regularizer] = ["L1": L1(), "L2": L2(), "L1L2": L1L2(l1: 0.01, l2: 0.01), "L1L2_default": L1L2(),
                                           "L2_0.05": L2(0.05), "L1_0.02": L1(0.02)]
        for (key, r) in ours {
            let keras = try #require(regs[key] as? String)
            // L1L2() writes 0 where Keras writes 0.0: the same JSON value.
            if key == "L1L2_default" { #expect(r.serialized == (try JSONValue.parse(keras))) } else { #expect(r.serialized.jsonText == keras, "\(key)") }
            #expect(try Regularizers.make(config: JSONValue.parse(keras)).serialized == r.serialized)
        }
        let cons = Self.fixtures.object("constraints", "configs")
        let constraints: [String: Constraint] = ["MaxNorm": MaxNorm(), "NonNeg": NonNeg(), "UnitNorm": UnitNorm(), "MinMaxNorm": MinMaxNorm()]
        for (key, c) in constraints {
            let keras = try JSONValue.parse(try #require(cons[key] as? String))
            #expect(c.serialized == keras, "\(key)")
            #expect(try Constraints.make(config: keras).serialized == keras)
        }
        // Keras' string names and defaults.
        #expect((try Regularizers.make(config: "l1_l2")).serialized == L1L2(l1: 0.01, l2: 0.01).serialized)
        #expect((try Regularizers.make(config: "l2")).serialized == L2(0.01).serialized)
        #expect((try Constraints.make(config: "max_norm")).serialized == MaxNorm(2, axis: 0).serialized)
        #expect((try Constraints.make(config: "non_neg")) is NonNeg)
    }

    @Test func badRegularizerAndConstraintConfigsThrow() throws {
        #expect(throws: SwiftLearnError.self) { try Regularizers.make(config: "l3") }
        #expect(throws: SwiftLearnError.self) { try Regularizers.make(config: JSONValue.parse(#"{"class_name": "L2", "config": {"l2": -1}}"#)) }
        #expect(throws: SwiftLearnError.self) { try Constraints.make(config: JSONValue.parse(#"{"class_name": "MaxNorm", "config": {"axis": [0, 1]}}"#)) }
        #expect(throws: SwiftLearnError.self) { try Constraints.make(config: "positive") }
        do {
            _ = try LayerRegistry.layer(from: JSONValue.parse(#"{"class_name": "Dense", "config": {"name": "d", "units": 2, "kernel_regularizer": {"class_name": "L9"}}}"#))
            Issue.record("an unknown regularizer class was accepted")
        } catch let error as SwiftLearnError {
            #expect(error.message.contains("'d'") && error.message.contains("kernel_regularizer") && error.message.contains("L9"))
        }
        #expect(throws: SwiftLearnError.self) { try MaxNorm(axis: 3)(Tensor(zeros: [2, 2])) }
    }
}

extension RegularizerConstraintTests {
    @Test func lowerCaseShortcutsAsKeras() throws {
        let dense = Dense(4, kernelRegularizer: .l2(0.05), biasRegularizer: .l1(), activityRegularizer: .l1l2(),
                          kernelConstraint: .maxNorm(3), biasConstraint: .nonNeg)
        #expect(dense.kernelRegularizer?.serialized == L2(0.05).serialized)
        #expect(dense.biasRegularizer?.serialized == L1(0.01).serialized)
        #expect(dense.activityRegularizer?.serialized == L1L2(l1: 0.01, l2: 0.01).serialized)
        #expect(dense.kernelConstraint?.serialized == MaxNorm(3).serialized)
        #expect(dense.biasConstraint is NonNeg)
    }
}

extension RegularizerConstraintTests {
    /// Keras 3's rule with several outputs: `loss = Σ wᵢ·Lᵢ + Σ penalties`, the per-output losses
    /// without penalties; a BatchNormalization in the graph keeps its moving statistics out of training.
    @Test func penaltiesJoinTheTotalOfAFunctionalModelWithTwoOutputs() throws {
        let input = Input(shape: [3])
        let hidden = try BatchNormalization()(try Dense(4, activation: .relu, kernelRegularizer: .l2(0.1), name: "hidden")(input))
        let main = try Dense(1, activityRegularizer: .l1(0.5), name: "main")(hidden)
        let aux = try Dense(1, name: "aux")(hidden)
        let model = try Model(inputs: [input], outputs: [main, aux])
        try model.compile(losses: [.meanSquaredError, .meanSquaredError], optimizer: SGD(learningRate: 0.01), lossWeights: [0.9, 0.1])
        let x = uniform([8, 3], seed: 21), y1 = uniform([8, 1], seed: 22), y2 = uniform([8, 1], seed: 23)
        let kernel = try #require(model.layer(named: "hidden", as: Dense.self).kernel).snapshot()
        let logs = try model.trainOnBatch([x], [y1, y2])
        let penalties = try model.losses.map { $0.scalar ?? .nan }
        #expect(penalties.count == 2) // the activity penalty of `main`, then the kernel penalty of `hidden`
        let kernelPenalty = 0.1 * kernel.scalars.reduce(0) { $0 + $1 * $1 }
        let total = 0.9 * (logs["main_loss"] ?? .nan) + 0.1 * (logs["aux_loss"] ?? .nan) + penalties[0] + kernelPenalty
        #expect(abs((logs["loss"] ?? .nan) - total) < 1e-5, "\(logs) \(penalties)")
        #expect(model.trainableWeights.count == 8 && model.nonTrainableWeights.count == 2)
    }
}
