import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Callbacks decide as Keras 3 does on the same scripted sequences of logs
/// (Fixtures/keras/callbacks.json, written by Interop/make_callback_fixtures.py).
@Suite(.isolatedRandomState) struct CallbackDecisionTests {
    static let fixtures = KerasFixtures(file: "callbacks.json")
    static var cases: [[String: Any]] { fixtures.root["cases"] as? [[String: Any]] ?? [] }

    /// A compiled model for callbacks that reach the optimizer or the weights.
    func model(learningRate: Float) throws -> Sequential {
        let m = try Sequential([Dense(1, inputShape: [2])])
        try m.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: learningRate), metrics: [.accuracy])
        return m
    }

    func mode(_ args: [String: Any]) -> MonitorMode { MonitorMode(rawValue: args["mode"] as? String ?? "auto") ?? .auto }
    func double(_ args: [String: Any], _ key: String) -> Double? { (args[key] as? NSNumber)?.doubleValue }
    func int(_ args: [String: Any], _ key: String) -> Int? { (args[key] as? NSNumber)?.intValue }

    @Test func fixtureHasEveryKindOfCase() {
        let kinds = Set(Self.cases.compactMap { $0["callback"] as? String })
        #expect(kinds == ["EarlyStopping", "ReduceLROnPlateau", "CSVLogger"])
        #expect(Self.cases.count == 141)
    }

    @Test func earlyStoppingStopsWhereKerasStops() throws {
        var checked = 0
        for c in Self.cases where c["callback"] as? String == "EarlyStopping" {
            let args = c["args"] as? [String: Any] ?? [:], expected = c["expected"] as? [String: Any] ?? [:]
            let monitor = c["monitor"] as? String ?? ""
            let m = try model(learningRate: 0.01)
            let callback = EarlyStopping(monitor: monitor, minDelta: double(args, "min_delta") ?? 0, patience: int(args, "patience") ?? 0,
                                         mode: mode(args), baseline: double(args, "baseline"),
                                         restoreBestWeights: args["restore_best_weights"] as? Bool ?? false,
                                         startFromEpoch: int(args, "start_from_epoch") ?? 0)
            callback.setModel(m)
            try callback.onTrainBegin(logs: [:])
            var stopped: Int?
            for (epoch, value) in floats(c["values"]).enumerated() {
                try callback.onEpochEnd(epoch, logs: [monitor: value])
                if m.stopTraining { stopped = epoch; break }
            }
            let what = "\(c["sequence"] ?? "") \(monitor) \(args)"
            #expect(stopped == (expected["stopped_epoch"] as? NSNumber)?.intValue, "stopped epoch, \(what)")
            #expect(callback.stoppedEpoch == stopped)
            #expect(callback.bestEpoch == int(expected, "best_epoch"), "best epoch, \(what)")
            #expect(callback.wait == int(expected, "wait"), "wait, \(what)")
            checked += 1
        }
        #expect(checked == 90)
    }

    @Test func reduceLROnPlateauLowersTheRateWhereKerasDoes() throws {
        var checked = 0
        for c in Self.cases where c["callback"] as? String == "ReduceLROnPlateau" {
            let args = c["args"] as? [String: Any] ?? [:], expected = c["expected"] as? [String: Any] ?? [:]
            let monitor = c["monitor"] as? String ?? ""
            let m = try model(learningRate: 0.1)
            let callback = ReduceLROnPlateau(monitor: monitor, factor: double(args, "factor") ?? 0.1, patience: int(args, "patience") ?? 10,
                                             mode: mode(args), minDelta: double(args, "min_delta") ?? 1e-4,
                                             cooldown: int(args, "cooldown") ?? 0, minLearningRate: double(args, "min_lr") ?? 0)
            callback.setModel(m)
            try callback.onTrainBegin(logs: [:])
            var rates: [Float] = []
            for (epoch, value) in floats(c["values"]).enumerated() {
                try callback.onEpochEnd(epoch, logs: [monitor: value])
                rates.append(m.compiled?.optimizer.learningRate ?? .nan)
            }
            let expectedRates = floats(expected["learning_rates"])
            try #require(rates.count == expectedRates.count)
            #expect(rates == expectedRates, "\(c["sequence"] ?? "") \(monitor) \(args)")
            checked += 1
        }
        #expect(checked == 50)
    }

    @Test func csvLoggerWritesWhatKerasWrites() throws {
        let runs = Self.cases.first { $0["callback"] as? String == "CSVLogger" }?["csv"] as? [[String: Any]] ?? []
        try #require(runs.count == 3)
        for run in runs {
            let args = run["args"] as? [String: Any] ?? [:]
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csvlogger-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("log.csv").path
            let fits = run["runs"] as? [[[String: Any]]] ?? []
            let expected = run["expected"] as? [String] ?? []
            try #require(fits.count == expected.count)
            for (fit, text) in zip(fits, expected) {
                let logger = CSVLogger(path, separator: args["separator"] as? String ?? ",", append: args["append"] as? Bool ?? false)
                try logger.onTrainBegin(logs: [:])
                for (epoch, logs) in fit.enumerated() {
                    try logger.onEpochEnd(epoch, logs: logs.compactMapValues { ($0 as? NSNumber)?.floatValue })
                }
                try logger.onTrainEnd(logs: [:])
                #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "\(args)")
            }
        }
    }

    @Test func csvLoggerIntoAMissingFolderIsAnError() {
        let logger = CSVLogger("/nonexistent/swiftlearn/log.csv")
        #expect(throws: SwiftLearnError.self) { try logger.onTrainBegin(logs: [:]) }
    }

    @Test func earlyStoppingRestoresTheWeightsOfTheBestEpoch() throws {
        setRandomSeed(71)
        let (x, y) = ModelTests.blobs(count: 60, seed: 72)
        let (vx, vy) = ModelTests.blobs(count: 30, seed: 73)
        let m = try Sequential([Dense(8, activation: .relu, inputShape: [2]), Dense(3, activation: .softmax)])
        // A learning rate high enough to make the validation loss bounce.
        try m.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 2.5, momentum: 0.9))
        var perEpoch: [[Tensor]] = []
        let recorder = LambdaCallback(onEpochEnd: { _, _ in perEpoch.append(m.getWeights()) })
        let stopper = EarlyStopping(patience: 2, restoreBestWeights: true)
        let history = try m.fit(x, y, batchSize: 10, epochs: 30, verbose: .silent, callbacks: [recorder, stopper], validationData: (vx, vy))
        let losses = history["val_loss"]
        let best = try #require(losses.indices.min { losses[$0] < losses[$1] })
        #expect(stopper.bestEpoch == best)
        #expect(m.getWeights() == perEpoch[best], "the weights of epoch \(best), the best of \(losses)")
        #expect(losses.count < 30, "stopped early")
        if best != losses.count - 1 { #expect(m.getWeights() != perEpoch[losses.count - 1]) }
    }

    @Test func terminateOnNaNStopsAtTheFirstBadBatch() throws {
        let m = try model(learningRate: 0.01)
        let callback = TerminateOnNaN()
        callback.setModel(m)
        try callback.onTrainBatchEnd(0, logs: ["loss": 1])
        #expect(!m.stopTraining)
        try callback.onTrainBatchEnd(1, logs: ["loss": .nan])
        #expect(m.stopTraining && callback.stoppedBatch == 1)
        #expect(throws: SwiftLearnError.self) { try TerminateOnNaN(raiseError: true).onTrainBatchEnd(3, logs: ["loss": .infinity]) }
    }

    @Test func learningRateSchedulerSetsTheRateEachEpoch() throws {
        let m = try model(learningRate: 0.1)
        var seen: [Float] = []
        let scheduler = LearningRateScheduler { epoch, rate in epoch < 2 ? rate : rate * 0.5 }
        let recorder = LambdaCallback(onEpochEnd: { _, _ in seen.append(m.compiled?.optimizer.learningRate ?? .nan) })
        try m.fit(try Tensor(zeros: [4, 2]), try Tensor(zeros: [4, 1]), epochs: 4, verbose: .silent, callbacks: [scheduler, recorder])
        #expect(seen == [0.1, 0.1, 0.05, 0.025])
        let broken = LearningRateScheduler { _, _ in -1 }
        #expect(throws: SwiftLearnError.self) { try m.fit(try Tensor(zeros: [4, 2]), try Tensor(zeros: [4, 1]), verbose: .silent, callbacks: [broken]) }
    }

    @Test func autoModeNeedsAKnownDirection() throws {
        let m = try model(learningRate: 0.1)
        let stopper = EarlyStopping(monitor: "val_custom_score")
        stopper.setModel(m)
        try stopper.onTrainBegin(logs: [:])
        #expect(throws: SwiftLearnError.self) { try stopper.onEpochEnd(0, logs: ["val_custom_score": 1]) }
    }
}
