import Foundation
import Testing
import TensorCore
@testable import Estimators

/// Pipeline against scikit-learn 1.9.1 (`Fixtures/sklearn/preprocessing.json`): fitting,
/// nested parameters, printing.
@Suite struct PipelineTests {
    static var fixture: [String: Any] { PreprocessingFixtures.shared.root }

    @Test func scalerThenRegressorMatchesSklearn() throws {
        let f = Self.fixture["pipeline_fit"] as? [String: Any] ?? [:]
        let pipeline = Pipeline(("scaler", StandardScaler()), ("ols", TestLinearRegression()))
        let fitted = try pipeline.fit(try fixtureMatrix(f["x_train"]), Tensor(nanDoubles(f["y_train"]).map(Float.init)))
        let xTest = try fixtureMatrix(f["x_test"]), yTest = Tensor(nanDoubles(f["y_test"]).map(Float.init))
        #expect(allClose(try fitted.predict(xTest).scalars, nanDoubles(f["pred"]), 1e-5))
        let score = (f["score"] as? NSNumber)?.doubleValue ?? .nan
        let ours = try fitted.score(xTest, yTest)
        #expect(close(ours, score, 1e-5), "R² \(ours) vs \(score)")
        #expect(fitted["scaler"]?.typeName == "StandardScaler")
        #expect { try fitted.predict(try Tensor(zeros: [2, 3])) } throws: { error in
            "\(error)".contains("x has 3 features, but StandardScaler is expecting 2 features as input")
        }
    }

    @Test func crossValidatesLikeSklearn() async throws {
        let f = Self.fixture["transformed_target"] as? [String: Any] ?? [:]
        let expected = Self.fixture["pipeline_cv"] as? [String: Any] ?? [:]
        #expect(expected.count == 2)
        let x = try fixtureMatrix(f["x"]), y = Tensor(nanDoubles(f["y"]).map(Float.init))
        let pipeline = Pipeline(("scaler", StandardScaler()), ("ols", TestLinearRegression()))
        for (name, values) in expected {
            let scores = try await crossValScore(pipeline, x, y, cv: KFold(nSplits: 3), scoring: name)
            #expect(allClose(scores, nanDoubles(values), 1e-5), "\(name): \(scores) vs \(values)")
        }
    }

    @Test func probabilityScorersReachTheFinalClassifier() throws {
        let x = try Tensor(rows: [[1, 200], [2, 180], [3, 260], [6, 100], [7, 120], [8, 90], [4, 150], [5, 170]])
        let y = Tensor([0, 0, 0, 1, 1, 1, 0, 1])
        let fitted = try Pipeline(("scaler", StandardScaler()), ("centroid", TestCentroidClassifier())).fit(x, y)
        // The same composition by hand: scale, then fit the classifier on the scaled rows.
        let scaler = try StandardScaler().fit(x)
        let classifier = try TestCentroidClassifier().fit(try scaler.transform(x), y)
        let proba = try classifier.predictProba(try scaler.transform(x))
        #expect(try fitted.predictProba(x).scalars == proba.scalars)
        #expect(try fitted.classes() == [0, 1])
        for name in ["neg_log_loss", "roc_auc", "roc_auc_ovr", "accuracy"] {
            let viaPipeline = try Scorer(name).score(fitted, x, y)
            let byHand = try Scorer(name).score(classifier, try scaler.transform(x), y)
            #expect(viaPipeline == byHand && viaPipeline.isFinite, "\(name)")
        }
        #expect(throws: SwiftLearnError.self) { try fitted.decisionFunction(x) }
    }

    @Test func printsAsSklearn() throws {
        let reprs = Self.fixture["pipeline_reprs"] as? [String] ?? []
        #expect(reprs.count == 4)
        let ours = [
            Pipeline(("scaler", StandardScaler()), ("imputer", SimpleImputer())).description,
            Pipeline(("standardscaler", StandardScaler()), ("mlpregressor", PrintOnlyMLP(hiddenLayerSizes: [30], maxIter: 20))).description,
            Pipeline(("scale", StandardScaler(withMean: false)), ("minmax", MinMaxScaler(clip: true)),
                     ("imputer", SimpleImputer(strategy: .median))).description,
            Pipeline(("a_rather_long_step_name", StandardScaler(withMean: false, withStd: false)),
                     ("another_long_name", SimpleImputer(strategy: .mostFrequent, addIndicator: true, keepEmptyFeatures: true))).description,
        ]
        for (a, b) in zip(ours, reprs) { #expect(a == b, "\n\(a)\n---\n\(b)") }
    }

    @Test func lineBreaksMatchSklearnAtEveryBoundary() {
        let sweep = Self.fixture["pipeline_repr_sweep"] as? [String] ?? []
        #expect(sweep.count == 40)
        for (i, expected) in sweep.enumerated() {
            let k = i + 1
            let ours = Pipeline((String(repeating: "s", count: k), StandardScaler(withMean: false)),
                                (String(repeating: "i", count: 41 - k), SimpleImputer(strategy: .median, addIndicator: k % 2 == 0)))
            #expect(ours.description == expected, "k=\(k)\n\(ours.description)\n---\n\(expected)")
        }
    }

    @Test func longEstimatorsWrapAsSklearn() throws {
        // sklearn-behaviours.md §1: MLPRegressor(alpha=0.001, early_stopping=True, hidden_layer_sizes=(30, 30, 30),
        // learning_rate_init=0.01, max_iter=20, random_state=0) prints on two lines, the second aligned after "MLPRegressor(".
        let mlp = try PrintOnlyMLP(hiddenLayerSizes: [30, 30, 30], maxIter: 20, extra: [
            "alpha": 0.001, "early_stopping": true, "learning_rate_init": 0.01, "random_state": 0])
        #expect(mlp.parameterDescription == "MLPRegressor(alpha=0.001, early_stopping=True, hidden_layer_sizes=(30, 30, 30),\n             learning_rate_init=0.01, max_iter=20, random_state=0)")
        #expect(StandardScaler().parameterDescription == "StandardScaler()")
    }

    @Test func nestedParametersGetAndSet() throws {
        let p = Pipeline(("scaler", StandardScaler()), ("ols", TestLinearRegression()))
        #expect(p.params["scaler__with_mean"] == true)
        #expect(p.params["ols__fit_intercept"] == true)
        #expect(p.params["scaler"] == "StandardScaler()")
        let changed = try p.setting(["scaler__with_std": false, "ols__fit_intercept": false])
        #expect(changed.params["scaler__with_std"] == false && changed.params["ols__fit_intercept"] == false)
        #expect(changed.description == "Pipeline(steps=[('scaler', StandardScaler(with_std=False)),\n                ('ols', LinearRegression(fit_intercept=False))])")
        #expect(try Pipeline(("scaler", StandardScaler()), ("ols", TestLinearRegression())).setting(changed.params).params == changed.params)
        let skipped = try p.setting("scaler", to: "passthrough")
        #expect(skipped.description == "Pipeline(steps=[('scaler', 'passthrough'), ('ols', LinearRegression())])")
        #expect { try p.setting("ols__alpha", to: 1) } throws: { error in "\(error)".contains("'alpha'") }
        #expect { try p.setting("mlp__alpha", to: 1) } throws: { error in
            "\(error)".contains("Invalid parameter 'mlp__alpha'") && "\(error)".contains("scaler, ols")
        }
    }

    @Test func passthroughAndTransformerOnlyPipelines() throws {
        let x = try Tensor(rows: [[1, 2], [3, 6], [5, 4]])
        #expect { try Pipeline(("impute", SimpleImputer()), ("scale", MinMaxScaler())).fit(x).inverseTransform(x) } throws: { error in
            "\(error)".contains("step 'impute' (SimpleImputer) has no inverseTransform")
        }
        let chain = try Pipeline(("first", MinMaxScaler()), ("scale", MinMaxScaler())).fit(x)
        let z = try chain.transform(x)
        #expect(z.scalars == [0, 0, 0.5, 1, 1, 0.5])
        #expect(try chain.inverseTransform(z).scalars == x.scalars)
        #expect(throws: SwiftLearnError.self) { try chain.predict(x) }
        let skip = try Pipeline(steps: [.passthrough("nothing"), PipelineStep("scale", MinMaxScaler())]).fit(x)
        #expect(try skip.transform(x).scalars == z.scalars)
        // A nested pipeline acts as a transformer in the middle.
        let nested = Pipeline(("prep", Pipeline(("impute", SimpleImputer()), ("scale", MinMaxScaler()))), ("ols", TestLinearRegression()))
        #expect(nested.params["prep__scale__clip"] == false)
        #expect(try nested.setting("prep__scale__clip", to: true).params["prep__scale__clip"] == true)
        let model = try nested.fit(x, Tensor([1, 2, 3]))
        #expect(abs(try model.score(x, Tensor([1, 2, 3])) - 1) < 1e-5)
    }

    @Test func badStepsAreNamed() throws {
        let x = try Tensor(rows: [[1], [2]]), y = Tensor([1, 2])
        #expect { try Pipeline(("a", StandardScaler()), ("a", TestLinearRegression())).fit(x, y) } throws: { error in
            "\(error)".contains("Names provided are not unique: [\"a\", \"a\"]")
        }
        #expect { try Pipeline(("a__b", StandardScaler())).fit(x) } throws: { error in "\(error)".contains("a__b") }
        #expect { try Pipeline(("ols", TestLinearRegression()), ("scale", StandardScaler())).fit(x, y) } throws: { error in
            "\(error)".contains("All intermediate steps should be transformers; step 'ols'")
        }
        #expect { try Pipeline(steps: []).fit(x, y) } throws: { error in "\(error)".contains("steps is empty") }
    }

    @Test func makeNamesStepsLikeMakePipeline() {
        let p = Pipeline.make(StandardScaler(), StandardScaler(), TestLinearRegression())
        #expect(p.steps.map(\.name) == ["standardscaler-1", "standardscaler-2", "linearregression"])
        let sendable: any Sendable = p
        _ = sendable
    }
}
