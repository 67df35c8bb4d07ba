import Testing
import TensorCore
@testable import NeuralNet

/// Compile state and optimizers to and from Keras 3's JSON (`compile_config`, `training_config`).
@Suite(.isolatedRandomState) struct SavingCompileConfigTests {
    static let optimizers: [@Sendable () throws -> Optimizer] = [
        { SGD(learningRate: 0.05, momentum: 0.9, nesterov: true, clipnorm: 2) },
        { Adam(learningRate: 0.002, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, amsgrad: true) },
        { AdamW(learningRate: 0.003, weightDecay: 0.01) },
        { Nadam(learningRate: 0.004, beta1: 0.85) },
        { RMSprop(learningRate: 0.005, rho: 0.8, momentum: 0.5, centered: true) },
        { Adagrad(learningRate: 0.02, initialAccumulatorValue: 0.2) },
        { Adadelta(learningRate: 0.5, rho: 0.9) },
        { Adamax(learningRate: 0.006, beta2: 0.95) },
        { Ftrl(learningRate: 0.01, l1RegularizationStrength: 0.1, beta: 0.2) },
        { SGD(learningRate: 0.1, learningRateSchedule: try PiecewiseConstantDecay(boundaries: [5, 10], values: [0.1, 0.05, 0.01])) },
        { Adam(learningRateSchedule: try CosineDecay(initialLearningRate: 0.01, decaySteps: 100, alpha: 0.1, warmupTarget: 0.02, warmupSteps: 10)) },
        { RMSprop(learningRateSchedule: try PolynomialDecay(initialLearningRate: 0.01, decaySteps: 50, power: 2, cycle: true)) },
        { Adagrad(learningRateSchedule: try InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: true)) },
    ]

    @Test(arguments: 0..<13)
    func everyOptimizerRoundTripsThroughItsConfig(index: Int) throws {
        let original = try Self.optimizers[index]()
        let rebuilt = try Optimizer.fromConfig(original.serialized)
        #expect(type(of: rebuilt) == type(of: original))
        #expect(rebuilt.serialized.jsonText == original.serialized.jsonText)
        // The legacy `optimizer_config` form has no module.
        let legacy = JSONValue.object([("class_name", .string(original.className)), ("config", .object(original.config))])
        #expect(try Optimizer.fromConfig(legacy).serialized.jsonText == original.serialized.jsonText)
    }

    @Test func kerasSpellingsAndErrors() throws {
        // tf.keras 2 names its optimizers "Custom>Adam"; missing keys keep Keras' defaults.
        let adam = try #require(try Optimizer.fromConfig(JSONValue.parse(#"{"class_name": "Custom>Adam", "config": {"learning_rate": 0.01}}"#)) as? Adam)
        #expect(adam.learningRate == 0.01 && adam.beta1 == 0.9)
        #expect(try Optimizer.fromConfig("rmsprop") is RMSprop)
        #expect(throws: SwiftLearnError.self) { try Optimizer.fromConfig(JSONValue.parse(#"{"class_name": "Lion", "config": {}}"#)) }
        #expect(throws: SwiftLearnError.self) { try Optimizer.fromConfig(JSONValue.parse(#"{"class_name": "SGD", "config": {"use_ema": true}}"#)) }
        #expect(throws: SwiftLearnError.self) { try Optimizer.fromConfig(JSONValue.parse(#"{"class_name": "SGD", "config": {"learning_rate": -1}}"#)) }
        #expect(throws: SwiftLearnError.self) { try Optimizer.fromConfig(JSONValue.parse(#"{"class_name": "SGD", "config": {"momentum": "fast"}}"#)) }
    }

    @Test func compileStateRoundTripsInBothForms() throws {
        let model = try SavingSupport.mlp(seed: 41)
        try model.compile(loss: .categoricalCrossentropy, optimizer: Adam(learningRate: 0.01), metrics: [Metric(named: "acc"), .meanSquaredError])
        let compiled = try #require(model.compiled)
        for key in [CompileConfig.OptimizerKey.optimizer, .optimizerConfig] {
            let json = CompileConfig.json(for: compiled, optimizerKey: key)
            #expect(json["loss"] == "categorical_crossentropy" && json["metrics"] == ["acc", "mean_squared_error"])
            let other = try SavingSupport.mlp(seed: 42)
            try CompileConfig.compile(other, from: json, context: "test")
            let restored = try #require(other.compiled)
            #expect(restored.loss == compiled.loss && restored.metrics == compiled.metrics)
            #expect(restored.optimizer.serialized.jsonText == compiled.optimizer.serialized.jsonText)
        }
    }

    @Test func kerasTrainingConfigsCompile() throws {
        // As Keras 3 writes them (§1.5 of the format notes), aliases included.
        let model = try SavingSupport.mlp(seed: 43)
        let json = try JSONValue.parse(#"{"loss": "mse", "loss_weights": null, "metrics": ["mae"], "weighted_metrics": null, "optimizer_config": {"class_name": "SGD", "config": {"name": "sgd", "learning_rate": 0.009999999776482582, "momentum": 0.9, "nesterov": true}}}"#)
        try CompileConfig.compile(model, from: json, context: "training_config")
        let compiled = try #require(model.compiled)
        #expect(compiled.loss == .meanSquaredError && compiled.metrics.map(\.name) == ["mae"])
        let sgd = try #require(compiled.optimizer as? SGD)
        #expect(sgd.momentum == 0.9 && sgd.nesterov && sgd.learningRate == 0.01)
        let bad = try JSONValue.parse(#"{"loss": "hinge_of_doom", "optimizer_config": {"class_name": "SGD", "config": {}}}"#)
        #expect(throws: SwiftLearnError.self) { try CompileConfig.compile(model, from: bad, context: "training_config") }
    }
}
