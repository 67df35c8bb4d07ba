import TensorCore

extension Optimizer {
    /// The optimizer as Keras 3 serializes it (`{"module": "keras.optimizers", "class_name",
    /// "config", "registered_name"}`), the form of a `.keras` file's `compile_config`.
    public var serialized: JSONValue {
        .object([("module", "keras.optimizers"), ("class_name", .string(className)),
                 ("config", .object(config)), ("registered_name", .null)])
    }

    /// An optimizer rebuilt from Keras' serialized form: `{"class_name": "Adam", "config": {...}}`
    /// (the `module` key is optional, as in a legacy `.h5`'s `optimizer_config`), or a bare name
    /// (`"adam"`). tf.keras' `"Custom>Adam"` names are accepted. Keys missing from `config` keep
    /// Keras' defaults; a `learning_rate` may be a serialized schedule. Throws
    /// ``SwiftLearnError/invalidConfig(_:)`` naming the key for a malformed value and
    /// ``SwiftLearnError/unknownName(_:)`` for an unknown class.
    public static func fromConfig(_ json: JSONValue, context: String = "optimizer") throws -> Optimizer {
        if let name = json.stringValue { return try Optimizer.named(name) }
        let entry = try ConfigReader(json, context: context)
        var className = try entry.string("class_name")
        if className.hasPrefix("Custom>") { className.removeFirst("Custom>".count) }
        let optimizer: Optimizer
        do {
            optimizer = try Optimizer.named(className)
        } catch let e as SwiftLearnError {
            throw SwiftLearnError.unknownName("\(context): \(e.message)")
        }
        let c = try ConfigReader(json["config"] ?? .object([]), context: "\(context) \(className) config")
        try optimizer.restoreCommon(from: c)
        try optimizer.restoreSpecific(from: c)
        do {
            try optimizer.validate()
        } catch let e as SwiftLearnError {
            throw SwiftLearnError.invalidConfig("\(c.context): \(e.message)")
        }
        return optimizer
    }

    /// The hyperparameters every Keras optimizer has.
    private func restoreCommon(from c: ConfigReader) throws {
        if let rate = c.object["learning_rate"], rate != .null {
            if rate.doubleValue != nil {
                learningRate = try c.finiteFloat("learning_rate")
                learningRateSchedule = nil
            } else {
                learningRateSchedule = try c.decode("learning_rate", default: .null) { try scheduleFromConfig($0) }
            }
        }
        func optionalFloat(_ key: String) throws -> Float? { c.has(key) ? try c.finiteFloat(key) : nil }
        if c.object["weight_decay"] != nil { weightDecay = try optionalFloat("weight_decay") }
        clipnorm = try optionalFloat("clipnorm")
        clipvalue = try optionalFloat("clipvalue")
        globalClipnorm = try optionalFloat("global_clipnorm")
        if try c.bool("use_ema", default: false) {
            throw c.error("use_ema", "is true: exponential moving averages of the weights are not supported")
        }
        for key in ["loss_scale_factor", "gradient_accumulation_steps"] where c.has(key) {
            throw c.error(key, "is set (\(ConfigReader.preview(c.object[key] ?? .null))): not supported; it must be null")
        }
    }

    /// The hyperparameters of each optimizer class, with Keras' keys.
    private func restoreSpecific(from c: ConfigReader) throws {
        func float(_ key: String, _ current: Float) throws -> Float { try c.finiteFloat(key, default: current) }
        switch self {
        case let o as SGD:
            o.momentum = try float("momentum", o.momentum)
            o.nesterov = try c.bool("nesterov", default: o.nesterov)
        case let o as MomentOptimizer:
            o.beta1 = try float("beta_1", o.beta1)
            o.beta2 = try float("beta_2", o.beta2)
            o.epsilon = try float("epsilon", o.epsilon)
            if let adam = o as? Adam { adam.amsgrad = try c.bool("amsgrad", default: adam.amsgrad) }
        case let o as RMSprop:
            o.rho = try float("rho", o.rho)
            o.momentum = try float("momentum", o.momentum)
            o.epsilon = try float("epsilon", o.epsilon)
            o.centered = try c.bool("centered", default: o.centered)
        case let o as Adagrad:
            o.initialAccumulatorValue = try float("initial_accumulator_value", o.initialAccumulatorValue)
            o.epsilon = try float("epsilon", o.epsilon)
        case let o as Adadelta:
            o.rho = try float("rho", o.rho)
            o.epsilon = try float("epsilon", o.epsilon)
        case let o as Ftrl:
            o.learningRatePower = try float("learning_rate_power", o.learningRatePower)
            o.initialAccumulatorValue = try float("initial_accumulator_value", o.initialAccumulatorValue)
            o.l1RegularizationStrength = try float("l1_regularization_strength", o.l1RegularizationStrength)
            o.l2RegularizationStrength = try float("l2_regularization_strength", o.l2RegularizationStrength)
            o.l2ShrinkageRegularizationStrength = try float("l2_shrinkage_regularization_strength", o.l2ShrinkageRegularizationStrength)
            o.beta = try float("beta", o.beta)
        default:
            break
        }
    }
}

/// A learning-rate schedule from Keras' serialized form (`{"class_name": "ExponentialDecay",
/// "config": {...}}`, `module` optional).
public func scheduleFromConfig(_ json: JSONValue) throws -> any LearningRateSchedule {
    let entry = try ConfigReader(json, context: "learning-rate schedule")
    let className = try entry.string("class_name")
    let c = try ConfigReader(json["config"] ?? .null, context: "\(className) config")
    func name(_ fallback: String) throws -> String { try c.string("name", default: fallback) }
    switch className {
    case "ExponentialDecay":
        return try ExponentialDecay(initialLearningRate: c.finiteFloat("initial_learning_rate"), decaySteps: c.int("decay_steps"),
                                    decayRate: c.finiteFloat("decay_rate"), staircase: c.bool("staircase", default: false),
                                    name: name("ExponentialDecay"))
    case "InverseTimeDecay":
        return try InverseTimeDecay(initialLearningRate: c.finiteFloat("initial_learning_rate"), decaySteps: c.int("decay_steps"),
                                    decayRate: c.finiteFloat("decay_rate"), staircase: c.bool("staircase", default: false),
                                    name: name("InverseTimeDecay"))
    case "PiecewiseConstantDecay":
        let boundaries = try c.array("boundaries").map { b -> Int in
            guard let i = b.intValue else { throw c.mismatch("boundaries", "a list of integers", c.object["boundaries"] ?? .null) }
            return i
        }
        let values = try c.array("values").map { v -> Float in
            guard let d = v.doubleValue, d.isFinite else { throw c.mismatch("values", "a list of numbers", c.object["values"] ?? .null) }
            return Float(d)
        }
        return try PiecewiseConstantDecay(boundaries: boundaries, values: values, name: name("PiecewiseConstant"))
    case "PolynomialDecay":
        return try PolynomialDecay(initialLearningRate: c.finiteFloat("initial_learning_rate"), decaySteps: c.int("decay_steps"),
                                   endLearningRate: c.finiteFloat("end_learning_rate", default: 0.0001),
                                   power: c.finiteFloat("power", default: 1), cycle: c.bool("cycle", default: false),
                                   name: name("PolynomialDecay"))
    case "CosineDecay":
        return try CosineDecay(initialLearningRate: c.finiteFloat("initial_learning_rate"), decaySteps: c.int("decay_steps"),
                               alpha: c.finiteFloat("alpha", default: 0), name: name("CosineDecay"),
                               warmupTarget: c.has("warmup_target") ? c.finiteFloat("warmup_target") : nil,
                               warmupSteps: c.int("warmup_steps", default: 0))
    default:
        throw SwiftLearnError.unknownName("learning-rate schedule class '\(className.prefix(80))'; expected one of ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay")
    }
}
