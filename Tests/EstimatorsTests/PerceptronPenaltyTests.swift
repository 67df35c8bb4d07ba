import Foundation
import Testing
import TensorCore
@testable import Estimators

/// scikit-learn 1.9.1 Perceptron fits from `Interop/make_perceptron_fixtures.py`
/// (`Fixtures/sklearn/perceptron.json`): penalties, class weights, early stopping, warm start,
/// shuffling with NumPy's seeds, string labels. Coefficients must agree to 1e-10.
@Suite struct PerceptronPenaltyTests {
    nonisolated(unsafe) static let root: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sklearn/perceptron.json")
        let data = (try? Data(contentsOf: url)) ?? Data("{}".utf8)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }()

    static var cases: [[String: Any]] { root["cases"] as? [[String: Any]] ?? [] }

    static func data(_ name: String) throws -> (x: Tensor, y: Tensor) {
        let sets = root["datasets"] as? [String: [String: Any]] ?? [:]
        let d = try #require(sets[name], "dataset \(name)")
        return (try tensor(d["x"], shape: d["shape"]), try tensor(d["y"]))
    }

    /// JSON parameters → `setting(_:)` values (class_weight objects as dictionaries with integer keys).
    static func values(_ params: [String: Any]) -> [String: ParameterValue] {
        var out: [String: ParameterValue] = [:]
        for (key, value) in params {
            switch value {
            case is NSNull: out[key] = ParameterValue.none
            case let dict as [String: Any]:
                var items: [ParameterKey: ParameterValue] = [:]
                for (k, v) in dict { items[Int(k).map(ParameterKey.int) ?? .string(k)] = .double((v as? NSNumber)?.doubleValue ?? .nan) }
                out[key] = .dictionary(items)
            case let s as String: out[key] = .string(s)
            case let n as NSNumber:
                if ["shuffle", "early_stopping", "warm_start", "fit_intercept"].contains(key) { out[key] = .bool(n.boolValue) }
                else if n.doubleValue.rounded() == n.doubleValue && !"\(n)".contains(".") { out[key] = .int(n.intValue) }
                else { out[key] = .double(n.doubleValue) }
            default: break
            }
        }
        return out
    }

    static func fit(_ f: [String: Any], x: Tensor, y: Tensor, seeds: [UInt32]? = nil) throws -> FittedPerceptron {
        let params = values(f["params"] as? [String: Any] ?? [:])
        let weights = try optionalTensor(f["sample_weight"])
        var estimator = try Perceptron().setting(params)
        var previous: FittedPerceptron?
        if let first = f["warm_first"] as? [String: Any] {
            estimator = try estimator.setting(values(first))
            previous = try estimator.fit(x, y, sampleWeight: weights)
            estimator = try estimator.setting(params)
        }
        return try estimator.fit(x, y, sampleWeight: weights, warmStartFrom: previous)
    }

    @Test func everyFixtureMatchesSklearnTo1e10() throws {
        #expect(Self.cases.count == 60)
        for f in Self.cases where f["labels"] is NSNull || f["labels"] == nil {
            let name = f["name"] as? String ?? "?"
            let (x, y) = try Self.data(f["data"] as? String ?? "")
            let model = try Self.fit(f, x: x, y: y)
            let coef = (f["coef"] as? [Any] ?? []).map(doubles)
            #expect(model.coefficients.count == coef.count, "\(name)")
            for (got, want) in zip(model.coefficients, coef) {
                #expect(got.count == want.count && zip(got, want).allSatisfy { close($0, $1, 1e-10) }, "\(name): coef \(got) vs sklearn \(want)")
            }
            let intercepts = doubles(f["intercept"])
            #expect(model.intercepts.count == intercepts.count && zip(model.intercepts, intercepts).allSatisfy { close($0, $1, 1e-10) },
                    "\(name): intercept \(model.intercepts) vs \(intercepts)")
            #expect(model.iterationCount == f["n_iter"] as? Int, "\(name): n_iter \(model.iterationCount) vs \(f["n_iter"] ?? "?")")
            #expect(Double(model.stepCount) == (f["t"] as? NSNumber)?.doubleValue, "\(name): t_")
            #expect(model.classes == floats(f["classes"]), "\(name): classes")
            #expect(try model.predict(x).scalars == floats(f["predict"]), "\(name): predict")
            let decision = try model.decisionFunction(try x.rows(0..<10)).scalars
            #expect(zip(decision, floats(f["decision_function"])).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }, "\(name): decision")
            let w = try optionalTensor(f["sample_weight"])
            #expect(close(try model.score(x, y, sampleWeight: w), (f["score"] as? NSNumber)?.doubleValue ?? .nan), "\(name): score")
        }
    }

    /// The labeled API on scikit-learn's string-label fits: classes sorted as NumPy sorts them,
    /// predictions returned as the given strings.
    @Test func stringLabelsMatchSklearn() throws {
        let stringCases = Self.cases.filter { $0["labels"] is [Any] }
        #expect(stringCases.count == 2)
        for f in stringCases {
            let name = f["name"] as? String ?? "?"
            let (x, y) = try Self.data(f["data"] as? String ?? "")
            let names = f["labels"] as? [String] ?? []
            let labels = y.scalars.map { names[Int($0)] }
            let estimator = try Perceptron().setting(Self.values(f["params"] as? [String: Any] ?? [:]))
            let model = try estimator.fit(x, labels: labels)
            #expect(model.classes == (f["classes"] as? [String] ?? []), "\(name): classes \(model.classes)")
            #expect(try model.predict(x) == (f["predict"] as? [String] ?? []), "\(name): predict")
            let coef = (f["coef"] as? [Any] ?? []).map(doubles)
            for (got, want) in zip(model.base.coefficients, coef) {
                #expect(zip(got, want).allSatisfy { close($0, $1, 1e-10) }, "\(name): coef \(got) vs \(want)")
            }
            #expect(close(try model.score(x, labels), (f["score"] as? NSNumber)?.doubleValue ?? .nan), "\(name): score")
        }
    }

    /// The NumPy RandomState port derives the same xorshift seeds the older fixtures recorded from
    /// scikit-learn (so `fit` without explicit seeds is scikit-learn's shuffled fit).
    @Test func seedsComeFromNumPyRandomState() throws {
        let older = SklearnFixtures.shared.list("perceptron")
        #expect(older.count == 7)
        for f in older {
            let params = f["params"] as? [String: Any] ?? [:]
            let classes = Set(floats(f["y"])).count
            let seeds = PerceptronSampling.shuffleSeeds(randomState: UInt64(params["random_state"] as? Int ?? 0),
                                                        problems: classes == 2 ? 1 : classes)
            #expect(seeds == ints(f["xorshift_seeds"]).map { UInt32($0) }, "\(f["name"] ?? "?")")
        }
    }

    /// Reference §2's iris examples (petal length and width, y = setosa), on iris rounded to
    /// Float32, so agreement with the document's float64 numbers is to ~1e-6.
    @Test func irisReferenceExamplesWithShuffleAndPenalty() throws {
        let f = try #require(SklearnFixtures.shared.list("perceptron").first { $0["name"] as? String == "iris_petal_setosa_noshuffle" })
        let x = try tensor(f["x"], shape: f["shape"]), y = try tensor(f["y"])
        let examples: [(Perceptron, [Double], Double, Int)] = [
            (Perceptron(randomState: 0), [-0.7000000000000006, -1.2000000000000002], 2, 7),
            (Perceptron(randomState: 42), [-1.4, -2.2], 4, 7),
            (Perceptron(shuffle: false, penalty: .l2, alpha: 0.01), [-1.72994196, -0.57922715], 0, 8),
        ]
        for (estimator, coef, intercept, epochs) in examples {
            let model = try estimator.fit(x, y)
            #expect(zip(model.coefficients[0], coef).allSatisfy { abs($0 - $1) < 1e-5 }, "\(estimator.parameterDescription): \(model.coefficients)")
            #expect(abs(model.intercepts[0] - intercept) < 1e-5 && model.iterationCount == epochs, "\(estimator.parameterDescription)")
            #expect(try model.score(x, y) == 1 || estimator.penalty != nil)
        }
    }

    @Test func parametersRoundTripByName() throws {
        #expect(Perceptron.defaultParams.keys.sorted() == [
            "alpha", "class_weight", "early_stopping", "eta0", "fit_intercept", "l1_ratio", "max_iter", "n_iter_no_change",
            "n_jobs", "penalty", "random_state", "shuffle", "tol", "validation_fraction", "verbose", "warm_start",
        ])
        let p = try Perceptron().setting(["penalty": "elasticnet", "alpha": 0.02, "l1_ratio": 0.4, "early_stopping": true,
                                          "validation_fraction": 0.25, "class_weight": [0: 0.5, 2: 3.0], "warm_start": true])
        #expect(p.penalty == .elasticnet && p.alpha == 0.02 && p.l1Ratio == 0.4 && p.earlyStopping && p.validationFraction == 0.25)
        #expect(p.classWeight == .weights([0: 0.5, 2: 3]) && p.warmStart)
        #expect(try Perceptron().setting(p.params) == p)
        // scikit-learn 1.9.1's repr of the same estimator.
        #expect(p.parameterDescription == "Perceptron(alpha=0.02, class_weight={0: 0.5, 2: 3.0}, early_stopping=True,\n           l1_ratio=0.4, penalty='elasticnet', validation_fraction=0.25,\n           warm_start=True)")
        #expect(try Perceptron().setting("class_weight", to: "balanced").classWeight == .balanced)
        #expect(try Perceptron(penalty: .l2).setting("penalty", to: nil).penalty == nil)
        #expect(throws: SwiftLearnError.self) { try Perceptron().setting("penalty", to: "l3") }
        #expect(throws: SwiftLearnError.self) { try Perceptron().setting("class_weight", to: "{0: 0.5}") }
        #expect(throws: SwiftLearnError.self) { try Perceptron().setting("class_weight", to: [0: "x"]) }
        #expect(throws: SwiftLearnError.self) { try Perceptron().setting("class_weight", to: ["a": 1.0]) }
        #expect(try Perceptron().setting("class_weight", to: ["0.5": 2, 1: 1.5]).classWeight == .weights([0.5: 2, 1: 1.5]))
        #expect(throws: SwiftLearnError.self) { try Perceptron().setting("class_weight", to: "heavy") }
    }

    @Test func newHyperparametersAreValidatedAtFit() throws {
        let (x, y) = try Self.data("multiclass")
        for bad in [Perceptron(alpha: -1), Perceptron(l1Ratio: 1.5), Perceptron(validationFraction: 1),
                    Perceptron(validationFraction: 0), Perceptron(randomState: 1 << 33),
                    Perceptron(classWeight: .weights([7: 2])), Perceptron(classWeight: .weights([0: .nan]))] {
            #expect(throws: SwiftLearnError.self, "\(bad.parameterDescription)") { try bad.fit(x, y) }
        }
        // Too few samples for a stratified validation split.
        let tiny = try Tensor(shape: [4, 1], scalars: [0, 1, 2, 3])
        #expect(throws: SwiftLearnError.self) { try Perceptron(earlyStopping: true).fit(tiny, Tensor([0, 0, 0, 1])) }
        // Warm start from a fit with other classes is refused.
        let binary = try Perceptron().fit(x, Tensor(y.scalars.map { $0 == 0 ? 0 : 1 }))
        #expect(throws: SwiftLearnError.self) { try Perceptron(warmStart: true).fit(x, y, warmStartFrom: binary) }
        // Without warmStart the previous fit is ignored.
        #expect(try Perceptron().fit(x, y, warmStartFrom: binary) == Perceptron().fit(x, y))
    }
}
