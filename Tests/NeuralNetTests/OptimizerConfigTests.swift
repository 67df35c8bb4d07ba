import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Optimizer names, default configs (against Keras 3's `get_config()`), hyperparameter checks,
/// and the plain-SGD fusion being off whenever a step is more than `w ← w − lr·g`.
@Suite struct OptimizerConfigTests {
    static let names = ["sgd", "adam", "adamw", "nadam", "rmsprop", "adagrad", "adadelta", "adamax", "ftrl"]

    @Test(arguments: names)
    func defaultConfigMatchesKeras(name: String) throws {
        let optimizer = try Optimizer.named(name)
        #expect(optimizer.className.lowercased() == name)
        let keras = KerasFixtures.optimizers.object("configs", optimizer.className)
        let mismatch = configMismatch(.object(optimizer.config), keras, at: optimizer.className)
        #expect(!keras.isEmpty && mismatch == nil, "\(mismatch ?? "")")
        try optimizer.validate()
    }

    @Test func configCarriesClippingAndWeightDecay() throws {
        let config = JSONValue.object(RMSprop(weightDecay: 0.01, clipnorm: 1.5).config)
        #expect(config["weight_decay"] == .number(0.01) && config["clipnorm"] == .number(1.5))
        #expect(config["clipvalue"] == .null && config["global_clipnorm"] == .null)
    }

    @Test func unknownNameListsTheKnownOnes() {
        #expect(throws: SwiftLearnError.self) { try Optimizer.named("adamm") }
        do { _ = try Optimizer.named("adamm") } catch { #expect("\(error)".contains("adamm") && "\(error)".contains("adadelta")) }
    }

    static let invalid: [(String, @Sendable () -> Optimizer)] = [
        ("rho must be in [0, 1], received -0.5", { RMSprop(rho: -0.5) }),
        ("rho must be in [0, 1], received -0.1", { Adadelta(rho: -0.1) }),
        ("epsilon must be non-negative, received -1e-07", { Adam(epsilon: -1e-7) }),
        ("epsilon must be non-negative, received -0.001", { Nadam(epsilon: -1e-3) }),
        ("epsilon must be non-negative, received -1.0", { Adagrad(epsilon: -1) }),
        ("epsilon must be non-negative, received nan", { Adamax(epsilon: .nan) }),
        ("momentum must be a non-negative finite number, received -0.9", { RMSprop(momentum: -0.9) }),
        ("beta1 must be in [0, 1), received 1.0", { AdamW(beta1: 1) }),
        ("initialAccumulatorValue must be a non-negative finite number, received -0.1", { Adagrad(initialAccumulatorValue: -0.1) }),
        ("clipnorm must be a positive finite number, received -1.0", { SGD(clipnorm: -1) }),
        ("clipvalue must be a positive finite number, received 0.0", { Adam(clipvalue: 0) }),
        ("globalClipnorm must be a positive finite number, received inf", { Adagrad(globalClipnorm: .infinity) }),
        ("only one of clipnorm, clipvalue and globalClipnorm can be set, received clipnorm=1.0, clipvalue=0.5", { Adam(clipnorm: 1, clipvalue: 0.5) }),
        ("weightDecay must be a non-negative finite number, received -0.004", { AdamW(weightDecay: -0.004) }),
        ("AdamW: weightDecay must be a number, received nil", { let o = AdamW(); o.weightDecay = nil; return o }),
        ("learningRate must be a positive finite number, received -0.1", { Nadam(learningRate: -0.1) }),
        ("learningRatePower must be negative or zero, received 0.5", { Ftrl(learningRatePower: 0.5) }),
        ("l1RegularizationStrength must be a non-negative finite number, received -0.01", { Ftrl(l1RegularizationStrength: -0.01) }),
    ]

    @Test(arguments: invalid.indices)
    func invalidHyperparametersThrowNamingTheValue(index: Int) throws {
        let (text, make) = Self.invalid[index]
        let optimizer = make()
        do {
            try optimizer.validate()
            Issue.record("\(optimizer.className): no error; expected '\(text)'")
        } catch let error as SwiftLearnError {
            #expect("\(error)".contains(text), "\(error)")
            #expect("\(error)".contains(optimizer.className), "\(error)")
        }
        // compile checks them too, before any training.
        let model = try Sequential([Dense(1, inputShape: [2])])
        #expect(throws: SwiftLearnError.self) { try model.compile(loss: .meanSquaredError, optimizer: optimizer) }
    }

    @Test func scheduleReplacesTheLearningRateCheck() throws {
        let o = Adam(learningRate: .nan, learningRateSchedule: try InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 1))
        try o.validate()
    }

    /// Plain SGD is fused into the backward pass only when nothing else acts on the step.
    @Test func inPlaceSGDOnlyForPlainSteps() throws {
        #expect(SGD(learningRate: 0.1).inPlaceUpdateScale == -0.1)
        let schedule = try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5)
        for o in [SGD(clipnorm: 1), SGD(clipvalue: 1), SGD(globalClipnorm: 1), SGD(weightDecay: 0.1),
                  SGD(learningRateSchedule: schedule), SGD(momentum: 0.5)] {
            #expect(o.inPlaceUpdateScale == nil)
        }
    }

    /// Through `fit`: with clipvalue no weight moves more than `lr · clipvalue` in one step (the
    /// fused path would ignore the clip).
    @Test func fitAppliesClipping() throws {
        setRandomSeed(7)
        let model = try Sequential([Dense(3, inputShape: [2]), Dense(1)])
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1, clipvalue: 1e-3))
        let before = model.getWeights()
        let x = try Tensor(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8]), y = try Tensor(shape: [4, 1], scalars: [100, 200, 300, 400])
        try model.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent)
        let moves = zip(before, model.getWeights()).flatMap { zip($0.scalars, $1.scalars).map { abs($0 - $1) } }
        #expect(moves.max() ?? 1 <= 1e-4 * 1.001 && moves.max() ?? 0 > 0, "\(moves)")
    }

    /// Nadam's momentum product follows `iterations`: restoring state and iterations into another
    /// optimizer continues exactly as Keras' third step.
    @Test func nadamRestoredMidwayMatchesKeras() throws {
        let f = KerasFixtures.optimizers.root
        let c = try #require((f["steps"] as? [[String: Any]])?.first { $0["name"] as? String == "Nadam/0/plain" })
        let expected = try #require((c["steps"] as? [[Any]])?.last)
        let gradients = f["gradients"] as? [[Any]] ?? []
        try #require(gradients.count == 3)
        let kernel = Variable(try tensor(f["kernel"], shape: f["kernel_shape"]), name: "kernel")
        let bias = Variable(try tensor(f["bias"], shape: f["bias_shape"]), name: "bias")
        kernel.path = "kernel"
        bias.path = "bias"
        let first = Nadam(learningRate: 0.01)
        for g in gradients.prefix(2) {
            kernel.gradient = try tensor(g[0], shape: f["kernel_shape"])
            bias.gradient = try tensor(g[1], shape: f["bias_shape"])
            try first.apply(to: [kernel, bias])
        }
        // An optimizer that ran further (its running product is past step 3) is rebuilt and restored.
        let second = Nadam(learningRate: 0.01)
        let scratch = Variable(try Tensor(shape: [1], scalars: [1]), name: "scratch")
        for _ in 0..<4 {
            scratch.gradient = try Tensor(shape: [1], scalars: [1])
            try second.apply(to: [scratch])
        }
        try second.build(for: [kernel, bias])
        for path in ["kernel", "bias"] { try second.setState(try #require(first.state(forPath: path)), forPath: path) }
        try second.setIterations(2)
        kernel.gradient = try tensor(gradients[2][0], shape: f["kernel_shape"])
        bias.gradient = try tensor(gradients[2][1], shape: f["bias_shape"])
        try second.apply(to: [kernel, bias])
        let error = max(maxScaledDifference(kernel.storedValue.scalars, floats(expected[0])),
                        maxScaledDifference(bias.storedValue.scalars, floats(expected[1])))
        #expect(error <= 1e-6, "\(error)")
    }
}
