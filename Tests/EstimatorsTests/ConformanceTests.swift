import Testing
import TensorCore
@testable import Estimators

/// A deliberately broken estimator: it predicts from the global random state, so two seeded
/// fits agree but its params do not round-trip and it accepts NaN.
private struct Sloppy: Estimator, HyperparameterSettable {
    var level = 1.0
    static let typeName = "Sloppy"
    static var defaultParams: [String: ParameterValue] { ["level": 1.0] }
    var params: [String: ParameterValue] { ["level": .double(level)] }
    mutating func setParam(_ name: String, to value: ParameterValue) throws {
        guard name == "level" else { throw Self.unknownParameter(name) }
        level = try value.double(for: name) + 1
    }
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Model { Model(featureCount: x.shape[1]) }

    struct Model: Regressor {
        let featureCount: Int
        func predict(_ x: Tensor) throws -> Tensor { Tensor(Array(repeating: 1, count: x.shape[0])) }
    }
}

@Suite struct ConformanceTests {
    @Test func perceptronPassesEveryCheck() async throws {
        let (x, y, _) = try gridSearchData()
        for estimator in [Perceptron(), Perceptron(eta0: 0.1, maxIter: 20, tol: nil, fitIntercept: false)] {
            let report = await checkEstimator(estimator, x: x, y: y)
            #expect(report.passed, "\(report)")
            #expect(report.checks.count == 14)
            try report.requirePassed()
        }
    }

    @Test func aBrokenEstimatorFailsTheRightChecks() async throws {
        let (x, y, _) = try gridSearchData()
        let report = await checkEstimator(Sloppy(), x: x, y: y)
        let failed = Set(report.failures.map(\.name))
        #expect(failed == ["params_round_trip", "fit_refuses_row_mismatch", "fit_refuses_empty_data", "fit_refuses_nan",
                           "predict_refuses_nan", "predict_refuses_wrong_feature_count", "works_in_search"])
        #expect(report.description.contains("FAIL params_round_trip: setting(params) changed level: 1.0 → 2.0"))
        #expect(throws: SwiftLearnError.self) { try report.requirePassed() }
    }

    @Test func perceptronParamsUseScikitLearnNamesAndPrintChangedOnes() throws {
        #expect(Perceptron().parameterDescription == "Perceptron()")
        #expect(try Perceptron().setting(["eta0": 0.5, "random_state": 0, "shuffle": false]).parameterDescription
                == "Perceptron(eta0=0.5, shuffle=False)")
        #expect(try Perceptron().setting("max_iter", to: 20).maxIter == 20)
        #expect(try Perceptron().setting("tol", to: nil).tol == nil)
        #expect(throws: SwiftLearnError.self) { try Perceptron().setting("random_state", to: -1) }
        #expect(Perceptron.defaultParams.keys.sorted() == ["alpha", "class_weight", "early_stopping", "eta0", "fit_intercept", "l1_ratio",
                                                     "max_iter", "n_iter_no_change", "n_jobs", "penalty", "random_state", "shuffle",
                                                     "tol", "validation_fraction", "verbose", "warm_start"])
    }
}
