import Foundation
import Testing
import TensorCore
@testable import Estimators

/// Every metric against the value real scikit-learn 1.9 computed on the same (Float32-exact) inputs.
@Suite struct MetricsFixtureTests {
    static var cases: [[String: Any]] { SklearnFixtures.shared.list("metrics") }

    /// Our value for one fixture case, by scikit-learn's function name.
    static func compute(_ c: [String: Any]) throws -> Double {
        let yTrue = try tensor(c["y_true"])
        let yPred = try tensor(c["y_pred"], shape: c["shape"])
        let w = try optionalTensor(c["sample_weight"])
        let kw = c["kwargs"] as? [String: Any] ?? [:]
        let average = ClassAverage(rawValue: kw["average"] as? String ?? "binary") ?? .binary
        switch c["name"] as? String ?? "" {
        case "r2": return try r2Score(yTrue, yPred, sampleWeight: w)
        case "explained_variance": return try explainedVarianceScore(yTrue, yPred, sampleWeight: w)
        case "mse": return try meanSquaredError(yTrue, yPred, sampleWeight: w)
        case "rmse": return try rootMeanSquaredError(yTrue, yPred, sampleWeight: w)
        case "mae": return try meanAbsoluteError(yTrue, yPred, sampleWeight: w)
        case "median_absolute_error": return try medianAbsoluteError(yTrue, yPred)
        case "accuracy": return try accuracyScore(yTrue, yPred, normalize: kw["normalize"] as? Bool ?? true, sampleWeight: w)
        case "balanced_accuracy": return try balancedAccuracyScore(yTrue, yPred, sampleWeight: w, adjusted: kw["adjusted"] as? Bool ?? false)
        case "precision": return try precisionScore(yTrue, yPred, average: average, sampleWeight: w)
        case "recall": return try recallScore(yTrue, yPred, average: average, sampleWeight: w)
        case "f1": return try f1Score(yTrue, yPred, average: average, sampleWeight: w)
        case "log_loss": return try logLoss(yTrue, yPred, normalize: kw["normalize"] as? Bool ?? true, sampleWeight: w)
        case "roc_auc": return try rocAucScore(yTrue, yPred, sampleWeight: w)
        default: return .infinity
        }
    }

    @Test func fixtureIsPresent() {
        #expect(Self.cases.count > 100)
    }

    @Test func scalarMetricsMatchSklearn() throws {
        var checked = 0
        for (index, c) in Self.cases.enumerated() where c["value"] != nil {
            let expected = (c["value"] as? NSNumber)?.doubleValue ?? .nan
            let got = try Self.compute(c)
            // sklearn computes log loss in the input's dtype (float32 here): equal to float32
            // precision, and to 1e-12 against sklearn on the same numbers as float64.
            if let f64 = (c["value_f64"] as? NSNumber)?.doubleValue {
                #expect(close(got, f64), "case \(index) log_loss float64: got \(got), sklearn \(f64)")
            }
            let tolerance = c["name"] as? String == "log_loss" ? 1e-6 : 1e-12
            #expect(close(got, expected, tolerance), "case \(index) \(c["name"] ?? "?") \(c["kwargs"] ?? ""): got \(got), sklearn \(expected)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func confusionMatricesMatchSklearn() throws {
        let cms = Self.cases.filter { $0["name"] as? String == "confusion_matrix" }
        #expect(cms.count == 8)
        for c in cms {
            let labels = (c["kwargs"] as? [String: Any])?["labels"].map(floats)
            let m = try confusionMatrix(try tensor(c["y_true"]), try tensor(c["y_pred"]), labels: labels,
                                        sampleWeight: try optionalTensor(c["sample_weight"]))
            let expected = (c["matrix"] as? [Any] ?? []).map(doubles)
            #expect(m.count == expected.count)
            for (row, want) in zip(m, expected) {
                #expect(zip(row, want).allSatisfy { close($0, $1) } && row.count == want.count, "\(m) vs \(expected)")
            }
        }
    }
}

/// The worked numbers of reference §8, typed in from the document (independent of the fixture).
@Suite struct MetricsReferenceTests {
    let yTrue = Tensor([0, 1, 2, 0, 1, 2, 0, 0])
    let yPred = Tensor([0, 2, 1, 0, 0, 2, 0, 1])

    @Test func regressionExample() throws {
        let t = Tensor([3, -0.5, 2, 7]), p = Tensor([2.5, 0, 2, 8])
        #expect(close(try r2Score(t, p), 0.9486081370449679))
        #expect(close(try explainedVarianceScore(t, p), 0.9571734475374732))
        #expect(close(try meanSquaredError(t, p), 0.375))
        #expect(close(try rootMeanSquaredError(t, p), 0.6123724356957945))
        #expect(close(try meanAbsoluteError(t, p), 0.5))
        #expect(try r2Score(Tensor([1, 2, 3]), Tensor([2, 3, 4])) == -0.5)
        #expect(try explainedVarianceScore(Tensor([1, 2, 3]), Tensor([2, 3, 4])) == 1)
        #expect(try r2Score(Tensor([2, 2]), Tensor([2, 2])) == 1)
        #expect(try r2Score(Tensor([2, 2]), Tensor([2, 3])) == 0)
        #expect(try r2Score(Tensor([2]), Tensor([2])).isNaN)
    }

    @Test func classificationExample() throws {
        #expect(try accuracyScore(yTrue, yPred) == 0.5)
        #expect(try accuracyScore(yTrue, yPred, normalize: false) == 4)
        #expect(close(try balancedAccuracyScore(yTrue, yPred), 0.4166666666666667))
        #expect(close(try balancedAccuracyScore(yTrue, yPred, adjusted: true), 0.12500000000000003))
        #expect(close(try f1Score(yTrue, yPred, average: .macro), 0.4166666666666667))
        #expect(close(try precisionScore(yTrue, yPred, average: .micro), 0.5))
        #expect(close(try recallScore(yTrue, yPred, average: .weighted), 0.5))
        #expect(close(try f1Score(Tensor([0, 1, 2]), Tensor([0, 1, 1]), average: .macro), 0.5555555555555555))
        #expect(try confusionMatrix(yTrue, yPred) == [[3, 1, 0], [1, 0, 1], [0, 1, 1]])
        #expect(try confusionMatrix(yTrue, yPred, labels: [2, 0, 1]) == [[1, 0, 1], [0, 3, 1], [1, 1, 0]])
        let rows = try precisionRecallFScoreSupport(yTrue, yPred)
        #expect(rows.map(\.f1) == [0.75, 0, 0.5] && rows.map(\.support) == [4, 2, 2])
    }

    @Test func probabilityExamples() throws {
        #expect(close(try rocAucScore(Tensor([0, 0, 1, 1]), Tensor([0.1, 0.4, 0.35, 0.8])), 0.75))
        #expect(try rocAucScore(Tensor([1, 1]), Tensor([0.1, 0.4])).isNaN)
        // float32 input clips at Float.ulpOfOne: sklearn gives 7.971192359924316 for float32 arrays.
        let p = try Tensor(rows: [[1, 0], [1, 0]])
        #expect(close(try logLoss(Tensor([0, 1]), p), 7.971192359924316, 1e-7))
    }

    @Test func badInputThrows() throws {
        #expect(throws: SwiftLearnError.self) { try f1Score(yTrue, yPred) } // multiclass with average=binary
        #expect(throws: SwiftLearnError.self) { try r2Score(Tensor([1, 2]), Tensor([1, 2, 3])) }
        #expect(throws: SwiftLearnError.self) { try accuracyScore(Tensor([Float]()), Tensor([Float]())) }
        #expect(throws: SwiftLearnError.self) { try meanSquaredError(Tensor([1, .nan]), Tensor([1, 2])) }
        #expect(throws: SwiftLearnError.self) { try accuracyScore(Tensor([1, 2]), Tensor([1, 2]), sampleWeight: Tensor([1, -1])) }
        #expect(throws: SwiftLearnError.self) { try logLoss(Tensor([1, 1]), Tensor([0.5, 0.5])) } // one label
        #expect(throws: SwiftLearnError.self) { try rocAucScore(yTrue, yPred) } // multiclass
        #expect(throws: SwiftLearnError.self) { try confusionMatrix(yTrue, yPred, labels: [1, 1]) }
        #expect(throws: SwiftLearnError.self) { try precisionScore(Tensor([2, 3]), Tensor([2, 3])) } // positive label 1 absent
    }
}

@Suite struct ScorerTests {
    @Test func namesResolveAndUnknownThrows() throws {
        for name in Scorer.names { #expect(try Scorer(name).name == name) }
        #expect(throws: SwiftLearnError.self) { try Scorer("neg_mean_squared_errors") }
        #expect(throws: SwiftLearnError.self) { try Scorer("mean_squared_error") }
    }
}
