import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Stateful metrics against real Keras 3 (Fixtures/keras/metrics.json, written by
/// Interop/make_metric_fixtures.py): each metric updated with the same three batches must give
/// Keras' result after every batch to 1e-6; a fit with precision/recall/auc reports Keras' history.
@Suite struct MetricKerasTests {
    static let fixtures = KerasFixtures(file: "metrics.json")

    /// The Swift metric of each fixture case.
    static let cases: [String: any StatefulMetric] = {
        var c: [String: any StatefulMetric] = [
            "precision": Precision(), "recall": Recall(), "precision_weighted": Precision(),
            "recall_threshold_0.3": Recall(threshold: 0.3), "precision_multilabel": Precision(),
            "precision_class_id_1": Precision(classId: 1), "recall_class_id_2": Recall(threshold: 0.2, classId: 2),
            "precision_top_k_2": Precision(topK: 2), "recall_top_k_2": Recall(topK: 2),
            "auc_roc": AUC(), "auc_pr": AUC(curve: .pr), "auc_roc_weighted": AUC(), "auc_pr_weighted": AUC(curve: .pr),
            "auc_roc_minoring": AUC(summationMethod: .minoring), "auc_pr_majoring": AUC(curve: .pr, summationMethod: .majoring),
            "auc_multilabel_flat": AUC(), "auc_from_logits": AUC(fromLogits: true), "auc_pr_from_logits": AUC(curve: .pr, fromLogits: true),
            "top_k_categorical_accuracy_k2": TopKCategoricalAccuracy(k: 2), "top_k_categorical_accuracy": TopKCategoricalAccuracy(),
            "sparse_top_k_categorical_accuracy_k2": SparseTopKCategoricalAccuracy(k: 2),
            "root_mean_squared_error": RootMeanSquaredError(), "root_mean_squared_error_weighted": RootMeanSquaredError(),
        ]
        c["auc_roc_10_thresholds"] = try? AUC(numThresholds: 10)
        // Keras' cross-entropy metrics: the mean of the loss's per-sample values over the batches.
        c["binary_crossentropy_from_logits"] = Metric.crossentropy(.binaryCrossentropy(fromLogits: true)).makeState()
        c["categorical_crossentropy_from_logits"] = Metric.crossentropy(.categoricalCrossentropy(fromLogits: true)).makeState()
        c["sparse_categorical_crossentropy"] = try? Metric(named: "sparse_categorical_crossentropy").makeState()
        return c
    }()

    @Test func fixtureHasEveryCase() {
        #expect(Self.fixtures.root["keras_version"] as? String == "3.15.1")
        #expect(Set(Self.fixtures.object("metrics").keys) == Set(Self.cases.keys))
    }

    @Test(arguments: cases.keys.sorted())
    func metricMatchesKerasAfterEveryBatch(name: String) throws {
        var metric = try #require(Self.cases[name])
        let batches = try #require(Self.fixtures.object("metrics", name)["batches"] as? [[String: Any]])
        try #require(batches.count == 3)
        for (i, b) in batches.enumerated() {
            let weight = b["sample_weight"].map { Tensor(floats($0)) }
            try metric.updateState(yTrue: tensor(b["y_true"], shape: b["y_true_shape"]),
                                   yPred: tensor(b["y_pred"], shape: b["y_pred_shape"]), sampleWeight: weight)
            let expected = try #require((b["result"] as? NSNumber)?.floatValue)
            #expect(abs(metric.result() - expected) <= 1e-6, "\(name) after batch \(i): \(metric.result()) vs Keras \(expected)")
        }
        metric.resetState()
        #expect(metric.result() == 0, "\(name): reset")
    }

    /// Keras' history of a fit with `metrics: ["precision", "recall", "auc"]`, replayed from
    /// the same initial weights, unshuffled, with a validation split.
    @Test func fitReportsKerasPrecisionRecallAUC() throws {
        let c = Self.fixtures.object("fit")
        let model = try Sequential([InputLayer(shape: [3]), Dense(4, activation: .relu), Dense(1, activation: .sigmoid)])
        let shapes = (c["weight_shapes"] as? [Any]) ?? [], initial = (c["initial_weights"] as? [Any]) ?? []
        try #require(initial.count == 4 && shapes.count == 4)
        try model.setWeights(zip(initial, shapes).map { try tensor($0, shape: $1) })
        try model.compile(loss: "binary_crossentropy", optimizer: SGD(learningRate: 0.1), metrics: ["precision", "recall", "auc"])
        let history = try model.fit(tensor(c["x"], shape: c["x_shape"]), tensor(c["y"], shape: c["y_shape"]),
                                    batchSize: 16, epochs: 3, verbose: .silent, validationSplit: 0.25, shuffle: false)
        let expected = ((c["history"] as? [String: Any]) ?? [:]).mapValues(floats)
        #expect(Set(history.history.keys) == Set(expected.keys))
        #expect(expected.keys.contains("val_auc"))
        for (key, values) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(maxDifference(history[key], values) <= 2e-6, "\(key): \(history[key]) vs Keras \(values)")
        }
    }
}
