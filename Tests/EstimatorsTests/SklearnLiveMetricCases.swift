import Foundation
import TensorCore
@testable import Estimators

/// Our metric values on random inputs, for `Interop/check_sklearn_live.py` (see
/// ``SklearnLiveExport``). Each case: `name` (scikit-learn's function, without `_score`),
/// `y_true`, `y_pred` (flat) with its `shape`, `sample_weight` or null, `kwargs` in
/// scikit-learn's names, and our `value` (or `matrix` for the confusion matrix).
enum LiveMetricCases {
    static func all() throws -> [LiveJSON] {
        var g = SeededGenerator(seed: 7_003)
        var cases: [LiveJSON] = []
        func add(_ name: String, _ yTrue: Tensor, _ yPred: Tensor, _ w: Tensor?, _ kwargs: [(String, LiveJSON)] = [], value: LiveJSON) {
            cases.append(.object([
                ("name", .string(name)), ("y_true", .floats(yTrue.scalars)), ("y_pred", .floats(yPred.scalars)),
                ("shape", .ints(yPred.shape)), ("sample_weight", w.map { .floats($0.scalars) } ?? .null),
                ("kwargs", .object(kwargs)), (name == "confusion_matrix" ? "matrix" : "value", value),
            ]))
        }
        func weights(_ n: Int) -> Tensor { Tensor((0..<n).map { _ in g.nextUniform(0.1, 2) }) }

        // Regression: noisy predictions of normal targets, with and without weights.
        for n in [7, 15, 40, 101] {
            let t = (0..<n).map { _ in 3 * g.nextNormal() + 1 }
            let yTrue = Tensor(t), yPred = Tensor(t.map { $0 + g.nextNormal() })
            for w in [nil, weights(n)] {
                add("r2", yTrue, yPred, w, value: .double(try r2Score(yTrue, yPred, sampleWeight: w)))
                add("explained_variance", yTrue, yPred, w, value: .double(try explainedVarianceScore(yTrue, yPred, sampleWeight: w)))
                add("mean_squared_error", yTrue, yPred, w, value: .double(try meanSquaredError(yTrue, yPred, sampleWeight: w)))
                add("root_mean_squared_error", yTrue, yPred, w, value: .double(try rootMeanSquaredError(yTrue, yPred, sampleWeight: w)))
                add("mean_absolute_error", yTrue, yPred, w, value: .double(try meanAbsoluteError(yTrue, yPred, sampleWeight: w)))
            }
            add("median_absolute_error", yTrue, yPred, nil, value: .double(try medianAbsoluteError(yTrue, yPred)))
        }

        // Classification: labels 0..<classes, predictions right with probability 0.6.
        for (n, classes) in [(30, 2), (45, 3), (80, 4), (25, 2)] {
            let t = (0..<n).map { i in Float(i < classes ? i : g.nextInt(below: classes)) }
            let p = t.map { g.nextUniform() < 0.6 ? $0 : Float(g.nextInt(below: classes)) }
            let yTrue = Tensor(t), yPred = Tensor(p)
            for w in [nil, weights(n)] {
                add("accuracy", yTrue, yPred, w, value: .double(try accuracyScore(yTrue, yPred, sampleWeight: w)))
                add("accuracy", yTrue, yPred, w, [("normalize", .bool(false))],
                    value: .double(try accuracyScore(yTrue, yPred, normalize: false, sampleWeight: w)))
                add("balanced_accuracy", yTrue, yPred, w, value: .double(try balancedAccuracyScore(yTrue, yPred, sampleWeight: w)))
                add("balanced_accuracy", yTrue, yPred, w, [("adjusted", .bool(true))],
                    value: .double(try balancedAccuracyScore(yTrue, yPred, sampleWeight: w, adjusted: true)))
                let averages: [ClassAverage] = classes == 2 ? [.binary, .micro, .macro, .weighted] : [.micro, .macro, .weighted]
                for average in averages {
                    let kw: [(String, LiveJSON)] = [("average", .string(average.rawValue))]
                    add("precision", yTrue, yPred, w, kw, value: .double(try precisionScore(yTrue, yPred, average: average, sampleWeight: w)))
                    add("recall", yTrue, yPred, w, kw, value: .double(try recallScore(yTrue, yPred, average: average, sampleWeight: w)))
                    add("f1", yTrue, yPred, w, kw, value: .double(try f1Score(yTrue, yPred, average: average, sampleWeight: w)))
                }
                let matrix = try confusionMatrix(yTrue, yPred, sampleWeight: w)
                add("confusion_matrix", yTrue, yPred, w, value: .array(matrix.map { .doubles($0) }))
            }
        }

        // Probabilities: rows in [0.05, 1] normalized (no clipping on either side).
        for (n, classes) in [(30, 2), (40, 3), (60, 4)] {
            let t = (0..<n).map { i in Float(i < classes ? i : g.nextInt(below: classes)) }
            var probs: [Float] = []
            for _ in 0..<n {
                let row = (0..<classes).map { _ in g.nextUniform(0.05, 1) }
                let sum = row.reduce(0, +)
                probs += row.map { $0 / sum }
            }
            let yTrue = Tensor(t), proba = try Tensor(shape: [n, classes], scalars: probs)
            for w in [nil, weights(n)] {
                add("log_loss", yTrue, proba, w, value: .double(try logLoss(yTrue, proba, sampleWeight: w)))
                if classes == 2 {
                    // Binary scores rounded to one decimal, so there are ties.
                    let positive = Tensor((0..<n).map { (probs[2 * $0 + 1] * 10).rounded() / 10 })
                    add("roc_auc", yTrue, positive, w, value: .double(try rocAucScore(yTrue, positive, sampleWeight: w)))
                    let clipped = Tensor(positive.scalars.map { min(max($0, 0.05), 0.95) })
                    add("log_loss", yTrue, clipped, w, value: .double(try logLoss(yTrue, clipped, sampleWeight: w)))
                } else {
                    for average in RocAucAverage.allCases {
                        add("roc_auc", yTrue, proba, w, [("multi_class", .string("ovr")), ("average", .string(average.rawValue))],
                            value: .double(try rocAucScore(yTrue, proba, oneVsRest: average, sampleWeight: w)))
                    }
                }
            }
            add("log_loss", yTrue, proba, nil, [("normalize", .bool(false))],
                value: .double(try logLoss(yTrue, proba, normalize: false)))
        }
        return cases
    }
}
