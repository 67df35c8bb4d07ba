import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Metrics in training: user metrics (a `StatefulMetric` or a closure), state accumulated over
/// the epoch rather than averaged per batch, log keys as Keras names them, and bad names.
/// With every layer frozen the weights never move, so every batch's predictions are those of
/// `predict`, from which the expected values are computed directly.
@Suite struct MetricTests {
    /// The largest absolute error seen since the last reset.
    struct MaxAbsoluteError: StatefulMetric {
        var name: String { "max_absolute_error" }
        var worst: Float = 0
        mutating func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) throws {
            for (t, p) in zip(yTrue.scalars, yPred.scalars) { worst = max(worst, abs(t - p)) }
        }
        func result() -> Float { worst }
        mutating func resetState() { worst = 0 }
    }

    static func frozenBinaryModel() throws -> (Sequential, Tensor, Tensor) {
        setRandomSeed(11)
        let model = try Sequential([InputLayer(shape: [3]), Dense(5, activation: .tanh), Dense(1, activation: .sigmoid)])
        let x = uniform([30, 3], -2, 2, seed: 12)
        let y = try Tensor(shape: [30, 1], scalars: uniform([30], seed: 13).scalars.map { $0 > 0 ? 1 : 0 })
        model.isTrainable = false
        return (model, x, y)
    }

    @Test func userMetricsReportWhatTheyComputeOnTheEpoch() throws {
        let (model, x, y) = try Self.frozenBinaryModel()
        let fourth = Metric(name: "mean_fourth") { t, p in try (p - t).square().square() }
        try model.compile(loss: .binaryCrossentropy, optimizer: SGD(), metrics: [Metric(MaxAbsoluteError()), fourth])
        let h = try model.fit(x, y, batchSize: 7, epochs: 2, verbose: .silent, validationData: (x, y), shuffle: true)
        let p = try model.predict(x, verbose: .silent).scalars, t = y.scalars
        let errors = zip(p, t).map { abs($0 - $1) }
        let worst = errors.max() ?? .nan
        let meanFourth = errors.map { Double($0 * $0 * $0 * $0) }.reduce(0, +) / Double(errors.count)
        #expect(Set(h.history.keys) == ["loss", "max_absolute_error", "mean_fourth", "val_loss", "val_max_absolute_error", "val_mean_fourth"])
        for key in ["max_absolute_error", "val_max_absolute_error"] { #expect(maxDifference(h[key], [worst, worst]) <= 1e-6, "\(key)") }
        for key in ["mean_fourth", "val_mean_fourth"] { #expect(maxDifference(h[key], [Float(meanFourth), Float(meanFourth)]) <= 1e-6, "\(key)") }
    }

    /// Precision over the epoch is TP/(TP+FP) of all predictions, not the mean of batch precisions.
    @Test func precisionAccumulatesOverTheEpoch() throws {
        let (model, x, y) = try Self.frozenBinaryModel()
        try model.compile(loss: "binary_crossentropy", optimizer: SGD(), metrics: ["precision", "recall", "auc"])
        let h = try model.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent, shuffle: false)
        let p = try model.predict(x, verbose: .silent).scalars, t = y.scalars
        var tp = 0, fp = 0, fn = 0, batchPrecisions: [Float] = []
        for start in stride(from: 0, to: p.count, by: 4) {
            var btp = 0, bfp = 0
            for i in start..<min(start + 4, p.count) {
                if p[i] > 0.5 && t[i] == 1 { tp += 1; btp += 1 } else if p[i] > 0.5 { fp += 1; bfp += 1 } else if t[i] == 1 { fn += 1 }
            }
            batchPrecisions.append(btp + bfp == 0 ? 0 : Float(btp) / Float(btp + bfp))
        }
        let precision = Float(tp) / Float(tp + fp), recall = Float(tp) / Float(tp + fn)
        #expect(abs(h["precision"][0] - precision) <= 1e-6)
        #expect(abs(h["recall"][0] - recall) <= 1e-6)
        let batchMean = batchPrecisions.reduce(0, +) / Float(batchPrecisions.count)
        #expect(abs(batchMean - precision) > 1e-3, "the data must tell epoch accumulation from a batch mean")
        // evaluate starts from fresh state each time, and gives the fit's (frozen) values.
        let first = try model.evaluate(x, y, batchSize: 4, verbose: .silent)
        let second = try model.evaluate(x, y, batchSize: 4, verbose: .silent)
        #expect(first == second)
        #expect(abs((first["precision"] ?? .nan) - precision) <= 1e-6 && abs((first["auc"] ?? .nan) - h["auc"][0]) <= 1e-6)
    }

    @Test func kerasNamesAndLogKeys() throws {
        let known = ["precision", "Precision", "recall", "auc", "AUC", "top_k_categorical_accuracy",
                     "sparse_top_k_categorical_accuracy", "root_mean_squared_error", "RootMeanSquaredError",
                     "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "mae", "acc"]
        for name in known { #expect(try Metric(named: name).name == name) }
        #expect(try Metric(named: "auc").kind == .stateful)
        #expect(Metric.auc.name == "auc" && Metric.rootMeanSquaredError.name == "root_mean_squared_error")
        #expect(Metric(Precision(classId: 2, name: "precision_2")).name == "precision_2")
        do {
            _ = try Metric(named: "precison")
            Issue.record("an unknown metric name must throw")
        } catch let error as SwiftLearnError {
            for fragment in ["precison", "precision", "auc", "root_mean_squared_error", "top_k_categorical_accuracy"] {
                #expect(error.description.contains(fragment), "\(fragment) missing from \(error.description)")
            }
        }
        let model = try Sequential([InputLayer(shape: [2]), Dense(1)])
        #expect(throws: SwiftLearnError.self) { try model.compile(loss: "mse", metrics: ["root_mean_sqared_error"]) }
    }

    @Test func severalOutputsPrefixStatefulMetrics() throws {
        let input = Input(shape: [3], name: "x")
        let main = try Dense(1, activation: .sigmoid, name: "main")(input), aux = try Dense(4, activation: .softmax, name: "aux")(input)
        let model = try Model(inputs: [input], outputs: [main, aux])
        try model.compile(losses: ["main": "binary_crossentropy", "aux": "categorical_crossentropy"],
                          metrics: ["main": ["auc", "precision"], "aux": ["top_k_categorical_accuracy"]])
        let y1 = try Tensor(shape: [8, 1], scalars: uniform([8], seed: 3).scalars.map { $0 > 0 ? 1 : 0 })
        let y2 = try toCategorical(Tensor([0, 1, 2, 3, 3, 2, 1, 0]))
        let h = try model.fit(["x": uniform([8, 3], seed: 2)], ["main": y1, "aux": y2], epochs: 1, verbose: .silent, validationSplit: 0.25)
        #expect(Set(h.history.keys) == ["loss", "main_loss", "aux_loss", "main_auc", "main_precision", "aux_top_k_categorical_accuracy",
                                        "val_loss", "val_main_loss", "val_aux_loss", "val_main_auc", "val_main_precision", "val_aux_top_k_categorical_accuracy"])
        // Four classes and k = 5: every sample is in the top 5.
        #expect(h["aux_top_k_categorical_accuracy"] == [1])
    }

    @Test func badMetricInputsThrow() throws {
        var precision = Precision(classId: 3)
        #expect(throws: SwiftLearnError.self) { try precision.updateState(yTrue: try Tensor([[1, 0]]), yPred: try Tensor([[0.2, 0.9]]), sampleWeight: nil) }
        var auc = AUC()
        #expect(throws: SwiftLearnError.self) { try auc.updateState(yTrue: Tensor([1, 0, 1]), yPred: Tensor([0.2, 0.9]), sampleWeight: nil) }
        #expect(throws: SwiftLearnError.self) { _ = try AUC(numThresholds: 1) }
        var topK = SparseTopKCategoricalAccuracy()
        #expect(throws: SwiftLearnError.self) { try topK.updateState(yTrue: Tensor([1, 0, 2]), yPred: try Tensor([[0.2, 0.8]]), sampleWeight: nil) }
        var rmse = RootMeanSquaredError()
        #expect(throws: SwiftLearnError.self) { try rmse.updateState(yTrue: Tensor([1, 0]), yPred: Tensor([1, 0]), sampleWeight: Tensor([1])) }
    }
}
