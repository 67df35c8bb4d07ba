import Foundation
import Testing
import TensorCore
@testable import Estimators

/// `Fixtures/sklearn/mlp.json`, written by `Interop/make_mlp_fixtures.py` with real scikit-learn.
struct MLPFixtures: @unchecked Sendable {
    let root: [String: Any]
    static let shared = MLPFixtures()

    init() {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sklearn/mlp.json")
        let data = (try? Data(contentsOf: url)) ?? Data("{}".utf8)
        root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    var runs: [[String: Any]] { root["runs"] as? [[String: Any]] ?? [] }
    func run(_ name: String) -> [String: Any] { runs.first { $0["name"] as? String == name } ?? [:] }
    var sanity: [String: Any] { root["sanity"] as? [String: Any] ?? [:] }
}

/// scikit-learn's `get_params()` from JSON as ParameterValues, typed by `E`'s defaults.
func sklearnParams<E: HyperparameterSettable>(_ json: Any?, for _: E.Type) -> [String: ParameterValue] {
    let defaults = E.defaultParams
    var out: [String: ParameterValue] = [:]
    for (name, value) in json as? [String: Any] ?? [:] {
        if value is NSNull { out[name] = ParameterValue.none; continue }
        if let s = value as? String { out[name] = .string(s); continue }
        if let list = value as? [Any] { out[name] = .ints(list.compactMap { ($0 as? NSNumber)?.intValue }); continue }
        guard let number = value as? NSNumber else { continue }
        switch defaults[name] {
        case .bool?: out[name] = .bool(number.boolValue)
        case .double?: out[name] = .double(number.doubleValue)
        default: out[name] = .int(number.intValue)
        }
    }
    return out
}

/// scikit-learn's initial `[kernel, bias]` per layer from a fixture run.
func initialWeights(_ run: [String: Any], outputs: Int) throws -> [[Tensor]] {
    let features = ints(run["x_shape"])[1]
    let hidden = ints((run["params"] as? [String: Any])?["hidden_layer_sizes"])
    let sizes = [features] + hidden + [outputs]
    let coefs = run["initial_coefs"] as? [Any] ?? [], intercepts = run["initial_intercepts"] as? [Any] ?? []
    return try (1..<sizes.count).map { i in
        [try Tensor(shape: [sizes[i - 1], sizes[i]], scalars: floats(coefs[i - 1])), try tensor(intercepts[i - 1])]
    }
}


func flat(_ tensors: [Tensor]) -> [Double] { tensors.flatMap { $0.scalars.map(Double.init) } }

@Suite struct MLPFixtureTests {
    static let regressionRuns = ["reg_sgd_nesterov", "reg_sgd_invscaling", "reg_adam", "reg_adam_tol_stop", "reg_sgd_adaptive",
                                 "reg_adam_sample_weight"]

    @Test(arguments: regressionRuns)
    func regressorFollowsScikitLearnFromTheSameInitialWeights(_ name: String) throws {
        let run = MLPFixtures.shared.run(name)
        let estimator = try MLPRegressor().setting(sklearnParams(run["params"], for: MLPRegressor.self))
        let x = try tensor(run["x"], shape: run["x_shape"]), y = try tensor(run["y"])
        let fitted = try estimator.fit(x, y, sampleWeight: optionalTensor(run["sample_weight"]), initialWeights: initialWeights(run, outputs: 1))
        #expect(fitted.nIter == (run["n_iter"] as? Int), "\(name)")
        #expect(fitted.t == (run["t"] as? Int))
        #expect(allClose(fitted.lossCurve, doubles(run["loss_curve"]), 1e-5), "\(name): \(fitted.lossCurve) vs \(doubles(run["loss_curve"]))")
        #expect(allClose(flat(fitted.coefs), doubles((run["coefs"] as? [Any])?.flatMap { doubles($0) }), 1e-5), "\(name) coefs")
        #expect(allClose(flat(fitted.intercepts), doubles((run["intercepts"] as? [Any])?.flatMap { doubles($0) }), 1e-5), "\(name) intercepts")
        #expect(allClose(try fitted.predict(x).scalars.map(Double.init), doubles(run["predictions"]), 1e-4))
        #expect(close(fitted.bestLoss ?? .nan, (run["best_loss"] as? Double) ?? 0, 1e-5))
        #expect(fitted.outActivation == "identity")
        #expect(close(fitted.trainingState.learningRate, run["final_learning_rate"] as? Double ?? 0, 1e-9) || estimator.solver == .adam)
    }

    @Test(arguments: ["clf_binary_adam", "clf_multiclass_sgd", "clf_sgd_sample_weight"])
    func classifierFollowsScikitLearnFromTheSameInitialWeights(_ name: String) throws {
        let run = MLPFixtures.shared.run(name)
        let estimator = try MLPClassifier().setting(sklearnParams(run["params"], for: MLPClassifier.self))
        let x = try tensor(run["x"], shape: run["x_shape"]), y = try tensor(run["y"])
        let classes = floats(run["classes"])
        let fitted = try estimator.fit(x, y, sampleWeight: optionalTensor(run["sample_weight"]),
                                       initialWeights: initialWeights(run, outputs: classes.count == 2 ? 1 : classes.count))
        #expect(fitted.classes == classes)
        #expect(fitted.nIter == (run["n_iter"] as? Int))
        #expect(allClose(fitted.lossCurve, doubles(run["loss_curve"]), 1e-5), "\(name): \(fitted.lossCurve) vs \(doubles(run["loss_curve"]))")
        #expect(allClose(flat(fitted.coefs), doubles((run["coefs"] as? [Any])?.flatMap { doubles($0) }), 1e-5), "\(name) coefs")
        #expect(allClose(flat(fitted.intercepts), doubles((run["intercepts"] as? [Any])?.flatMap { doubles($0) }), 1e-5), "\(name) intercepts")
        #expect(allClose(try fitted.predictProba(x).scalars.map(Double.init), doubles(run["proba"]), 1e-5), "\(name) proba")
        #expect(try fitted.predict(x).scalars == floats(run["predictions"]))
        #expect(fitted.outActivation == run["out_activation"] as? String)
    }

    @Test func realDataScoresAreThoseOfScikitLearn() throws {
        let s = MLPFixtures.shared.sanity
        let xi = try tensor(s["iris_x"], shape: [150, 4]), yi = try tensor(s["iris_y"])
        let ni = s["iris_train"] as? Int ?? 100
        let clf = try MLPClassifier(hiddenLayerSizes: [10], learningRateInit: 0.01, maxIter: 300, randomState: 0)
            .fit(xi.rows(0..<ni), yi.rows(0..<ni))
        let accuracy = try clf.score(xi.rows(ni..<150), yi.rows(ni..<150))
        let sk = doubles(s["iris_accuracy"]).reduce(0, +) / 3
        #expect(abs(accuracy - sk) <= 0.05, "accuracy \(accuracy) vs scikit-learn \(sk)")

        let xd = try tensor(s["diabetes_x"], shape: [442, 10]), yd = try tensor(s["diabetes_y"])
        let nd = s["diabetes_train"] as? Int ?? 350
        let reg = try MLPRegressor(hiddenLayerSizes: [20], learningRateInit: 0.01, maxIter: 500, randomState: 0)
            .fit(xd.rows(0..<nd), yd.rows(0..<nd))
        let r2 = try reg.score(xd.rows(nd..<442), yd.rows(nd..<442))
        let skR2 = doubles(s["diabetes_r2"]).reduce(0, +) / 3
        #expect(abs(r2 - skR2) <= 0.1, "R² \(r2) vs scikit-learn \(skR2)")
    }
}
