#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// A learning rate that depends on the step (Keras' `keras.optimizers.schedules`). An optimizer
/// with a schedule evaluates it at its `iterations` (0 for the first update), in Float32 as Keras.
public protocol LearningRateSchedule {
    /// The learning rate at `step`.
    func value(atStep step: Int) -> Float
    /// The Keras class name.
    var className: String { get }
    /// The config with Keras' keys.
    var config: [(String, JSONValue)] { get }
}

/// The schedule as Keras serializes it inside an optimizer's config.
func serializedSchedule(_ schedule: any LearningRateSchedule) -> JSONValue {
    .object([("module", "keras.optimizers.schedules"), ("class_name", .string(schedule.className)),
             ("config", .object(schedule.config)), ("registered_name", .null)])
}

private func checkDecaySteps(_ steps: Int, _ schedule: String) throws {
    guard steps > 0 else { throw SwiftLearnError.invalidArgument("\(schedule): decaySteps must be > 0, received \(steps)") }
}

private func checkRate(_ value: Float, _ label: String, _ schedule: String) throws {
    guard value.isFinite, value >= 0 else {
        throw SwiftLearnError.invalidArgument("\(schedule): \(label) must be a non-negative finite number, received \(value)")
    }
}

/// `initial · rateᵖ` with `p = step / decaySteps` (floored when `staircase`).
public struct ExponentialDecay: LearningRateSchedule {
    public let initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool, name: String
    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false,
                name: String = "ExponentialDecay") throws {
        try checkRate(initialLearningRate, "initialLearningRate", "ExponentialDecay")
        try checkDecaySteps(decaySteps, "ExponentialDecay")
        try checkRate(decayRate, "decayRate", "ExponentialDecay")
        (self.initialLearningRate, self.decaySteps, self.decayRate, self.staircase, self.name) =
            (initialLearningRate, decaySteps, decayRate, staircase, name)
    }
    public func value(atStep step: Int) -> Float {
        var p = Float(step) / Float(decaySteps)
        if staircase { p = p.rounded(.down) }
        return initialLearningRate * powf(decayRate, p)
    }
    public var className: String { "ExponentialDecay" }
    public var config: [(String, JSONValue)] {
        [("initial_learning_rate", kerasFloat(initialLearningRate)), ("decay_steps", .number(Double(decaySteps))),
         ("decay_rate", kerasFloat(decayRate)), ("staircase", .bool(staircase)), ("name", .string(name))]
    }
}

/// `values[0]` up to and including `boundaries[0]`, `values[i]` for steps in
/// `(boundaries[i−1], boundaries[i]]`, the last value after the last boundary.
public struct PiecewiseConstantDecay: LearningRateSchedule {
    public let boundaries: [Int], values: [Float], name: String
    public init(boundaries: [Int], values: [Float], name: String = "PiecewiseConstant") throws {
        guard !values.isEmpty, boundaries.count == values.count - 1 else {
            throw SwiftLearnError.invalidArgument("PiecewiseConstantDecay: boundaries must be one shorter than values, received \(boundaries.count) boundaries \(boundaries) and \(values.count) values \(values)")
        }
        guard zip(boundaries, boundaries.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw SwiftLearnError.invalidArgument("PiecewiseConstantDecay: boundaries must be increasing, received \(boundaries)")
        }
        for v in values { try checkRate(v, "each value", "PiecewiseConstantDecay") }
        (self.boundaries, self.values, self.name) = (boundaries, values, name)
    }
    public func value(atStep step: Int) -> Float {
        values[boundaries.firstIndex { step <= $0 } ?? boundaries.count]
    }
    public var className: String { "PiecewiseConstantDecay" }
    public var config: [(String, JSONValue)] {
        [("boundaries", .array(boundaries.map { .number(Double($0)) })), ("values", .array(values.map { kerasFloat($0) })),
         ("name", .string(name))]
    }
}

/// `(initial − end) · (1 − step/decaySteps)^power + end`, the step capped at `decaySteps`; with
/// `cycle`, `decaySteps` is instead multiplied by `⌈step/decaySteps⌉` (1 at step 0).
public struct PolynomialDecay: LearningRateSchedule {
    public let initialLearningRate: Float, decaySteps: Int, endLearningRate: Float, power: Float, cycle: Bool, name: String
    public init(initialLearningRate: Float, decaySteps: Int, endLearningRate: Float = 0.0001, power: Float = 1,
                cycle: Bool = false, name: String = "PolynomialDecay") throws {
        try checkRate(initialLearningRate, "initialLearningRate", "PolynomialDecay")
        try checkDecaySteps(decaySteps, "PolynomialDecay")
        try checkRate(endLearningRate, "endLearningRate", "PolynomialDecay")
        guard power.isFinite else { throw SwiftLearnError.invalidArgument("PolynomialDecay: power must be finite, received \(power)") }
        (self.initialLearningRate, self.decaySteps, self.endLearningRate, self.power, self.cycle, self.name) =
            (initialLearningRate, decaySteps, endLearningRate, power, cycle, name)
    }
    public func value(atStep step: Int) -> Float {
        var s = Float(step), d = Float(decaySteps)
        if cycle {
            d *= s == 0 ? 1 : (s / d).rounded(.up)
        } else {
            s = Swift.min(s, d)
        }
        return (initialLearningRate - endLearningRate) * powf(1 - s / d, power) + endLearningRate
    }
    public var className: String { "PolynomialDecay" }
    public var config: [(String, JSONValue)] {
        [("initial_learning_rate", kerasFloat(initialLearningRate)), ("decay_steps", .number(Double(decaySteps))),
         ("end_learning_rate", kerasFloat(endLearningRate)), ("power", kerasFloat(power)), ("cycle", .bool(cycle)),
         ("name", .string(name))]
    }
}

/// `initial / (1 + rate · p)` with `p = step / decaySteps` (floored when `staircase`).
public struct InverseTimeDecay: LearningRateSchedule {
    public let initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool, name: String
    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false,
                name: String = "InverseTimeDecay") throws {
        try checkRate(initialLearningRate, "initialLearningRate", "InverseTimeDecay")
        try checkDecaySteps(decaySteps, "InverseTimeDecay")
        try checkRate(decayRate, "decayRate", "InverseTimeDecay")
        (self.initialLearningRate, self.decaySteps, self.decayRate, self.staircase, self.name) =
            (initialLearningRate, decaySteps, decayRate, staircase, name)
    }
    public func value(atStep step: Int) -> Float {
        var p = Float(step) / Float(decaySteps)
        if staircase { p = p.rounded(.down) }
        return initialLearningRate / (1 + decayRate * p)
    }
    public var className: String { "InverseTimeDecay" }
    public var config: [(String, JSONValue)] {
        [("initial_learning_rate", kerasFloat(initialLearningRate)), ("decay_steps", .number(Double(decaySteps))),
         ("decay_rate", kerasFloat(decayRate)), ("staircase", .bool(staircase)), ("name", .string(name))]
    }
}

/// Cosine decay from `initial` (or, with a warmup, from `warmupTarget` after rising linearly to it
/// over `warmupSteps`) to `alpha ·` that rate over `decaySteps`, then constant.
public struct CosineDecay: LearningRateSchedule {
    public let initialLearningRate: Float, decaySteps: Int, alpha: Float, name: String
    public let warmupTarget: Float?, warmupSteps: Int
    public init(initialLearningRate: Float, decaySteps: Int, alpha: Float = 0, name: String = "CosineDecay",
                warmupTarget: Float? = nil, warmupSteps: Int = 0) throws {
        try checkRate(initialLearningRate, "initialLearningRate", "CosineDecay")
        try checkDecaySteps(decaySteps, "CosineDecay")
        guard alpha.isFinite, alpha >= 0, alpha <= 1 else {
            throw SwiftLearnError.invalidArgument("CosineDecay: alpha must be in [0, 1], received \(alpha)")
        }
        if let warmupTarget { try checkRate(warmupTarget, "warmupTarget", "CosineDecay") }
        guard warmupSteps >= 0, warmupTarget == nil || warmupSteps > 0 else {
            throw SwiftLearnError.invalidArgument("CosineDecay: warmupSteps must be \(warmupTarget == nil ? "non-negative" : "positive with a warmupTarget"), received \(warmupSteps)")
        }
        (self.initialLearningRate, self.decaySteps, self.alpha, self.name, self.warmupTarget, self.warmupSteps) =
            (initialLearningRate, decaySteps, alpha, name, warmupTarget, warmupSteps)
    }
    private func decayed(_ step: Float, from rate: Float) -> Float {
        let cosine = 0.5 * (1 + cosf(Float.pi * (step / Float(decaySteps))))
        return rate * (kerasComplement(alpha) * cosine + alpha)
    }
    public func value(atStep step: Int) -> Float {
        let d = Float(decaySteps)
        guard let target = warmupTarget else { return decayed(Swift.min(Float(step), d), from: initialLearningRate) }
        let w = Float(warmupSteps)
        let s = Swift.min(Float(step), d + w)
        if s < w { return (target - initialLearningRate) * (s / w) + initialLearningRate }
        return decayed(s - w, from: target)
    }
    public var className: String { "CosineDecay" }
    public var config: [(String, JSONValue)] {
        [("initial_learning_rate", kerasFloat(initialLearningRate)), ("decay_steps", .number(Double(decaySteps))),
         ("alpha", kerasFloat(alpha)), ("name", .string(name)), ("warmup_target", kerasFloat(warmupTarget)),
         ("warmup_steps", .number(Double(warmupSteps)))]
    }
}
