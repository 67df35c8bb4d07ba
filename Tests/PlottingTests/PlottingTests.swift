import Foundation
import NeuralNet
@testable import Plotting
import Testing
import TensorCore

/// A history like the chapter's Fashion-MNIST run (values from a Keras run's first epochs).
func chapterHistory(epochs: Int = 5) throws -> History {
    let history = History()
    let loss: [Float] = [0.7237, 0.4842, 0.4391, 0.4123, 0.3938, 0.3751, 0.3631, 0.3512]
    let accuracy: [Float] = [0.7643, 0.8317, 0.8455, 0.8552, 0.8607, 0.8674, 0.8714, 0.8749]
    for e in 0..<epochs {
        try history.onEpochEnd(e, logs: ["loss": loss[e], "accuracy": accuracy[e],
                                         "val_loss": loss[e] * 0.95, "val_accuracy": accuracy[e] + 0.01])
    }
    return history
}

/// Width and height from a PNG's IHDR chunk (PNG spec §11.2.2), after checking the signature.
func pngSize(_ data: Data) -> (Int, Int)? {
    let bytes = [UInt8](data)
    guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
          bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
    let be = { (i: Int) in bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
    return (be(16), be(20))
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("plotting-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Test func pngHasTheAskedSize() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let history = try chapterHistory()
    let path = folder.appendingPathComponent("curves.png").path
    try history.plot(to: path)
    let size = try #require(pngSize(try Data(contentsOf: URL(fileURLWithPath: path))))
    #expect(size == (800, 500))
    let small = try #require(pngSize(try history.plotData(format: .png, width: 320, height: 200)))
    #expect(small == (320, 200))
}

@Test func svgIsWellFormedXMLWithTheAskedSize() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("curves.SVG").path
    try chapterHistory().plot(to: path, width: 640, height: 400)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let checker = XMLChecker(text)
    #expect(checker.problem == nil)
    #expect(checker.root == "svg")
    #expect(checker.rootAttributes["width"] == "640px" || checker.rootAttributes["width"] == "640")
    #expect(checker.rootAttributes["height"] == "400px" || checker.rootAttributes["height"] == "400")
    // Curves and text glyphs are paths; at least the 4 curves, the frame and some glyphs.
    #expect(checker.elementCounts["path", default: 0] > 10)
}

@Test func errorsForEmptyHistoryBadExtensionAndUnwritablePath() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
        try History().plot(to: folder.appendingPathComponent("a.png").path)
        Issue.record("an empty history must not plot")
    } catch let error as SwiftLearnError {
        #expect(error.message.contains("empty"))
    }
    let history = try chapterHistory()
    #expect(throws: SwiftLearnError.self) { try history.plot(to: folder.appendingPathComponent("a.jpg").path) }
    #expect(throws: SwiftLearnError.self) { try history.plot(to: folder.appendingPathComponent("a").path) }
    #expect(throws: SwiftLearnError.self) { try history.plot(to: "/nonexistent-folder/x/curves.svg") }
    #expect(throws: SwiftLearnError.self) { try history.plot(to: folder.appendingPathComponent("b.png").path, width: 0) }
    do {
        try history.plot(to: "/nonexistent-folder/x/curves.svg")
    } catch let error as SwiftLearnError {
        #expect(error.message.contains("/nonexistent-folder/x/curves.svg"))
    }
    // A folder in the way: the rename fails, and the temporary file is removed.
    let inTheWay = folder.appendingPathComponent("dir.svg")
    try FileManager.default.createDirectory(at: inTheWay.appendingPathComponent("keep"), withIntermediateDirectories: true)
    #expect(throws: SwiftLearnError.self) { try history.plot(to: inTheWay.path) }
    // Nothing was left behind by the failed writes.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["dir.svg"])
}

@Test func aFailedWriteKeepsThePreviousFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("curves.svg").path
    try chapterHistory().plot(to: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: SwiftLearnError.self) { try History().plot(to: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
}

@Test func trainingCurveIsShiftedLeftByHalfAnEpoch() throws {
    let curves = try LearningCurves(try chapterHistory(epochs: 3), context: "test")
    let loss = try #require(curves.series.first { $0.key == "loss" })
    let validation = try #require(curves.series.first { $0.key == "val_loss" })
    #expect(loss.points.map(\.x) == [0.5, 1.5, 2.5])
    #expect(validation.points.map(\.x) == [1, 2, 3])
    #expect(curves.series.map(\.key) == ["loss", "val_loss", "accuracy", "val_accuracy"])
    #expect(loss.color == validation.color)
    #expect(curves.xRange == (0, 3))
}

@Test func niceTicks() {
    // The steps matplotlib's default locator shows for these ranges on an 8x5 figure.
    let a = AxisTicks(low: 0.3231, high: 0.8853)
    #expect(a.step == 0.1 && abs(a.lower - 0.3) < 1e-12 && abs(a.upper - 0.9) < 1e-12)
    #expect(a.label(0.3) == "0.3")
    let b = AxisTicks(low: 0, high: 1)
    #expect(b.step == 0.2 && b.values.count == 6)
    let c = AxisTicks(low: 0.4, high: 0.4)
    #expect(c.lower < 0.4 && c.upper > 0.4)
    let d = AxisTicks(low: 10, high: 2300)
    #expect(d.step == 500 && d.lower == 0 && d.upper == 2500 && d.label(500) == "500")
    let e = AxisTicks(low: 0, high: 2)
    #expect(e.step == 0.25 && e.label(0.25) == "0.25" && e.label(1) == "1.00")
}

/// Writes pictures for `Interop/check_plots.py` when `SWIFTLEARN_PLOT_OUT` names a folder
/// (scripts/interop); otherwise does nothing.
@Test func writePicturesForInteropCheck() throws {
    guard let out = ProcessInfo.processInfo.environment["SWIFTLEARN_PLOT_OUT"] else { return }
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let history = try chapterHistory(epochs: 8)
    for (w, h) in [(800, 500), (320, 200), (1200, 750)] {
        for ext in ["svg", "png"] { try history.plot(to: "\(out)/curves-\(w)x\(h).\(ext)", width: w, height: h) }
    }
}
