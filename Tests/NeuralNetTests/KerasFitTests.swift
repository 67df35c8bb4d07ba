import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Whole `fit` runs replayed from the initial weights real Keras 3 started from
/// (Fixtures/keras/fit.json, Interop/make_fit_fixtures.py): every per-epoch history value
/// (loss, metrics, val_ values) and every weight after fit must agree to
/// `|swift − keras| ≤ 2e-6·max(1, |keras|)` (absolute below 1, relative above).
@Suite struct KerasFitTests {
    static let fixtures = KerasFixtures.fit
    static let tolerance: Float = 2e-6

    /// Every case: momentum, Nesterov, Adam (whose `1 − β` Keras rounds from the decimal),
    /// class and sample weights, a validation split whose rows keep their sample weights, and a
    /// class missing from `classWeight` (weight 1, as Keras).
    static let cases = ["sgd_momentum", "sgd_nesterov", "class_weight", "sample_weight",
                        "regression_sample_weight", "binary_class_weight", "adam", "regression_adam",
                        "sample_weight_validation", "class_weight_missing_class"]

    @Test func fixtureHasEveryCase() {
        #expect(Self.fixtures.root["keras_version"] as? String == "3.15.1")
        #expect(Self.fixtures.root["backend"] as? String == "jax")
        let names = Set(Self.fixtures.object("cases").keys)
        #expect(names == Set(Self.cases))
    }

    @Test(arguments: cases)
    func fitMatchesKeras(name: String) throws {
        try Self.replay(name).check(tolerance: Self.tolerance)
    }

    // MARK: - Replaying a case

    /// A Swift fit of one case beside what Keras recorded.
    struct Run {
        let name: String
        let history: History
        let weights: [Tensor]
        let expectedHistory: [String: [Float]]
        let expectedWeights: [[Float]]

        /// Every history key (or `keys`) and every final weight (unless `weights` is false) within
        /// `tolerance`, scaled as `|swift − keras| / max(1, |keras|)`.
        func check(keys: Set<String>? = nil, weights checkWeights: Bool = true, tolerance: Float,
                   sourceLocation: SourceLocation = #_sourceLocation) {
            if keys == nil {
                #expect(Set(history.history.keys) == Set(expectedHistory.keys), "\(name): history keys", sourceLocation: sourceLocation)
            }
            var worst: Float = 0
            for (key, expected) in expectedHistory.sorted(by: { $0.key < $1.key }) where keys?.contains(key) ?? true {
                let difference = maxScaledDifference(history[key], expected)
                worst = max(worst, difference)
                #expect(difference <= tolerance, "\(name) \(key): \(history[key]) vs Keras \(expected)", sourceLocation: sourceLocation)
            }
            if checkWeights {
                #expect(weights.count == expectedWeights.count, "\(name): \(weights.count) weights vs \(expectedWeights.count)", sourceLocation: sourceLocation)
                for (i, (w, expected)) in zip(weights, expectedWeights).enumerated() {
                    let difference = maxScaledDifference(w.scalars, expected)
                    worst = max(worst, difference)
                    #expect(difference <= tolerance, "\(name) weight \(i): off by \(difference)", sourceLocation: sourceLocation)
                }
            }
            if ProcessInfo.processInfo.environment["SWIFTLEARN_FIT_STATS"] != nil {
                print("fit \(name) keys \(keys.map { $0.sorted() } ?? ["all"]): worst scaled difference \(worst)")
            }
        }
    }

    static func replay(_ name: String) throws -> Run {
        let c = fixtures.object("cases", name)
        try #require(!c.isEmpty, "case \(name) is missing from fit.json")
        let model = try makeModel(c)
        let shapes = (c["weight_shapes"] as? [Any]) ?? []
        let initial = (c["initial_weights"] as? [Any]) ?? []
        try #require(initial.count == shapes.count && shapes.count == model.weights.count)
        try model.setWeights(zip(initial, shapes).map { try tensor($0, shape: $1) })
        try model.compile(loss: Loss(named: try string(c["loss"])), optimizer: try makeOptimizer(c),
                          metrics: ((c["metrics"] as? [String]) ?? []).map(Metric.init(named:)))

        let x = try tensor(c["x"], shape: c["x_shape"]), y = try tensor(c["y"], shape: c["y_shape"])
        let classWeight = (c["class_weight"] as? [String: Any]).map { d in
            Dictionary(uniqueKeysWithValues: d.compactMap { k, v in Int(k).map { ($0, (v as? NSNumber)?.floatValue ?? .nan) } })
        }
        let sampleWeight = c["sample_weight"] is NSNull ? nil : Tensor(floats(c["sample_weight"]))
        let history = try model.fit(
            x, y, batchSize: try int(c["batch_size"]), epochs: try int(c["epochs"]), verbose: .silent,
            validationSplit: (c["validation_split"] as? NSNumber)?.doubleValue ?? .nan, shuffle: false,
            classWeight: classWeight, sampleWeight: sampleWeight)
        return Run(name: name, history: history, weights: model.getWeights(),
                   expectedHistory: ((c["history"] as? [String: Any]) ?? [:]).mapValues(floats),
                   expectedWeights: ((c["final_weights"] as? [Any]) ?? []).map(floats))
    }

    static func makeModel(_ c: [String: Any]) throws -> Sequential {
        let architecture = fixtures.object("architectures", try string(c["architecture"]))
        let layers = try ((architecture["layers"] as? [[String: Any]]) ?? []).map {
            Dense(try int($0["units"]), activation: try Activation(named: try string($0["activation"])))
        }
        try #require(!layers.isEmpty)
        return try Sequential([InputLayer(shape: [try int(architecture["inputs"])])] + layers)
    }

    static func makeOptimizer(_ c: [String: Any]) throws -> Optimizer {
        let o = (c["optimizer"] as? [String: Any]) ?? [:]
        let lr = (o["learning_rate"] as? NSNumber)?.floatValue ?? .nan
        switch try string(o["class"]) {
        case "SGD":
            return SGD(learningRate: lr, momentum: (o["momentum"] as? NSNumber)?.floatValue ?? .nan,
                       nesterov: (o["nesterov"] as? Bool) ?? false)
        case "Adam": return Adam(learningRate: lr)
        case let other: throw SwiftLearnError.unknownName("optimizer \(other) in fit.json")
        }
    }

    static func string(_ value: Any?) throws -> String {
        guard let s = value as? String else { throw SwiftLearnError.invalidConfig("fit.json: expected a string, found \(String(describing: value))") }
        return s
    }

    static func int(_ value: Any?) throws -> Int {
        guard let n = value as? NSNumber else { throw SwiftLearnError.invalidConfig("fit.json: expected a number, found \(String(describing: value))") }
        return n.intValue
    }
}
