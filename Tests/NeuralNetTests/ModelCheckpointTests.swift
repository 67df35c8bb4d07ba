import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// ModelCheckpoint decides, names and reports its saves as Keras 3 does on scripted logs, and
/// its filepath formatting matches Python's `format()` (Fixtures/keras/checkpoint.json, written
/// by Interop/make_checkpoint_fixtures.py).
@Suite(.isolatedRandomState) struct ModelCheckpointTests {
    static let fixtures = KerasFixtures(file: "checkpoint.json")

    func logs(_ value: Any?) -> Logs {
        var out: Logs = [:]
        for (k, v) in value as? [String: Any] ?? [:] { out[k] = (v as? NSNumber)?.floatValue }
        return out
    }

    func checkpoint(_ args: [String: Any]) throws -> ModelCheckpoint {
        let freq: ModelCheckpoint.SaveFrequency = (args["save_freq"] as? NSNumber).map { .batches($0.intValue) } ?? .epoch
        return try ModelCheckpoint(filepath: args["filepath"] as? String ?? "", monitor: args["monitor"] as? String ?? "val_loss",
                                   verbose: 1, saveBestOnly: args["save_best_only"] as? Bool ?? false,
                                   saveWeightsOnly: args["save_weights_only"] as? Bool ?? false,
                                   mode: MonitorMode(rawValue: args["mode"] as? String ?? "auto") ?? .auto,
                                   saveFrequency: freq,
                                   initialValueThreshold: (args["initial_value_threshold"] as? NSNumber)?.doubleValue)
    }

    @Test func decidesNamesAndPrintsAsKeras() throws {
        let cases = Self.fixtures.root["cases"] as? [[String: Any]] ?? []
        try #require(cases.count == 17)
        let epochLogs = (Self.fixtures.root["epoch_logs"] as? [Any] ?? []).map(logs)
        let batchLogs = (Self.fixtures.root["batch_logs"] as? [[Any]] ?? []).map { $0.map(logs) }
        for c in cases {
            let args = c["args"] as? [String: Any] ?? [:], expected = c["expected"] as? [String: Any] ?? [:]
            let model = try Sequential([Dense(1, inputShape: [2])])
            try model.compile(loss: .meanSquaredError, optimizer: SGD(), metrics: [.accuracy])
            let cb = try checkpoint(args)
            var saves: [[String: String]] = [], messages: [String] = []
            var epochNow = 0, batchNow: Int?
            cb.saveAction = { path, weightsOnly in
                saves.append(["path": path, "kind": weightsOnly ? "weights" : "model", "at": "\(epochNow)/\(batchNow.map(String.init) ?? "-")"])
            }
            cb.printMessage = { messages.append($0) }
            cb.warn = { _ in }
            cb.setModel(model)
            try cb.onTrainBegin(logs: [:])
            if c["batches"] as? Bool == true {
                for (epoch, epochBatches) in batchLogs.enumerated() {
                    epochNow = epoch
                    try cb.onEpochBegin(epoch, logs: [:])
                    for (batch, l) in epochBatches.enumerated() {
                        batchNow = batch
                        try cb.onTrainBatchEnd(batch, logs: l)
                    }
                    batchNow = nil
                    try cb.onEpochEnd(epoch, logs: epochBatches.last ?? [:])
                }
            } else {
                for (epoch, l) in epochLogs.enumerated() {
                    epochNow = epoch
                    try cb.onEpochBegin(epoch, logs: [:])
                    try cb.onEpochEnd(epoch, logs: l)
                }
            }
            try cb.onTrainEnd(logs: [:])
            let want = (expected["saves"] as? [[String: Any]] ?? []).map { s -> [String: String] in
                let batch = (s["batch"] as? NSNumber).map { "\($0.intValue)" } ?? "-"
                return ["path": s["path"] as? String ?? "", "kind": s["kind"] as? String ?? "",
                        "at": "\((s["epoch"] as? NSNumber)?.intValue ?? -1)/\(batch)"]
            }
            let what = args["filepath"] as? String ?? ""
            #expect(saves == want, "saves, \(what)")
            #expect(messages == expected["messages"] as? [String] ?? [], "messages, \(what)")
            // As Float: the values are float32 logs, and Foundation's JSON reader on Linux rounds doubles.
            #expect(cb.best.map(Float.init) == (expected["best"] as? NSNumber)?.floatValue, "best, \(what)")
            #expect(cb.savedPaths == want.map { $0["path"] ?? "" })
        }
    }

    @Test func rejectsWhatKerasRejects() throws {
        let errors = Self.fixtures.root["errors"] as? [[String: Any]] ?? []
        try #require(errors.count == 3)
        for e in errors {
            var args = e["args"] as? [String: Any] ?? [:]
            if args["save_freq"] is String { args["save_freq"] = 0 }  // Swift's enum has no "batch"; the nearest bad value
            #expect(throws: SwiftLearnError.self, "\(args)") { _ = try checkpoint(args) }
        }
        #expect(throws: SwiftLearnError.self) { _ = try ModelCheckpoint(filepath: "m-{epoch.x}.keras") }
        #expect(throws: SwiftLearnError.self) { _ = try ModelCheckpoint(filepath: "m-{epoch.keras") }
        #expect(throws: SwiftLearnError.self) { _ = try ModelCheckpoint(filepath: "m-{epoch:q}.keras") }
        // A weights-only file name for a whole-model checkpoint is refused up front (not at the first save).
        #expect { _ = try ModelCheckpoint(filepath: "ck.weights.h5") } throws: { "\($0)".contains("saveWeightsOnly: true") }
        _ = try ModelCheckpoint(filepath: "ck.weights.h5", saveWeightsOnly: true)
        let cb = try ModelCheckpoint(filepath: "m-{val_mse:.2f}.keras")
        cb.saveAction = { _, _ in }
        #expect(throws: SwiftLearnError.self) { try cb.onEpochEnd(0, logs: ["loss": 1]) }
        let floatAsInt = try ModelCheckpoint(filepath: "m-{loss:02d}.keras")
        floatAsInt.saveAction = { _, _ in }
        #expect(throws: SwiftLearnError.self) { try floatAsInt.onEpochEnd(0, logs: ["loss": 1]) }
    }

    @Test func formatsAsPython() throws {
        let formats = Self.fixtures.root["formats"] as? [[String: Any]] ?? []
        try #require(formats.count > 600)
        var mismatches: [String] = []
        for f in formats {
            let spec = f["spec"] as? String ?? ""
            let value: PythonFormatValue
            if f["type"] as? String == "int" {
                value = .int((f["value"] as? NSNumber)?.intValue ?? 0)
            } else {
                // Written as Python's repr: Foundation's JSON reader on Linux rounds some doubles.
                let text = f["value"] as? String ?? ""
                value = .float(text == "nan" ? .nan : text == "-inf" ? -.infinity : text == "inf" ? .infinity : Double(text) ?? .nan)
            }
            let got = try? PythonFormat.format(value, spec: spec)
            let want = f["result"] as? String
            if got != want { mismatches.append("format(\(value), '\(spec)'): \(got ?? "error") vs Python \(want ?? "error")") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test func savesRealFilesAtomicallyInNewFolders() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let x = try Tensor(shape: [8, 2], scalars: (0..<16).map { Float($0) / 16 })
        let y = try Tensor(shape: [8, 1], scalars: (0..<8).map { Float($0) / 8 })
        let model = try Sequential([Dense(3, activation: .relu, inputShape: [2]), Dense(1)])
        try model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.01))
        let every = try ModelCheckpoint(filepath: folder.path + "/sub/e{epoch:02d}-{loss:.3f}.keras", monitor: "loss")
        let best = try ModelCheckpoint(filepath: folder.path + "/best.weights.h5", monitor: "loss", saveBestOnly: true, saveWeightsOnly: true)
        let history = try model.fit(x, y, batchSize: 4, epochs: 3, verbose: .silent, callbacks: [every, best])
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/sub").sorted()
        let expected = history["loss"].enumerated().map { String(format: "e%02d-%.3f.keras", $0.offset + 1, Double($0.element)) }
        #expect(names == expected)
        let loaded = try loadModel(from: folder.path + "/sub/" + (names.last ?? ""))
        #expect(try loaded.predict(x).scalars == model.predict(x).scalars)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["best.weights.h5", "sub"])
    }

    /// Batch-level saving counts batches across epochs as Keras does (8 samples in batches of 2:
    /// 4 steps per epoch; every 3 steps → epoch 1 batch 3, epoch 2 batch 2), and a restarted run
    /// whose threshold is the best value reached before leaves the better file alone.
    @Test func batchLevelSavingAndARestartedRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let x = try Tensor(shape: [8, 2], scalars: (0..<16).map { Float($0) / 16 })
        let y = try Tensor(shape: [8, 1], scalars: (0..<8).map { Float($0) / 8 })
        let model = try Sequential([Dense(1, inputShape: [2])])
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        let batches = try ModelCheckpoint(filepath: folder.path + "/b{epoch}-{batch}.weights.h5", monitor: "loss",
                                          saveWeightsOnly: true, saveFrequency: .batches(3))
        let best = try ModelCheckpoint(filepath: folder.path + "/best.keras", monitor: "loss", saveBestOnly: true)
        let history = try model.fit(x, y, batchSize: 2, epochs: 2, verbose: .silent, callbacks: [batches, best], shuffle: false)
        #expect(batches.savedPaths.map { URL(fileURLWithPath: $0).lastPathComponent } == ["b1-3.weights.h5", "b2-2.weights.h5"])
        let bestLoss = try #require(history["loss"].min())
        #expect(best.best.map(Float.init) == bestLoss)
        let saved = try Data(contentsOf: folder.appendingPathComponent("best.keras"))

        // Restarted from scratch (a worse model), with the threshold of the first run.
        let restarted = try Sequential([Dense(1, inputShape: [2])])
        try restarted.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 1e-6))
        let again = try ModelCheckpoint(filepath: folder.path + "/best.keras", monitor: "loss", saveBestOnly: true,
                                        initialValueThreshold: Double(bestLoss))
        let second = try restarted.fit(x, y, batchSize: 2, epochs: 2, verbose: .silent, callbacks: [again], shuffle: false)
        try #require((second["loss"].min() ?? 0) > bestLoss)
        #expect(again.savedPaths.isEmpty)
        #expect(try Data(contentsOf: folder.appendingPathComponent("best.keras")) == saved)
    }
}
