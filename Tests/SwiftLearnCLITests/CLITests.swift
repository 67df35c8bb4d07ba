import ArgumentParser
import Foundation
import SwiftLearn
@testable import SwiftLearnCLI
import Testing

/// A fresh temporary folder.
func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ text: String, _ name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// The message of the SwiftLearnError `body` throws ("" if none, or another error).
func message(_ body: () throws -> Void) -> String {
    do { try body() } catch let error as SwiftLearnError { return error.message } catch { return "other error: \(error)" }
    return ""
}

/// y = 2a - b + 1 on a grid, as CSV with columns a, b, y.
func linearCSV(rows: Int) -> String {
    var lines = ["a,b,y"]
    for i in 0..<rows {
        let a = Float(i % 10) / 5 - 1, b = Float(i / 10 % 10) / 5 - 1
        lines.append("\(a),\(b),\(2 * a - b + 1)")
    }
    return lines.joined(separator: "\n") + "\n"
}

@Test func badCSVErrorsNameFileLineAndColumn() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let ragged = try write("a,b,y\n1,2,3\n4,5\n", "ragged.csv", in: folder)
    let m1 = message { _ = try TrainingDataLoader.loadCSV(ragged, targetColumn: nil) }
    #expect(m1.contains("ragged.csv") && m1.contains("line 3, column 3") && m1.contains("missing"))
    let text = try write("a,b,y\n1,2,3\n4,five,6\n", "text.csv", in: folder)
    let m2 = message { _ = try TrainingDataLoader.loadCSV(text, targetColumn: nil) }
    #expect(m2.contains("text.csv") && m2.contains("line 3") && m2.contains("column 2") && m2.contains("five"))
    let good = try write("a,b,y\n1,2,3\n", "good.csv", in: folder)
    let m3 = message { _ = try TrainingDataLoader.loadCSV(good, targetColumn: "price") }
    #expect(m3.contains("good.csv") && m3.contains("line 1") && m3.contains("'price'"))
    let empty = try write("", "empty.csv", in: folder)
    let m4 = message { _ = try TrainingDataLoader.loadCSV(empty, targetColumn: nil) }
    #expect(m4.contains("empty.csv") && m4.contains("empty"))
    let headerOnly = try write("a,y\n", "header.csv", in: folder)
    let m5 = message { _ = try TrainingDataLoader.loadCSV(headerOnly, targetColumn: nil) }
    #expect(m5.contains("header.csv") && m5.contains("line 2") && m5.contains("no data rows"))
    // The same errors come out of `swiftlearn train`.
    let m6 = message { _ = try TrainCommand.parse([text, "-o", folder.appendingPathComponent("m.keras").path, "--verbose", "0"]).train() }
    #expect(m6 == m2)
    // A model path Keras could not read is refused before the data is read.
    let m7 = message { _ = try TrainCommand.parse([text, "-o", folder.appendingPathComponent("m.model").path, "--verbose", "0"]).train() }
    #expect(m7.contains("--output") && m7.contains(".keras") && m7.contains(".h5"))
}

@Test func unwritableLogFolderFailsBeforeTraining() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = try write("x", "a-file", in: folder)
    // The data file does not exist: the log folder error must come first.
    let command = try TrainCommand.parse(["missing.csv", "--logdir", file + "/logs", "-o", folder.appendingPathComponent("m.keras").path])
    let m = message { _ = try command.train() }
    #expect(m.contains("--logdir") && m.contains(file + "/logs"))
    let onFile = message { _ = try TrainCommand.parse(["missing.csv", "--logdir", file]).train() }
    #expect(onFile.contains("--logdir") && onFile.contains("not a folder"))
    var demo = try DemoCommand.parse(["--logdir", file + "/logs", "--data-directory", folder.appendingPathComponent("none").path])
    let d = message { try demo.run() }
    #expect(d.contains("--logdir"))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m").path))
}

@Test func outputAndHistoryPathsAreCheckedBeforeTraining() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let dir = folder.appendingPathComponent("d.keras").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
    // The data file does not exist: the output errors must come first.
    let m1 = message { _ = try TrainCommand.parse(["missing.csv", "-o", dir]).train() }
    #expect(m1.contains("--output") && m1.contains("is a folder"))
    let m2 = message { _ = try TrainCommand.parse(["missing.csv", "-o", folder.appendingPathComponent("m.keras").path, "--history", "h.txt"]).train() }
    #expect(m2.contains("--history h.txt") && m2.contains(".csv or .json"))
}

@Test func trainSavesAModelThatEvaluateReloads() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let csv = try write(linearCSV(rows: 100), "linear.csv", in: folder)
    let modelPath = folder.appendingPathComponent("linear.keras").path
    let logs = folder.appendingPathComponent("logs").path
    let checkpoint = folder.appendingPathComponent("best.keras").path
    let historyPath = folder.appendingPathComponent("history.csv").path
    let (model, history) = try TrainCommand.parse([
        csv, "--hidden", "8", "--optimizer", "adam", "--learning-rate", "0.02", "--epochs", "30", "--batch-size", "10",
        "--validation-split", "0.2", "--patience", "3", "--logdir", logs, "--checkpoint", checkpoint,
        "--history", historyPath, "-o", modelPath, "--verbose", "0", "--seed", "3",
    ]).train(output: { _ in })
    #expect(history["loss"].count >= 4)
    #expect((history["loss"].last ?? 1) < (history["loss"].first ?? 0))
    for name in ["curves.svg", "curves.png", "train", "validation"] {
        #expect(FileManager.default.fileExists(atPath: logs + "/" + name), "\(name) in the log folder")
    }
    // The checkpoint holds the best epoch's model (lowest val_loss), loadable on its own.
    let best = try loadModel(from: checkpoint)
    let bestLoss = try #require(history["val_loss"].min())
    #expect(try History(contentsOf: historyPath)["loss"] == history["loss"])

    // Reloaded: a self-contained model (Normalization first) with the same predictions on raw
    // features, and evaluate's MSE is the mean squared error of those predictions.
    let reloaded = try loadModel(from: modelPath)
    #expect(reloaded.layers.map(\.className) == ["Normalization", "Dense", "Dense"])
    #expect((reloaded.layers.last as? Dense)?.units == 1 && reloaded.compiled?.loss.name == "mean_squared_error")
    let data = try TrainingDataLoader.loadCSV(csv, targetColumn: "y")
    let x = data.x
    let split = 80   // validation split 0.2 of 100 rows: the checkpoint's val_loss is the MSE on rows 80..<100
    let xVal = try x.rows(split..<100), yVal = try data.y.rows(split..<100)
    let bestVal = try best.evaluate(xVal, yVal, verbose: .silent)["loss"] ?? .nan
    #expect(abs(bestVal - bestLoss) <= 1e-5 * max(1, bestLoss), "checkpoint val_loss \(bestVal) vs best \(bestLoss)")
    let before: [Float] = try model.predict(x, verbose: .silent).scalars
    let after: [Float] = try reloaded.predict(x, verbose: .silent).scalars
    #expect(before == after)
    let y = data.y.scalars
    let mse = zip(after, y).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +) / Double(y.count)
    let results = try EvaluateCommand.parse([modelPath, csv, "--target", "y", "--verbose", "0"]).evaluate()
    #expect(abs(Double(results["loss"] ?? .nan) - mse) < 1e-5 * max(1, mse))
    #expect(results["mae"] != nil)
}

@Test func classificationIsInferredFromWholeNumberTargets() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    var lines = ["u,v,label"]
    for i in 0..<60 { let u = Float(i % 6), v = Float(i % 7); lines.append("\(u),\(v),\(i % 3)") }
    let csv = try write(lines.joined(separator: "\n"), "classes.csv", in: folder)
    let modelPath = folder.appendingPathComponent("c.h5").path
    _ = try TrainCommand.parse([csv, "--hidden", "none", "--epochs", "2", "-o", modelPath, "--verbose", "0"]).train(output: { _ in })
    let spec = try LoadedMLP(path: modelPath)
    #expect(spec.task == .classification && spec.outputs == 3 && spec.model.layers.count == 2)
    let results = try EvaluateCommand.parse([modelPath, csv, "--verbose", "0"]).evaluate()
    #expect(results["accuracy"] != nil)
    let regression = message { _ = try TrainCommand.parse([csv, "--task", "regression", "--hidden", "0", "-o", modelPath]).train() }
    #expect(regression.contains("--hidden") && regression.contains("item 1"))
}

@Test func npyPairNeedsMatchingTargets() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let x = folder.appendingPathComponent("x.npy"), y = folder.appendingPathComponent("y.npy")
    try NPY.save(try Tensor(shape: [4, 2], scalars: [0, 1, 2, 3, 4, 5, 6, 7]), to: x)
    try NPY.save(Tensor([1, 2, 3]), to: y)
    let m = message { _ = try TrainingDataLoader.load(x.path, targets: y.path) }
    #expect(m.contains("y.npy") && m.contains("3 targets for 4 samples"))
    #expect(message { _ = try TrainingDataLoader.load(x.path) }.contains("--targets"))
}

@Test func plotCommandWritesThePicture() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let history = try write("epoch,loss,val_loss\n0,1.5,1.4\n1,0.9,1.0\n2,0.7,0.8\n", "h.csv", in: folder)
    let svg = folder.appendingPathComponent("c.svg").path
    var command = try PlotCommand.parse([history, "-o", svg])
    try command.run()
    let text = try String(contentsOfFile: svg, encoding: .utf8)
    #expect(text.hasPrefix("<?xml") && text.contains("<svg") && text.contains("</svg>"))
    var bad = try PlotCommand.parse([history, "-o", folder.appendingPathComponent("c.gif").path])
    #expect(message { try bad.run() }.contains(".png or .svg"))
}

@Test func helpHasAnExampleForEveryCommand() {
    for command in [DemoCommand.self, TrainCommand.self, EvaluateCommand.self, PlotCommand.self,
                    InspectCommand.self, PredictCommand.self, ConvertCommand.self] as [ParsableCommand.Type] {
        let help = SwiftLearnCommand.helpMessage(for: command)
        let name = command.configuration.commandName ?? ""
        let lines = help.components(separatedBy: "\n")
        let start = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "Examples:" }
        let examples = start.map { lines[($0 + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty } } ?? []
        #expect(!examples.isEmpty, "help of \(name) has examples")
        for line in examples {
            #expect(line.trimmingCharacters(in: .whitespaces).hasPrefix("swiftlearn \(name)"), "example '\(line)' of \(name)")
        }
    }
}

@Test func bashCompletionScript() {
    let script = SwiftLearnCommand.completionScript(for: .bash)
    #expect(script.contains("complete -") && script.contains("swiftlearn"))
    #expect(script.contains("train") && script.contains("evaluate") && script.contains("plot"))
}

@Test func featuresAreStandardizedWithTheTrainingRowsStatistics() throws {
    // Column a: 1, 2, 3, 4 → mean 2.5, population standard deviation √1.25 (numpy.std);
    // column b is constant → scale 1 as scikit-learn's StandardScaler.
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let csv = try write("a,b,y\n1,5,0.5\n2,5,1.5\n3,5,2.5\n4,5,3.5\n100,5,4\n", "s.csv", in: folder)
    let modelPath = folder.appendingPathComponent("s.keras").path
    _ = try TrainCommand.parse([csv, "--validation-split", "0.2", "--epochs", "1", "--hidden", "2", "--task", "regression",
                                "-o", modelPath, "--verbose", "0"]).train(output: { _ in })
    let normalization = try loadModel(from: modelPath).layer(at: 0)
    let weights = normalization.getWeights()   // mean, variance, count
    #expect(weights.count == 3 && weights[0].scalars == [2.5, 5] && weights[1].scalars == [1.25, 1] && weights[2].scalars == [4])
    let x = try normalization(try Tensor(shape: [1, 2], scalars: [4, 6])).scalars
    #expect(abs(x[0] - Float(1.5 / 1.25.squareRoot())) < 1e-6 && x[1] == 1)
}
