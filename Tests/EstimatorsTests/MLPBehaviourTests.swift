import Testing
import TensorCore
@testable import Estimators

/// A small regression problem: y = 2·x0 − x1 + noise-free curvature.
func regressionData(_ n: Int = 40) throws -> (Tensor, Tensor) {
    var x: [Float] = [], y: [Float] = []
    for i in 0..<n {
        let a = Float(i % 7) / 3 - 1, b = Float((i * 5) % 11) / 5 - 1
        x += [a, b]
        y.append(2 * a - b + 0.5 * a * b)
    }
    return (try Tensor(shape: [n, 2], scalars: x), Tensor(y))
}

@Suite struct MLPValidationTests {
    /// Each invalid value is refused at `fit` with the parameter's name, the value and what is allowed.
    @Test(arguments: [
        ("hidden_layer_sizes", ParameterValue.ints([10, 0]), "hidden_layer_sizes must be > 0, got [10, 0]"),
        ("hidden_layer_sizes", .ints([-3]), "got [-3]"),
        ("alpha", -1.0, "'alpha' parameter must be a finite float in the range [0.0, inf); received -1.0"),
        ("batch_size", 0, "'batch_size' parameter must be 'auto' or an int in the range [1, inf); received 0"),
        ("learning_rate_init", 0.0, "'learning_rate_init' parameter must be a float in the range (0.0, inf); received 0.0"),
        ("learning_rate_init", -0.1, "received -0.1"),
        ("power_t", -0.5, "'power_t' parameter must be a float in the range [0.0, inf); received -0.5"),
        ("max_iter", 0, "'max_iter' parameter must be an int in the range [1, inf); received 0"),
        ("random_state", -1, "'random_state' parameter must be None or an int in the range [0, inf); received -1"),
        ("tol", -1e-4, "'tol' parameter must be a float in the range [0.0, inf); received -0.0001"),
        ("momentum", 1.5, "'momentum' parameter must be a float in the range [0.0, 1.0]; received 1.5"),
        ("validation_fraction", 0.0, "'validation_fraction' parameter must be a float in the range (0.0, 1.0); received 0.0"),
        ("validation_fraction", 1.5, "received 1.5"),
        ("beta_1", 1.0, "'beta_1' parameter must be a float in the range [0.0, 1.0); received 1.0"),
        ("beta_2", -0.1, "'beta_2' parameter must be a float in the range [0.0, 1.0); received -0.1"),
        ("epsilon", 0.0, "'epsilon' parameter must be a float in the range (0.0, inf); received 0.0"),
        ("n_iter_no_change", 0, "'n_iter_no_change' parameter must be an int in the range [1, inf); received 0"),
        ("solver", "lbfgs", "solver 'lbfgs' is not supported"),
    ] as [(String, ParameterValue, String)])
    func invalidHyperparametersAreRefusedAtFit(_ name: String, _ value: ParameterValue, _ message: String) throws {
        let (x, y) = try regressionData(10)
        let regressor = try MLPRegressor(maxIter: 1).setting(name, to: value) // setting never validates
        #expect { try regressor.fit(x, y) } throws: { "\($0)".contains("MLPRegressor.fit") && "\($0)".contains(message) }
        let classifier = try MLPClassifier(maxIter: 1).setting(name, to: value)
        let labels = Tensor((0..<10).map { Float($0 % 2) })
        #expect { try classifier.fit(x, labels) } throws: { "\($0)".contains("MLPClassifier.fit") && "\($0)".contains(message) }
    }

    @Test func unknownChoicesAreRefusedWhenSetNamingTheAllowedOnes() {
        #expect { try MLPRegressor().setting("activation", to: "foo") } throws: {
            "\($0)".contains("'activation'") && "\($0)".contains("'identity', 'logistic', 'tanh', 'relu'") && "\($0)".contains("'foo'")
        }
        #expect { try MLPRegressor().setting("loss", to: "poisson") } throws: { "\($0)".contains("'poisson'") }
        #expect { try MLPClassifier().setting("los", to: 1) } throws: { "\($0)".contains("'los'") }
    }

    @Test func badDataIsRefused() throws {
        let (x, y) = try regressionData(10)
        let fitted = try MLPRegressor(hiddenLayerSizes: [3], maxIter: 2, randomState: 0).fit(x, y)
        #expect { try fitted.predict(Tensor(shape: [2, 3], repeating: 0)) } throws: {
            "\($0)".contains("x has 3 features, but MLPRegressor is expecting 2 features as input")
        }
        #expect(throws: SwiftLearnError.self) { try MLPClassifier().fit(x, Tensor([Float](repeating: 1, count: 10))) }
        #expect { try MLPRegressor().fit(x, y, sampleWeight: Tensor([Float](repeating: 0, count: 10))) } throws: { "\($0)".contains("sampleWeight sums to 0") }
        #expect { try MLPRegressor(earlyStopping: true, validationFraction: 0.1).fit(x, y) } throws: {
            "\($0)".contains("validation set of 1 samples")
        }
        #expect { try MLPRegressor(earlyStopping: true).partialFit(x, y) } throws: { "\($0)".contains("early_stopping") }
    }
}

@Suite struct MLPBehaviourTests {
    @Test func parametersHaveScikitLearnsNamesAndPrinting() throws {
        #expect(MLPRegressor().params.keys.sorted() == ["activation", "alpha", "batch_size", "beta_1", "beta_2", "early_stopping",
            "epsilon", "hidden_layer_sizes", "learning_rate", "learning_rate_init", "loss", "max_fun", "max_iter", "momentum",
            "n_iter_no_change", "nesterovs_momentum", "power_t", "random_state", "shuffle", "solver", "tol",
            "validation_fraction", "verbose", "warm_start"])
        #expect(MLPRegressor(hiddenLayerSizes: [30], maxIter: 20).parameterDescription == "MLPRegressor(hidden_layer_sizes=(30,), max_iter=20)")
        #expect(MLPRegressor(alpha: 1e-4).parameterDescription == "MLPRegressor()")
        #expect(try MLPClassifier().setting(["batch_size": 32, "solver": "sgd", "activation": "tanh"]).parameterDescription
                == "MLPClassifier(activation='tanh', batch_size=32, solver='sgd')")
        #expect(MLPClassifier().setting(\.learningRate, to: .adaptive).params["learning_rate"] == "adaptive")
        #expect(try MLPClassifier().setting("batch_size", to: 8).setting("batch_size", to: "auto") == MLPClassifier())
    }

    @Test func aSeedGivesTheSameModelAndFitLeavesTheEstimatorUnchanged() throws {
        let (x, y) = try regressionData()
        let estimator = MLPRegressor(hiddenLayerSizes: [8], maxIter: 5, randomState: 3)
        let a = try estimator.fit(x, y), b = try estimator.fit(x, y)
        #expect(flat(a.coefs) == flat(b.coefs) && a.lossCurve == b.lossCurve)
        #expect(flat(a.coefs) != flat(try MLPRegressor(hiddenLayerSizes: [8], maxIter: 5, randomState: 4).fit(x, y).coefs))
        #expect(estimator == MLPRegressor(hiddenLayerSizes: [8], maxIter: 5, randomState: 3))
        #expect(a.coefs.map(\.shape) == [[2, 8], [8, 1]] && a.layerCount == 3 && a.featureCount == 2)
    }

    @Test func glorotBoundsAreScikitLearns() throws {
        var g = SeededGenerator(seed: 1)
        let relu = try glorotWeights(sizes: [8, 30, 1], activation: .relu, using: &g)
        let logistic = try glorotWeights(sizes: [8, 30], activation: .logistic, using: &g)
        // scikit-learn: 8→30 relu 0.39735970711951313, 30→1 0.43994134506405985, 8→30 logistic 0.22941573387056177.
        #expect(relu[0].flatMap(\.scalars).allSatisfy { abs($0) < 0.39735971 } && relu[0][0].scalars.contains { abs($0) > 0.37 })
        #expect(relu[1].flatMap(\.scalars).allSatisfy { abs($0) < 0.43994135 })
        #expect(logistic[0].flatMap(\.scalars).allSatisfy { abs($0) < 0.22941574 } && logistic[0][0].scalars.contains { abs($0) > 0.21 })
    }

    @Test func warmStartContinuesTheCurveAndPartialFitTheOptimizer() throws {
        let (x, y) = try regressionData()
        let first = try MLPRegressor(hiddenLayerSizes: [5], maxIter: 3, shuffle: false, randomState: 0).fit(x, y)
        let warm = try first.hyperparameters.setting(\.warmStart, to: true).fit(x, y, continuing: first)
        #expect(warm.nIter == 3 && warm.t == 240 && warm.lossCurve.count == 6)
        #expect(Array(warm.lossCurve.prefix(3)) == first.lossCurve)

        let estimator = MLPRegressor(hiddenLayerSizes: [5], maxIter: 2, shuffle: false, randomState: 0)
        let once = try estimator.partialFit(x, y)
        let before = flat(once.coefs)
        let twice = try once.partialFit(x, y)
        #expect(once.nIter == 1 && twice.nIter == 1 && twice.t == 80 && twice.lossCurve.count == 2)
        #expect(flat(once.coefs) == before) // the earlier fitted value is untouched
        // Two partial fits with one persistent adam equal two epochs of fit from the same weights.
        let full = try estimator.fit(x, y)
        #expect(allClose(flat(twice.coefs), flat(full.coefs), 1e-6) && allClose(twice.lossCurve, full.lossCurve, 1e-6))
    }

    @Test func earlyStoppingKeepsTheBestValidationScore() throws {
        let (x, y) = try regressionData(60)
        let fitted = try MLPRegressor(hiddenLayerSizes: [10], learningRateInit: 0.05, maxIter: 200, randomState: 1,
                                      earlyStopping: true, validationFraction: 0.2, nIterNoChange: 3).fit(x, y)
        let scores = try #require(fitted.validationScores)
        #expect(scores.count == fitted.nIter && fitted.bestValidationScore == scores.max() && fitted.bestLoss == nil)
        #expect(fitted.t == 48 * fitted.nIter)
        // The weights kept are those of the best epoch: rebuild the same validation split (drawn
        // right after the initial weights from randomState) and score the final model on it.
        let splitSeed = withRandomSeed(1) { () -> UInt64 in _ = GlobalRandom.makeGenerator(); return GlobalRandom.nextSeed() }
        let split = try trainTestSplit(x, y.reshaped(to: [60, 1]), testSize: .fraction(0.2), randomState: splitSeed)
        let final = try r2Score(split.yTest.reshaped(to: [-1]), fitted.predict(split.xTest))
        #expect(try scores.last! < #require(fitted.bestValidationScore), "the last epoch must not be the best for this check")
        #expect(abs(final - (fitted.bestValidationScore ?? 0)) < 1e-9, "\(final) vs \(String(describing: fitted.bestValidationScore))")
        let labels = Tensor((0..<60).map { Float($0 % 3 == 0 ? 1 : 0) })
        let classifier = try MLPClassifier(hiddenLayerSizes: [5], maxIter: 30, randomState: 2, earlyStopping: true,
                                           validationFraction: 0.25, nIterNoChange: 2).fit(x, labels)
        let accuracies = try #require(classifier.validationScores)
        // 15 validation samples, stratified: every score is a multiple of 1/15.
        #expect(accuracies.count == classifier.nIter && accuracies.allSatisfy { abs($0 * 15 - ($0 * 15).rounded()) < 1e-9 })
        #expect(classifier.t == 45 * classifier.nIter)
        let plain = try MLPRegressor(maxIter: 2, randomState: 1).fit(x, y)
        #expect(plain.validationScores == nil && plain.bestValidationScore == nil && plain.bestLoss == plain.lossCurve.min())
    }

    @Test func classifierKeepsLabelsAndGivesProbabilities() throws {
        let (x, _) = try regressionData(40)
        let labels = Tensor((0..<40).map { [Float(-1), 4, 9][$0 % 3] })
        let fitted = try MLPClassifier(hiddenLayerSizes: [16], learningRateInit: 0.02, maxIter: 50, randomState: 0).fit(x, labels)
        #expect(fitted.classes == [-1, 4, 9] && fitted.outActivation == "softmax")
        let p = try fitted.predictProba(x)
        #expect(p.shape == [40, 3])
        for r in 0..<40 { #expect(abs(p.scalars[(r * 3)..<(r * 3 + 3)].reduce(0, +) - 1) < 1e-5) }
        #expect(try fitted.predict(x).scalars.allSatisfy { [-1, 4, 9].contains($0) })
        let binary = try MLPClassifier(hiddenLayerSizes: [4], maxIter: 5, randomState: 0).fit(x, Tensor((0..<40).map { Float($0 % 2) * 7 }))
        #expect(binary.outActivation == "logistic" && binary.classes == [0, 7])
        #expect(try binary.predictProba(x).shape == [40, 2])
        #expect { try MLPClassifier().partialFit(x, labels, classes: [-1, 4]) } throws: { "\($0)".contains("label 9.0 at index 2 is not among the classes") }
    }

    @Test func fittedModelsAreSendableAndTheirNetworkIsAnIndependentSequential() async throws {
        let (x, y) = try regressionData()
        let estimator = MLPRegressor(hiddenLayerSizes: [6], maxIter: 4, randomState: 9)
        let results = try await withThrowingTaskGroup(of: [Float].self) { group in
            for _ in 0..<2 { group.addTask { try estimator.fit(x, y).predict(x).scalars } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results[0] == results[1])
        let fitted = try estimator.fit(x, y)
        let model = try fitted.model
        #expect(try model.predict(x, verbose: .silent).scalars == fitted.predict(x).scalars)
        try model.layers[0].setWeights(model.layers[0].getWeights().map { try Tensor(shape: $0.shape, repeating: 0) })
        #expect(try fitted.predict(x).scalars == results[0])
    }
}
