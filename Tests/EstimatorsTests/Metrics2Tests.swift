import Foundation
import Testing
import TensorCore
@testable import Estimators

/// A model that returns fixed predictions, so a Scorer's value is the metric of those predictions.
private struct FixedLabelPredictions: Classifier {
    let predictions: Tensor
    var featureCount: Int { 1 }
    var classes: [Float] { uniqueSorted(predictions.scalars) }
    func predict(_ x: Tensor) throws -> Tensor { predictions }
}

/// Classification report text, multiclass ROC AUC, pos_label and scorer names against
/// scikit-learn 1.9.1 (`Fixtures/sklearn/metrics2.json`, written by `Interop/make_metrics2_fixtures.py`).
@Suite struct Metrics2Tests {
    nonisolated(unsafe) static let root: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sklearn/metrics2.json")
        let data = (try? Data(contentsOf: url)) ?? Data("{}".utf8)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }()

    @Test func classificationReportIsByteIdentical() throws {
        let reports = Self.root["classification_reports"] as? [[String: Any]] ?? []
        #expect(reports.count == 9)
        for (i, c) in reports.enumerated() {
            let text = try classificationReport(
                Tensor(floats(c["y_true"])), Tensor(floats(c["y_pred"])),
                labels: c["labels"].map(floats), targetNames: c["target_names"] as? [String],
                sampleWeight: c["sample_weight"].map { Tensor(floats($0)) },
                digits: (c["digits"] as? NSNumber)?.intValue ?? 2,
                zeroDivision: (c["zero_division"] as? NSNumber)?.doubleValue ?? 0)
            #expect(text == c["text"] as? String, "report \(i):\n\(text)---\n\(c["text"] ?? "")")
        }
    }

    @Test func oneVsRestRocAucMatchesSklearn() throws {
        let cases = Self.root["roc_auc_ovr"] as? [[String: Any]] ?? []
        #expect(cases.count == 4)
        for (i, c) in cases.enumerated() {
            let y = Tensor(floats(c["y_true"])), k = (c["classes"] as? NSNumber)?.intValue ?? 0
            let score = try Tensor(shape: [y.scalarCount, k], scalars: floats(c["y_score"]))
            let w = Tensor(floats(c["sample_weight"]))
            for average in RocAucAverage.allCases {
                let expected = (c[average.rawValue] as? NSNumber)?.doubleValue ?? .nan
                let got = try rocAucScore(y, score, oneVsRest: average)
                #expect(close(got, expected, 1e-6), "case \(i) \(average): \(got) vs \(expected)")
                let expectedW = (c[average.rawValue + "_weighted_samples"] as? NSNumber)?.doubleValue ?? .nan
                let gotW = try rocAucScore(y, score, oneVsRest: average, sampleWeight: w)
                #expect(close(gotW, expectedW, 1e-6), "case \(i) \(average) weighted samples: \(gotW) vs \(expectedW)")
            }
        }
    }

    @Test func multiclassRocAucRejectsScoresThatAreNotProbabilities() throws {
        let y = Tensor([0, 1, 2, 1, 0, 2, 0, 2])
        #expect(throws: SwiftLearnError.self) { try rocAucScore(y, try Tensor(zeros: [8, 3]), oneVsRest: .macro) }
        #expect { try rocAucScore(y, try Tensor(shape: [8, 2], repeating: 0.5), oneVsRest: .macro) } throws: { error in
            "\(error)".contains("Number of classes in yTrue (3) not equal to the number of columns in yScore (2)")
        }
    }

    @Test func positiveLabelSelectsTheClass() throws {
        let cases = Self.root["pos_label"] as? [[String: Any]] ?? []
        #expect(cases.count == 3)
        for c in cases {
            let t = Tensor(floats(c["y_true"])), p = Tensor(floats(c["y_pred"]))
            let label = (c["pos_label"] as? NSNumber)?.floatValue ?? 1
            #expect(close(try precisionScore(t, p, positiveLabel: label), (c["precision"] as? NSNumber)?.doubleValue ?? .nan))
            #expect(close(try recallScore(t, p, positiveLabel: label), (c["recall"] as? NSNumber)?.doubleValue ?? .nan))
            #expect(close(try f1Score(t, p, positiveLabel: label), (c["f1"] as? NSNumber)?.doubleValue ?? .nan))
        }
    }

    @Test func scorersByScikitLearnNameAreHigherIsBetter() throws {
        let s = Self.root["scorers"] as? [String: Any] ?? [:]
        let values = s["values"] as? [String: Any] ?? [:]
        #expect(values.count == 13)
        for (name, value) in values {
            let part = (name.contains("error") || name == "r2" || name == "explained_variance") ? "regression" : "classification"
            let data = s[part] as? [String: Any] ?? [:]
            let model = FixedLabelPredictions(predictions: Tensor(floats(data["y_pred"])))
            let got = try Scorer(name).score(model, try Tensor(zeros: [model.predictions.scalarCount, 1]), Tensor(floats(data["y_true"])))
            let expected = (value as? NSNumber)?.doubleValue ?? .nan
            #expect(close(got, expected, 1e-6), "\(name): \(got) vs \(expected)")
        }
        #expect(Scorer.names.contains("roc_auc_ovr") && Scorer.names.contains("roc_auc_ovr_weighted"))
        #expect { try Scorer("roc_auc_ovo") } throws: { error in "\(error)".contains("'roc_auc_ovo' is not a valid scoring value") }
    }

    @Test func normalizedConfusionMatricesMatchSklearn() throws {
        let cases = Self.root["confusion_normalized"] as? [[String: Any]] ?? []
        #expect(cases.count == 9)
        for (i, c) in cases.enumerated() {
            let how = ConfusionNormalization(rawValue: c["normalize"] as? String ?? "") ?? .all
            let w = (c["sample_weight"] as? [Any]).map { Tensor(floats($0)) }
            let m = try confusionMatrix(Tensor(floats(c["y_true"])), Tensor(floats(c["y_pred"])), sampleWeight: w, normalize: how)
            let flat = m.flatMap { $0 }, expected = doubles(c["matrix"])
            #expect(flat.count == expected.count && zip(flat, expected).allSatisfy { close($0, $1, 1e-12) }, "case \(i) \(how): \(flat)")
        }
    }

    @Test func reportRejectsMismatchedNames() {
        #expect { try classificationReport(Tensor([0, 1]), Tensor([0, 1]), targetNames: ["a"]) } throws: { error in
            "\(error)".contains("Number of classes, 2, does not match size of targetNames, 1")
        }
    }
}
