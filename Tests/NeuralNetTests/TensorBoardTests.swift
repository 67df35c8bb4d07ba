import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// The `TensorBoard` callback: what a `fit` writes, read back with `EventReader` and compared with
/// the `History` and the batch logs `fit` passed to callbacks.
@Suite(.isolatedRandomState) struct TensorBoardTests {
    /// Keeps the batch logs with their global batch number (counted from 1, as Keras).
    final class BatchLogRecorder: Callback {
        var batches: [(step: Int, logs: Logs)] = []
        var testEnds = 0
        override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { batches.append((batches.count + 1, logs)) }
        override func onTestEnd(logs: Logs) throws { testEnds += 1 }
    }

    static func temporaryFolder(_ label: String) throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("swiftlearn-tb-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func model(learningRate: Float = 0.05) throws -> Sequential {
        let m = try Sequential([Dense(4, activation: .relu, inputShape: [2]), Dense(3, activation: .softmax)])
        try m.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: learningRate), metrics: [.accuracy])
        return m
    }

    /// Trains 3 epochs of 4 batches with validation, batch scalars every 3 batches (not a divisor
    /// of the epoch's 4, so the global batch count shows) and
    /// histograms every 2 epochs; returns what the test needs to check the files.
    static func trainedRun(in folder: String) throws -> (Sequential, History, BatchLogRecorder, TensorBoard) {
        setRandomSeed(5)
        let m = try model()
        let (x, y) = ModelTests.blobs(count: 30, seed: 71)
        let (vx, vy) = ModelTests.blobs(count: 9, seed: 72)
        let tb = TensorBoard(logDirectory: folder, updateFrequency: .batches(3), histogramFrequency: 2)
        let recorder = BatchLogRecorder()
        let history = try m.fit(x, y, batchSize: 8, epochs: 3, verbose: .silent, callbacks: [tb, recorder], validationData: (vx, vy))
        return (m, history, recorder, tb)
    }

    @Test func epochScalarsMatchTheHistory() throws {
        let folder = try Self.temporaryFolder("epoch")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (model, history, _, tb) = try Self.trainedRun(in: folder)
        let train = try EventReader.read(path: try EventReader.onlyFile(in: tb.trainDirectory))
        let validation = try EventReader.read(path: try EventReader.onlyFile(in: tb.validationDirectory))
        #expect(train.fileVersion == "brain.Event:2")
        #expect(validation.fileVersion == "brain.Event:2")
        for (tag, key) in [("epoch_loss", "loss"), ("epoch_accuracy", "accuracy")] {
            #expect(train.scalars(tag).map(\.step) == [0, 1, 2])
            #expect(train.scalars(tag).map(\.value) == history[key])
            #expect(validation.scalars(tag).map(\.step) == [0, 1, 2])
            #expect(validation.scalars(tag).map(\.value) == history["val_" + key])
        }
        #expect(history["loss"].count == 3 && history["val_loss"].count == 3)
        #expect(train.scalars("epoch_learning_rate").map(\.step) == [0, 1, 2])
        #expect(train.scalars("epoch_learning_rate").map(\.value) == [0.05, 0.05, 0.05])
        #expect(train.scalars("epoch_val_loss").isEmpty && validation.scalars("epoch_val_loss").isEmpty)
        // After each validation pass, against the optimizer's iterations (4 batches an epoch).
        #expect(validation.scalars("evaluation_loss_vs_iterations").map(\.step) == [4, 8, 12])
        #expect(validation.scalars("evaluation_loss_vs_iterations").map(\.value) == history["val_loss"])
        // The model graph (write_graph): the model's JSON at step 0, as Keras' keras_model_summary.
        let graph = try #require(train.values.first { $0.tag == "keras" })
        #expect(graph.plugin == "graph_keras_model" && graph.pluginContent == Array("1".utf8))
        #expect(graph.dtype == 7 && graph.dims.isEmpty && graph.step == 0 && graph.strings.count == 1)
        let parsed = try JSONValue.parse(graph.strings.first ?? "")
        #expect(parsed == model.serialized)
        #expect(parsed["class_name"]?.stringValue == "Sequential")
        // Every scalar is a rank-0 float tensor, as Keras 3 writes it.
        for v in train.values + validation.values where v.plugin == "scalars" {
            #expect(v.dtype == 1 && v.dims.isEmpty && v.content.count == 4)
            #expect(v.wallTime > 1_600_000_000)
        }
    }

    @Test func batchScalarsEveryNBatchesWithTheGlobalStep() throws {
        let folder = try Self.temporaryFolder("batch")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, _, recorder, tb) = try Self.trainedRun(in: folder)
        let train = try EventReader.read(path: try EventReader.onlyFile(in: tb.trainDirectory))
        #expect(recorder.batches.count == 12)
        let expected = recorder.batches.filter { $0.step % 3 == 0 }
        for key in ["loss", "accuracy"] {
            let written = train.scalars("batch_" + key)
            #expect(written.map(\.step) == [3, 6, 9, 12])
            #expect(written.map(\.value) == expected.map { $0.logs[key] ?? .nan })
        }
    }

    /// Reads, during the last batch of the epoch, how many batch scalars are already in the file.
    final class MidEpochReader: Callback {
        let tb: TensorBoard
        let lastBatch: Int
        var seenInFile = -1
        init(_ tb: TensorBoard, lastBatch: Int) { self.tb = tb; self.lastBatch = lastBatch }
        override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
            guard batch == lastBatch else { return }
            seenInFile = try EventReader.read(path: try EventReader.onlyFile(in: tb.trainDirectory)).scalars("batch_loss").count
        }
    }

    @Test func batchScalarsReachTheFileDuringALongEpoch() throws {
        let folder = try Self.temporaryFolder("long")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        setRandomSeed(8)
        let m = try Self.model()
        let (x, y) = ModelTests.blobs(count: 1200, seed: 76)
        let tb = TensorBoard(logDirectory: folder, updateFrequency: .batches(1), writeGraph: false)
        let reader = MidEpochReader(tb, lastBatch: 1199)
        try m.fit(x, y, batchSize: 1, epochs: 1, verbose: .silent, callbacks: [tb, reader])
        // About 55 bytes per scalar record, two per batch: 64 KiB are reached after ~600 batches.
        #expect(reader.seenInFile > 300 && reader.seenInFile < 1200)
        let train = try EventReader.read(path: try EventReader.onlyFile(in: tb.trainDirectory))
        #expect(train.scalars("batch_loss").map(\.step) == Array(1...1200))
    }

    @Test func everyEpochUpdateWritesNoBatchScalars() throws {
        let folder = try Self.temporaryFolder("nobatch")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        setRandomSeed(6)
        let m = try Self.model()
        let (x, y) = ModelTests.blobs(count: 12, seed: 73)
        let tb = TensorBoard(logDirectory: folder, writeGraph: false)
        try m.fit(x, y, batchSize: 4, epochs: 2, verbose: .silent, callbacks: [tb])
        let train = try EventReader.read(path: try EventReader.onlyFile(in: tb.trainDirectory))
        #expect(Set(train.values.map(\.tag)) == ["epoch_loss", "epoch_accuracy", "epoch_learning_rate"])
        // No validation: no validation folder, as Keras creates it lazily.
        #expect(!FileManager.default.fileExists(atPath: tb.validationDirectory))
        // A second fit writes a new file next to the first.
        try m.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent, callbacks: [tb])
        let names = try FileManager.default.contentsOfDirectory(atPath: tb.trainDirectory)
        #expect(names.count == 2)
        let host = ProcessInfo.processInfo.hostName, pid = ProcessInfo.processInfo.processIdentifier
        for name in names {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            #expect(name.hasPrefix("events.out.tfevents.") && name.hasSuffix(".\(pid).\(parts[parts.count - 2]).v2"))
            #expect(Int(parts[3]) != nil && Int(parts[parts.count - 2]) != nil)
            #expect(name.contains(".\(host).\(pid)."))
        }
    }

    @Test func histogramsEveryNEpochsCoverEveryWeight() throws {
        let folder = try Self.temporaryFolder("histo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (m, _, _, tb) = try Self.trainedRun(in: folder)
        let train = try EventReader.read(path: try EventReader.onlyFile(in: tb.trainDirectory))
        let histograms = train.values.filter { $0.plugin == "histograms" }
        let weights = m.weights
        #expect(Set(histograms.map(\.tag)) == Set(weights.map { $0.path + "/histogram" }))
        #expect(weights.map(\.path).allSatisfy { $0.hasPrefix("dense") })
        for w in weights {
            let series = histograms.filter { $0.tag == w.path + "/histogram" }
            #expect(series.map(\.step) == [0, 2])
            for h in series {
                #expect(h.dtype == 2 && h.dims == [30, 3])
                let rows = h.doubles
                #expect(rows.count == 90)
                #expect(stride(from: 2, to: rows.count, by: 3).map { rows[$0] }.reduce(0, +) == Double(w.shape.reduce(1, *)))
            }
            // The last histogram (epoch 2, the final one) describes the final weights: edges span
            // [min, max] and each bucket counts the values within its edges.
            let values = w.snapshot().scalars.map(Double.init)
            let rows = try #require(series.last).doubles
            #expect(rows[0] == values.min() && rows[88] == values.max())
            for b in 0..<30 {
                let (lo, hi) = (rows[3 * b], rows[3 * b + 1])
                let inside = values.filter { $0 >= lo && (b == 29 ? $0 <= hi : $0 < hi) }.count
                #expect(Double(inside) == rows[3 * b + 2], "bucket \(b) of \(w.path)")
            }
        }
    }

    @Test func bucketsMatchTensorBoard() {
        // Reference: tensorboard 2.21 `summary_v2.histogram_pb(..., buckets=k)` on float32 data.
        func buckets(_ values: [Float], _ k: Int) -> [Double] {
            values.withUnsafeBufferPointer { HistogramBuckets($0, bucketCount: k).flattened }
        }
        #expect(buckets([0, 1, 2, 3, 4, 5, 6, 7, 8, 9.5], 3) == [0.0, 3.1666666666666665, 4, 3.1666666666666665, 6.333333333333333, 3, 6.333333333333333, 9.5, 3])
        #expect(buckets([-1.5, 0.25, 0.25, 2.0, -0.75, 1.0, 3.0], 4) == [-1.5, -0.375, 2, -0.375, 0.75, 2, 0.75, 1.875, 1, 1.875, 3.0, 2])
        #expect(buckets([2.5, 2.5, 2.5], 4) == [2.5, 2.5, 0, 2.5, 2.5, 0, 2.5, 2.5, 0, 2.5, 2.5, 3])
        // The last right edge is max itself, not min + k·width (which rounds to 0.9034701585769656 here).
        #expect(buckets([0.9034701585769653, 0.0940122976899147, -0.7434992790222168, -0.9217253923416138], 7) == [
            -0.9217253923416138, -0.6609831707818168, 2, -0.6609831707818168, -0.4002409492220197, 0,
            -0.4002409492220197, -0.1394987276622226, 0, -0.1394987276622226, 0.12124349389757438, 1,
            0.12124349389757438, 0.38198571545737137, 0, 0.38198571545737137, 0.6427279370171686, 0,
            0.6427279370171686, 0.9034701585769653, 1])
        #expect(buckets([], 3) == [Double](repeating: 0, count: 9))
    }

    @Test func uncreatableLogFolderThrowsBeforeAnyTrainingStep() throws {
        let folder = try Self.temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = (folder as NSString).appendingPathComponent("not-a-folder")
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        setRandomSeed(7)
        let m = try Self.model()
        let (x, y) = ModelTests.blobs(count: 12, seed: 74)
        let before = m.getWeights().map(\.scalars)
        for logs in [file, (file as NSString).appendingPathComponent("logs")] {
            let recorder = BatchLogRecorder()
            #expect {
                try m.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent, callbacks: [TensorBoard(logDirectory: logs), recorder])
            } throws: { error in
                guard case SwiftLearnError.io(let message) = error else { return false }
                return message.contains(logs)
            }
            #expect(recorder.batches.isEmpty)
        }
        #expect(m.getWeights().map(\.scalars) == before)
    }

    @Test func invalidFrequenciesThrowAtTrainBegin() throws {
        let folder = try Self.temporaryFolder("args")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let m = try Self.model()
        let (x, y) = ModelTests.blobs(count: 6, seed: 75)
        for tb in [TensorBoard(logDirectory: folder, updateFrequency: .batches(0)), TensorBoard(logDirectory: folder, histogramFrequency: -1)] {
            #expect(throws: SwiftLearnError.self) { try m.fit(x, y, epochs: 1, verbose: .silent, callbacks: [tb]) }
        }
        #expect(!FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("train")))
    }

    @Test func runDirectoryIsTimestamped() throws {
        let date = try #require(Calendar.current.date(from: DateComponents(year: 2026, month: 3, day: 4, hour: 5, minute: 6, second: 7)))
        #expect(TensorBoard.runDirectory(root: "my_logs", date: date) == "my_logs/run_2026_03_04-05_06_07")
        #expect(TensorBoard.runDirectory(root: "/tmp/logs/", date: date) == "/tmp/logs/run_2026_03_04-05_06_07")
    }
}

/// Writes a log folder for `Interop/tensorboard_check.py` when `SWIFTLEARN_TB_OUT` names one
/// (otherwise does nothing): the event files of a 3-epoch fit with validation, batch scalars
/// every 3 batches and histograms every 2 epochs, plus `expected.json` with the History, the
/// batch logs and the weight sizes that the script compares against what TensorBoard reads.
struct TensorBoardInteropExport {
    @Test func writeLogFolderForInteropCheck() throws {
        guard let out = ProcessInfo.processInfo.environment["SWIFTLEARN_TB_OUT"], !out.isEmpty else { return }
        try? FileManager.default.removeItem(atPath: out)
        let (m, history, recorder, _) = try TensorBoardTests.trainedRun(in: out)
        let expected: [String: Any] = [
            "epochs": history.epoch,
            "history": history.history.mapValues { $0.map(Double.init) },
            "learning_rate": 0.05,
            "batch_every": 3,
            "batches": recorder.batches.map { b in ["step": b.step, "logs": b.logs.mapValues(Double.init)] as [String: Any] },
            "evaluation_steps": [4, 8, 12],
            "histogram_steps": [0, 2],
            "weights": Dictionary(uniqueKeysWithValues: m.weights.map { ($0.path, $0.shape.reduce(1, *)) }),
        ]
        let data = try JSONSerialization.data(withJSONObject: expected, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: (out as NSString).appendingPathComponent("expected.json")))
    }
}
