import Foundation
import Testing
import TensorCore
@testable import Estimators

@Suite struct PerceptronTests {
    static var fixtures: [[String: Any]] { SklearnFixtures.shared.list("perceptron") }

    static func perceptron(_ params: [String: Any]) -> Perceptron {
        var p = Perceptron()
        if let v = params["shuffle"] as? Bool { p.shuffle = v }
        if let v = params["random_state"] as? Int { p.randomState = UInt64(v) }
        if let v = (params["eta0"] as? NSNumber)?.doubleValue { p.eta0 = v }
        if let v = params["max_iter"] as? Int { p.maxIter = v }
        if let v = params["fit_intercept"] as? Bool { p.fitIntercept = v }
        if params["tol"] is NSNull { p.tol = nil }
        return p
    }

    /// Every fixture problem, fitted with scikit-learn's own xorshift seeds, gives scikit-learn's
    /// coef_, intercept_, n_iter_, t_, decision values and predictions (shuffled ones too).
    @Test func fitsMatchSklearn() throws {
        #expect(Self.fixtures.count == 7)
        for f in Self.fixtures {
            let name = f["name"] as? String ?? "?"
            let x = try tensor(f["x"], shape: f["shape"])
            let y = try tensor(f["y"])
            let estimator = Self.perceptron(f["params"] as? [String: Any] ?? [:])
            let seeds = ints(f["xorshift_seeds"]).map { UInt32($0) }
            let model = try estimator.fit(x, y, sampleWeight: try optionalTensor(f["sample_weight"]), shuffleSeeds: seeds)
            let coef = (f["coef"] as? [Any] ?? []).map(doubles)
            #expect(model.coefficients.count == coef.count, "\(name)")
            for (got, want) in zip(model.coefficients, coef) {
                #expect(got.count == want.count && zip(got, want).allSatisfy { close($0, $1, 1e-13) }, "\(name): coef \(got) vs sklearn \(want)")
            }
            let intercepts = doubles(f["intercept"])
            #expect(zip(model.intercepts, intercepts).allSatisfy { close($0, $1, 1e-13) } && model.intercepts.count == intercepts.count,
                    "\(name): intercept \(model.intercepts) vs \(intercepts)")
            #expect(model.iterationCount == f["n_iter"] as? Int, "\(name): n_iter")
            #expect(Double(model.stepCount) == (f["t"] as? NSNumber)?.doubleValue, "\(name): t_")
            #expect(model.classes == floats(f["classes"]))
            let decision = try model.decisionFunction(try x.rows(0..<5)).scalars
            #expect(zip(decision, floats(f["decision_function"])).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) },
                    "\(name): decision \(decision)")
            #expect(try model.predict(x).scalars == floats(f["predict"]), "\(name): predict")
            #expect(close(try model.score(x, y), (f["score"] as? NSNumber)?.doubleValue ?? .nan), "\(name): score")
        }
    }

    /// Reference §2's iris example (y = setosa, petal features, unshuffled, random_state=42): the
    /// fixture uses iris rounded to Float32, so it agrees with the document's float64 numbers to ~1e-6.
    @Test func irisExampleIsCloseToReference() throws {
        let f = try #require(Self.fixtures.first { $0["name"] as? String == "iris_petal_setosa_noshuffle" })
        let model = try Perceptron(shuffle: false, randomState: 42).fit(try tensor(f["x"], shape: f["shape"]), try tensor(f["y"]))
        #expect(abs(model.coefficients[0][0] - -0.5000000000000004) < 1e-6 && abs(model.coefficients[0][1] - -0.8) < 1e-6)
        #expect(model.intercepts == [2.0] && model.iterationCount == 8 && model.stepCount == 1201)
    }

    /// Iris-like petal measurements (length, width) of three species, drawn with our generator.
    static func petals(seed: UInt64, perClass: Int) throws -> (x: Tensor, y: Tensor) {
        var g = SeededGenerator(seed: seed)
        let centers: [(Float, Float)] = [(1.46, 0.25), (4.26, 1.33), (5.55, 2.03)]
        var rows: [[Float]] = [], labels: [Float] = []
        for i in 0..<perClass * 3 {
            let c = i % 3
            rows.append([centers[c].0 + g.nextUniform(-0.4, 0.4), centers[c].1 + g.nextUniform(-0.15, 0.15)])
            labels.append(Float(c))
        }
        return (try Tensor(rows: rows), Tensor(labels))
    }

    @Test func separatesLinearlySeparableSetosa() throws {
        let (x, y3) = try Self.petals(seed: 1, perClass: 40)
        let y = Tensor(y3.scalars.map { $0 == 0 ? 1 : 0 })
        let model = try Perceptron().fit(x, y)
        #expect(try model.score(x, y) == 1)
        let (xt, yt3) = try Self.petals(seed: 2, perClass: 20)
        #expect(try model.score(xt, Tensor(yt3.scalars.map { $0 == 0 ? 1 : 0 })) == 1)
        #expect(try model.decisionFunction(xt).shape == [60])
        #expect(model.coef.shape == [1, 2] && model.intercept.shape == [1])
    }

    @Test func oneVersusRestHasOneRowPerClass() throws {
        let (x, y) = try Self.petals(seed: 3, perClass: 30)
        let model = try Perceptron(randomState: 5).fit(x, y)
        #expect(model.classes == [0, 1, 2] && model.coefficients.count == 3)
        let d = try model.decisionFunction(x)
        #expect(d.shape == [90, 3])
        // predict is the argmax of the decision function
        let argmax = (0..<90).map { i in Float((0..<3).max { d.scalars[i * 3 + $0] < d.scalars[i * 3 + $1] } ?? 0) }
        #expect(try model.predict(x).scalars == argmax)
        // scikit-learn 1.9.1's Perceptron(random_state=5) on these 90 points (the middle class is
        // not separable one-vs-rest) scores 0.5222222222222223 after 9 epochs.
        #expect(try model.score(x, y) == 0.5222222222222223 && model.iterationCount == 9)
    }

    @Test func seededShufflingIsDeterministic() throws {
        let (x, y) = try Self.petals(seed: 4, perClass: 30)
        let a = try Perceptron(randomState: 9).fit(x, y)
        let b = try Perceptron(randomState: 9).fit(x, y)
        let c = try Perceptron(randomState: 10).fit(x, y)
        let unshuffled = try Perceptron(shuffle: false).fit(x, y)
        #expect(a == b)
        #expect(a.coefficients != c.coefficients || a.coefficients != unshuffled.coefficients)
    }

    @Test func hyperparametersAreValidatedAtFit() throws {
        let (x, y) = try Self.petals(seed: 5, perClass: 5)
        let bad = Perceptron(eta0: 0) // building it is fine
        #expect(throws: SwiftLearnError.self) { try bad.fit(x, y) }
        #expect(throws: SwiftLearnError.self) { try Perceptron(maxIter: 0).fit(x, y) }
        #expect(throws: SwiftLearnError.self) { try Perceptron(tol: -1).fit(x, y) }
        #expect(throws: SwiftLearnError.self) { try Perceptron(nIterNoChange: 0).fit(x, y) }
        #expect(throws: SwiftLearnError.self) { try Perceptron().fit(x, Tensor(Array(repeating: 1, count: 15))) }
        #expect(throws: SwiftLearnError.self) { try Perceptron().fit(x, Tensor([0, 1])) }
        #expect(throws: SwiftLearnError.self) { try Perceptron().fit(x, y, sampleWeight: Tensor([1])) }
        let model = try Perceptron().fit(x, y)
        #expect(throws: SwiftLearnError.self) { try model.predict(try Tensor(zeros: [3, 5])) }
        #expect(throws: SwiftLearnError.self) { try model.predict(Tensor([1, 2])) }
    }
}
