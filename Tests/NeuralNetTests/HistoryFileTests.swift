import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// History written to CSV and JSON and read back exactly; bad files are errors naming line and column.
@Suite(.isolatedRandomState) struct HistoryFileTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func trainedHistory() throws -> History {
        setRandomSeed(101)
        let model = try Sequential([Dense(3, activation: .softmax, inputShape: [2])])
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
        let (x, y) = ModelTests.blobs(count: 40, seed: 102)
        return try model.fit(x, y, batchSize: 8, epochs: 3, verbose: .silent, validationSplit: 0.25)
    }

    @Test(arguments: ["csv", "json"])
    func roundTripIsExact(format: String) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let history = try trainedHistory()
        let url = dir.appendingPathComponent("history.\(format)"), path = url.path
        try history.write(to: url)
        let read = try History(contentsOf: path)
        #expect(read.epoch == [0, 1, 2])
        #expect(read.history == history.history, "values read back bit for bit")
        #expect(Set(read.history.keys) == ["loss", "accuracy", "val_loss", "val_accuracy"])
        if format == "json" { #expect(read.params == history.params) }
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        if format == "csv" { #expect(contents.hasPrefix("epoch,accuracy,loss,val_accuracy,val_loss\n0,")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["history.\(format)"], "no temporary file left")
    }

    @Test func badFilesAndPathsAreErrors() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let cases: [(String, String, [String])] = [
            ("a.csv", "loss\n0.5\n", ["line 1", "epoch"]),
            ("b.csv", "epoch,loss\n0,0.5\n1\n", ["line 3"]),
            ("c.csv", "epoch,loss\n0,abc\n", ["line 2, column 2", "'loss'", "abc"]),
            ("d.json", "{\"epoch\": [0]}", ["'history'"]),
            ("e.json", "{\"epoch\": [0.5], \"history\": {}}", ["not an integer"]),
            ("f.json", "{\"epoch\": [0], \"history\": {\"loss\": [\"x\"]}}", ["'loss'", "not a number"]),
        ]
        for (name, text, fragments) in cases {
            let path = try write(name, text)
            do {
                _ = try History(contentsOf: path)
                Issue.record("\(name) was accepted")
            } catch let error as SwiftLearnError {
                for f in fragments { #expect(error.description.contains(f), "\(name): \(error)") }
                #expect(error.description.contains(name), "\(name): the file is named")
            }
        }
        let history = try trainedHistory()
        #expect(throws: SwiftLearnError.self) { try history.write(to: dir.appendingPathComponent("h.txt").path) }
        #expect(throws: SwiftLearnError.self) { try history.write(to: "/nonexistent/swiftlearn/h.csv") }
        #expect(throws: SwiftLearnError.self) { try History(contentsOf: "/nonexistent/h.csv") }
    }

    @Test func aFailedWriteKeepsThePreviousFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.csv").path
        let history = try trainedHistory()
        try history.write(to: path)
        let before = try String(contentsOfFile: path, encoding: .utf8)
        // A folder where the temporary file would be renamed to cannot be replaced by a file.
        let blocked = dir.appendingPathComponent("blocked.csv")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        #expect(throws: SwiftLearnError.self) { try history.write(to: blocked.path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["blocked.csv", "h.csv"], "no temporary file left")
    }
}
