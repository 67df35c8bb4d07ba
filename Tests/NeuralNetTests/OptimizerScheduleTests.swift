import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Learning-rate schedules against Keras 3.15.1: values at several steps and configs.
@Suite struct OptimizerScheduleTests {
    static var cases: [[String: Any]] { KerasFixtures.optimizers.root["schedules"] as? [[String: Any]] ?? [] }
    static let indices: [Int] = Array(cases.indices)

    @Test func fixtureHasEverySchedule() {
        #expect(Self.cases.count == 11)
        let names = Set(Self.cases.compactMap { $0["class_name"] as? String })
        #expect(names == ["ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay", "CosineDecay"])
    }

    @Test(arguments: indices)
    func valuesMatchKeras(index: Int) throws {
        let c = Self.cases[index]
        let schedule = try KerasOptimizerFactory.schedule(c)
        let steps = ints(c["steps"]), expected = floats(c["values"])
        try #require(steps.count == expected.count && !steps.isEmpty)
        let actual = steps.map { schedule.value(atStep: $0) }
        #expect(maxScaledDifference(actual, expected) <= 1e-6, "\(c["class_name"] ?? "") \(c["config"] ?? ""): \(actual) vs \(expected)")
    }

    @Test(arguments: indices)
    func configMatchesKeras(index: Int) throws {
        let c = Self.cases[index]
        let schedule = try KerasOptimizerFactory.schedule(c)
        #expect(schedule.className == c["class_name"] as? String)
        let mismatch = configMismatch(.object(schedule.config), c["full_config"] ?? NSNull(), at: schedule.className)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func invalidSchedulesThrowNamingTheValue() {
        func expectMessage(_ text: String, _ make: () throws -> any LearningRateSchedule) {
            do {
                _ = try make()
                Issue.record("no error; expected one mentioning \(text)")
            } catch {
                #expect("\(error)".contains(text), "\(error)")
            }
        }
        expectMessage("decaySteps must be > 0, received 0") { try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5) }
        expectMessage("received -3") { try InverseTimeDecay(initialLearningRate: 0.1, decaySteps: -3, decayRate: 0.5) }
        expectMessage("received -0.5") { try PolynomialDecay(initialLearningRate: -0.5, decaySteps: 3) }
        expectMessage("alpha must be in [0, 1], received 1.5") { try CosineDecay(initialLearningRate: 0.1, decaySteps: 3, alpha: 1.5) }
        expectMessage("warmupSteps") { try CosineDecay(initialLearningRate: 0, decaySteps: 3, warmupTarget: 0.1, warmupSteps: 0) }
        expectMessage("2 boundaries [1, 2] and 2 values") { try PiecewiseConstantDecay(boundaries: [1, 2], values: [0.1, 0.2]) }
        expectMessage("increasing, received [5, 2]") { try PiecewiseConstantDecay(boundaries: [5, 2], values: [0.1, 0.2, 0.3]) }
    }

    /// The optimizer's learning rate follows the schedule at `iterations`; its config holds the
    /// schedule serialized as Keras does.
    @Test func optimizerEvaluatesTheScheduleAtIterations() throws {
        let schedule = try PiecewiseConstantDecay(boundaries: [0, 1], values: [0.5, 0.25, 0.125])
        let optimizer = SGD(learningRate: 99, learningRateSchedule: schedule)
        let v = Variable(try Tensor(shape: [1], scalars: [0]), name: "w")
        var seen: [Float] = []
        for _ in 0..<3 {
            seen.append(optimizer.currentLearningRate)
            v.gradient = try Tensor(shape: [1], scalars: [1])
            try optimizer.apply(to: [v])
        }
        #expect(seen == [0.5, 0.25, 0.125])
        #expect(v.storedValue.scalars == [-0.875])
        let keras = KerasFixtures.optimizers.object("configs", "SGD with schedule")
        let sgd = SGD(learningRateSchedule: try ExponentialDecay(initialLearningRate: 0.05, decaySteps: 2, decayRate: 0.5))
        let mismatch = configMismatch(.object(sgd.config), keras, at: "SGD")
        #expect(!keras.isEmpty && mismatch == nil, "\(mismatch ?? "")")
    }
}

/// Where `ours` differs from Keras' `keras` config (nil when they agree): the same keys, numbers
/// equal to 1e-12 relative; an optimizer's `name` is compared without Keras' `_N` counter suffix.
func configMismatch(_ ours: JSONValue, _ keras: Any, at path: String) -> String? {
    switch (ours, keras) {
    case (.null, is NSNull): return nil
    case let (.string(a), b as String):
        let stripped = path.hasSuffix("/name") ? b.replacingOccurrences(of: #"_[0-9]+$"#, with: "", options: .regularExpression) : b
        return a == stripped ? nil : "\(path): \(a) vs \(b)"
    case let (.bool(a), b as NSNumber): return a == b.boolValue ? nil : "\(path): \(a) vs \(b)"
    case let (.number(a), b as NSNumber), let (.float(a), b as NSNumber):
        return abs(a - b.doubleValue) <= 1e-12 * max(1, abs(b.doubleValue)) ? nil : "\(path): \(a) vs \(b)"
    case let (.array(a), b as [Any]):
        guard a.count == b.count else { return "\(path): \(a.count) elements vs \(b.count)" }
        return zip(a, b).enumerated().lazy.compactMap { configMismatch($1.0, $1.1, at: "\(path)[\($0)]") }.first
    case let (.object(a), b as [String: Any]):
        let keys = a.map(\.0)
        guard Set(keys) == Set(b.keys), keys.count == b.count else {
            return "\(path): keys \(keys.sorted()) vs \(b.keys.sorted())"
        }
        return a.lazy.compactMap { configMismatch($0.1, b[$0.0] ?? NSNull(), at: "\(path)/\($0.0)") }.first
    default: return "\(path): \(ours.jsonText) vs \(keras)"
    }
}
