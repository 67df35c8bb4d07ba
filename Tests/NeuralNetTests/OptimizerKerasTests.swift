import Foundation
import Testing
import TensorCore
@testable import NeuralNet

extension KerasFixtures {
    /// `Fixtures/keras/optimizers.json` (Interop/make_optimizer_fixtures.py).
    static let optimizers = KerasFixtures(file: "optimizers.json")
}

/// Builds the Swift optimizer for a fixture case: a Keras class name and its keyword arguments.
enum KerasOptimizerFactory {
    static func number(_ kwargs: [String: Any], _ key: String) -> Float? { (kwargs[key] as? NSNumber)?.floatValue }
    static func flag(_ kwargs: [String: Any], _ key: String) -> Bool { (kwargs[key] as? Bool) ?? false }

    static func schedule(_ spec: [String: Any]) throws -> any LearningRateSchedule {
        let c = spec["config"] as? [String: Any] ?? [:]
        let initial = number(c, "initial_learning_rate") ?? .nan
        let steps = (c["decay_steps"] as? NSNumber)?.intValue ?? 0
        switch spec["class_name"] as? String {
        case "ExponentialDecay":
            return try ExponentialDecay(initialLearningRate: initial, decaySteps: steps, decayRate: number(c, "decay_rate") ?? .nan,
                                        staircase: flag(c, "staircase"))
        case "InverseTimeDecay":
            return try InverseTimeDecay(initialLearningRate: initial, decaySteps: steps, decayRate: number(c, "decay_rate") ?? .nan,
                                        staircase: flag(c, "staircase"))
        case "PiecewiseConstantDecay":
            return try PiecewiseConstantDecay(boundaries: ints(c["boundaries"]), values: floats(c["values"]))
        case "PolynomialDecay":
            return try PolynomialDecay(initialLearningRate: initial, decaySteps: steps,
                                       endLearningRate: number(c, "end_learning_rate") ?? 0.0001,
                                       power: number(c, "power") ?? 1, cycle: flag(c, "cycle"))
        case "CosineDecay":
            return try CosineDecay(initialLearningRate: initial, decaySteps: steps, alpha: number(c, "alpha") ?? 0,
                                   warmupTarget: number(c, "warmup_target"), warmupSteps: (c["warmup_steps"] as? NSNumber)?.intValue ?? 0)
        default:
            throw SwiftLearnError.unknownName("schedule \(spec["class_name"] ?? "nil")")
        }
    }

    static func make(_ className: String, _ kwargs: [String: Any]) throws -> Optimizer {
        let lr = number(kwargs, "learning_rate")
        let s = try (kwargs["learning_rate"] as? [String: Any]).map(schedule)
        let wd = number(kwargs, "weight_decay"), cn = number(kwargs, "clipnorm"), cv = number(kwargs, "clipvalue")
        let gcn = number(kwargs, "global_clipnorm")
        let rate = lr ?? 0.001
        switch className {
        case "SGD":
            return SGD(learningRate: lr ?? 0.01, momentum: number(kwargs, "momentum") ?? 0, nesterov: flag(kwargs, "nesterov"),
                       weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, learningRateSchedule: s)
        case "Adam":
            return Adam(learningRate: rate, beta1: number(kwargs, "beta_1") ?? 0.9, beta2: number(kwargs, "beta_2") ?? 0.999,
                        amsgrad: flag(kwargs, "amsgrad"), weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn,
                        learningRateSchedule: s)
        case "AdamW":
            return AdamW(learningRate: rate, weightDecay: wd ?? 0.004, amsgrad: flag(kwargs, "amsgrad"), clipnorm: cn, clipvalue: cv,
                         globalClipnorm: gcn, learningRateSchedule: s)
        case "Nadam":
            return Nadam(learningRate: rate, beta1: number(kwargs, "beta_1") ?? 0.9, beta2: number(kwargs, "beta_2") ?? 0.999,
                         weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, learningRateSchedule: s)
        case "RMSprop":
            return RMSprop(learningRate: rate, rho: number(kwargs, "rho") ?? 0.9, momentum: number(kwargs, "momentum") ?? 0,
                           epsilon: number(kwargs, "epsilon") ?? 1e-7, centered: flag(kwargs, "centered"),
                           weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, learningRateSchedule: s)
        case "Adagrad":
            return Adagrad(learningRate: rate, initialAccumulatorValue: number(kwargs, "initial_accumulator_value") ?? 0.1,
                           epsilon: number(kwargs, "epsilon") ?? 1e-7,
                           weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, learningRateSchedule: s)
        case "Adadelta":
            return Adadelta(learningRate: rate, rho: number(kwargs, "rho") ?? 0.95, epsilon: number(kwargs, "epsilon") ?? 1e-7,
                            weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, learningRateSchedule: s)
        case "Adamax":
            return Adamax(learningRate: rate, beta1: number(kwargs, "beta_1") ?? 0.9, beta2: number(kwargs, "beta_2") ?? 0.999,
                          weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, learningRateSchedule: s)
        case "Ftrl":
            return Ftrl(learningRate: rate, learningRatePower: number(kwargs, "learning_rate_power") ?? -0.5,
                        initialAccumulatorValue: number(kwargs, "initial_accumulator_value") ?? 0.1,
                        l1RegularizationStrength: number(kwargs, "l1_regularization_strength") ?? 0,
                        l2RegularizationStrength: number(kwargs, "l2_regularization_strength") ?? 0,
                        l2ShrinkageRegularizationStrength: number(kwargs, "l2_shrinkage_regularization_strength") ?? 0,
                        beta: number(kwargs, "beta") ?? 0,
                        weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, learningRateSchedule: s)
        default:
            return try Optimizer.named(className)
        }
    }
}

/// Three steps of every optimizer on two variables, plain and with clipnorm, clipvalue,
/// global_clipnorm, weight decay and a schedule, against Keras 3.15.1 (JAX).
@Suite struct OptimizerKerasTests {
    static let fixtures = KerasFixtures.optimizers
    static var cases: [[String: Any]] { fixtures.root["steps"] as? [[String: Any]] ?? [] }
    static let caseNames: [String] = cases.compactMap { $0["name"] as? String }

    @Test func fixtureHasEveryCase() {
        #expect(Self.caseNames.count == 66)
        #expect(Self.fixtures.root["keras_version"] as? String == "3.15.1")
        let classes = Set(Self.cases.compactMap { $0["class_name"] as? String })
        #expect(classes == ["SGD", "Adam", "AdamW", "Nadam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Ftrl"])
    }

    @Test(arguments: caseNames)
    func threeStepsMatchKeras(name: String) throws {
        let f = Self.fixtures.root
        let c = try #require(Self.cases.first { $0["name"] as? String == name })
        let optimizer = try KerasOptimizerFactory.make(try #require(c["class_name"] as? String), c["kwargs"] as? [String: Any] ?? [:])
        try optimizer.validate()
        let kernel = Variable(try tensor(f["kernel"], shape: f["kernel_shape"]), name: "kernel")
        let bias = Variable(try tensor(f["bias"], shape: f["bias_shape"]), name: "bias")
        let gradients = f["gradients"] as? [[Any]] ?? [], steps = c["steps"] as? [[Any]] ?? []
        try #require(gradients.count == 3 && steps.count == 3)
        for (step, (g, expected)) in zip(gradients, steps).enumerated() {
            kernel.gradient = try tensor(g[0], shape: f["kernel_shape"])
            bias.gradient = try tensor(g[1], shape: f["bias_shape"])
            try optimizer.apply(to: [kernel, bias])
            let error = max(maxScaledDifference(kernel.storedValue.scalars, floats(expected[0])),
                            maxScaledDifference(bias.storedValue.scalars, floats(expected[1])))
            #expect(error <= 1e-6, "\(name) step \(step + 1): \(error)")
        }
    }

    /// A variable with no elements next to a normal one: clipping and weight decay skip it.
    @Test(arguments: [0, 1, 2])
    func emptyVariableWithClipping(kind: Int) throws {
        let empty = Variable(try Tensor(zeros: [0, 3]), name: "empty"), w = Variable(try Tensor(shape: [1], scalars: [1]), name: "w")
        let optimizer = switch kind {
        case 0: Adam(clipnorm: 1, learningRateSchedule: try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5))
        case 1: Adam(weightDecay: 0.1, globalClipnorm: 1)
        default: Adam(clipvalue: 1)
        }
        empty.gradient = try Tensor(zeros: [0, 3])
        w.gradient = try Tensor(shape: [1], scalars: [3])
        try optimizer.apply(to: [empty, w])
        #expect(empty.storedValue.shape == [0, 3] && w.storedValue.scalars[0] < 1)
    }

    /// Clipping copies: the variable's own gradient is left as it was.
    @Test func clippingLeavesTheGradientUntouched() throws {
        let v = Variable(try Tensor(shape: [2], scalars: [1, 1]), name: "w")
        let g = try Tensor(shape: [2], scalars: [30, -40])
        v.gradient = g
        try SGD(learningRate: 0.1, clipnorm: 5).apply(to: [v])
        #expect(v.gradient?.scalars == [30, -40])
        #expect(maxDifference(v.storedValue.scalars, [1 - 0.1 * 3, 1 + 0.1 * 4]) < 1e-6)
    }
}
