import Foundation
import SwiftLearn
@testable import SwiftLearnCLI
import Testing

/// `swiftlearn inspect`, `predict` and `convert` on real files, good and bad.
@Suite(.serialized) struct ModelFileCommandTests {
    /// 40 samples: wide (2 features), deep (3), one target.
    static func data() throws -> (wide: Tensor, deep: Tensor, y: Tensor) {
        let wide = (0..<80).map { Float(sin(Double($0) * 0.7)) }, deep = (0..<120).map { Float(cos(Double($0) * 0.3)) }
        let y = (0..<40).map { wide[2 * $0] - 0.5 * deep[3 * $0 + 1] }
        return (try Tensor(shape: [40, 2], scalars: wide), try Tensor(shape: [40, 3], scalars: deep), try Tensor(shape: [40, 1], scalars: y))
    }

    /// A two-input, two-output model compiled with Adam and trained 2 epochs of 5 steps (10 steps).
    static func wideAndDeep() throws -> Model {
        setRandomSeed(3)
        let wide = Input(shape: [2], name: "wide_input"), deep = Input(shape: [3], name: "deep_input")
        let hidden = try Dense(4, activation: .relu, name: "hidden")(deep)
        let main = try Dense(1, name: "main_output")(try Concatenate(name: "concat")([wide, hidden]))
        let aux = try Dense(1, name: "aux_output")(hidden)
        let model = try Model(inputs: [wide, deep], outputs: [main, aux], name: "wide_deep")
        try model.compile(losses: [Loss.meanSquaredError, .meanAbsoluteError], optimizer: Adam(learningRate: 0.01), lossWeights: [0.9, 0.1])
        let d = try data()
        try model.fit([d.wide, d.deep], [d.y, d.y], batchSize: 8, epochs: 2, verbose: .silent, shuffle: false)
        return model
    }

    @Test func inspectShowsSummaryTrainingConfigAndStepCount() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Self.wideAndDeep()
        let keras = folder.appendingPathComponent("m.keras").path, h5 = folder.appendingPathComponent("m.h5").path
        let weights = folder.appendingPathComponent("m.weights.h5").path
        try model.save(to: keras); try model.save(to: h5); try model.saveWeights(to: weights)
        for path in [keras, h5] {
            let text = try InspectCommand.parse([path]).report()
            for needle in ["hidden (Dense)", "concat (Concatenate)", "Total params", "losses: main_output: mean_squared_error, aux_output: mean_absolute_error",
                           "loss weights: 0.9, 0.1", "optimizer: Adam", "learning_rate: 0.009999999776482582", "beta_1: 0.9",
                           "optimizer step count (iterations): 10"] {
                #expect(text.contains(needle), "\(needle) in the report of \(path):\n\(text)")
            }
        }
        let text = try InspectCommand.parse([weights]).report()
        // 3 Dense layers: kernels and biases, 3·4+4 + 6·1+1 + 4·1+1 = 28 values; Adam: iterations,
        // learning rate, m and v per variable (2 + 12).
        for needle in ["Layer variables (6, 28 values)", "  layers/dense/vars  ('hidden')\n    layers/dense/vars/0  float32 [3, 4]\n    layers/dense/vars/1  float32 [4]\n",
                       "Optimizer state ('adam', 14 variables)", "optimizer/vars/9  float32 [1]\n    optimizer/vars/10  float32 [4, 1]",
                       "Optimizer step count (iterations): 10"] {
            #expect(text.contains(needle), "\(needle) in:\n\(text)")
        }
        // A legacy weights-only .h5 lists its datasets too.
        let legacyWeights = folder.appendingPathComponent("w.h5").path
        try model.saveWeights(to: legacyWeights)
        #expect(try InspectCommand.parse([legacyWeights]).report().contains("Keras legacy HDF5 weights"))
    }

    @Test func inspectRejectsBadFilesClearly() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("none.keras").path
        #expect(message { _ = try InspectCommand.parse([missing]).report() }.contains("no such file"))
        let garbage = try write("this is not a zip", "bad.keras", in: folder)
        #expect(message { _ = try InspectCommand.parse([garbage]).report() }.contains("bad.keras"))
        let garbageH5 = try write("not hdf5 either", "bad.weights.h5", in: folder)
        #expect(message { _ = try InspectCommand.parse([garbageH5]).report() }.contains("bad.weights.h5"))
        let text = try write("{}", "model.json", in: folder)
        #expect(message { _ = try InspectCommand.parse([text]).report() }.contains("unknown format"))
    }

    @Test func predictWritesOneFilePerOutput() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Self.wideAndDeep()
        let d = try Self.data()
        let path = folder.appendingPathComponent("wd.h5").path
        try model.save(to: path)
        let wide = folder.appendingPathComponent("wide.npy"), deep = folder.appendingPathComponent("deep.npy")
        try NPY.save(d.wide, to: wide); try NPY.save(d.deep, to: deep)
        let out = folder.appendingPathComponent("preds.npy").path
        let written = try PredictCommand.parse([path, wide.path, deep.path, "-o", out]).predict()
        #expect(written == [folder.appendingPathComponent("preds_main_output.npy").path, folder.appendingPathComponent("preds_aux_output.npy").path])
        let expected = try model.predict([d.wide, d.deep], verbose: .silent)
        for (file, tensor) in zip(written, expected) {
            let read = try NPY.load(URL(fileURLWithPath: file))
            #expect(read.shape == [40, 1] && read.scalars == tensor.scalars)
        }
        // One input and one output: the file is OUTPUT itself.
        let single = try Sequential([Dense(2, activation: .softmax, inputShape: [3])])
        let singlePath = folder.appendingPathComponent("s.keras").path
        try single.save(to: singlePath)
        let one = folder.appendingPathComponent("one.npy").path
        #expect(try PredictCommand.parse([singlePath, deep.path, "-o", one]).predict() == [one])
        #expect(try NPY.load(URL(fileURLWithPath: one)).scalars == single.predict(d.deep, verbose: .silent).scalars)
    }

    @Test func predictRejectsWrongInputsClearly() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("wd.keras").path
        try Self.wideAndDeep().save(to: path)
        let d = try Self.data()
        let wide = folder.appendingPathComponent("wide.npy"), deep = folder.appendingPathComponent("deep.npy")
        try NPY.save(d.wide, to: wide); try NPY.save(d.deep, to: deep)
        let out = folder.appendingPathComponent("p.npy").path
        let count = message { _ = try PredictCommand.parse([path, wide.path, "-o", out]).predict() }
        #expect(count.contains("2 inputs (wide_input, deep_input)") && count.contains("1 .npy file was given"), "\(count)")
        let swapped = message { _ = try PredictCommand.parse([path, deep.path, wide.path, "-o", out]).predict() }
        #expect(swapped.contains("deep.npy") && swapped.contains("wide_input") && swapped.contains("(None, 2)"), "\(swapped)")
        let bad = try write("garbage", "bad.npy", in: folder)
        #expect(message { _ = try PredictCommand.parse([path, bad, deep.path, "-o", out]).predict() }.contains("bad.npy"))
        #expect(message { _ = try PredictCommand.parse([path, wide.path, deep.path, "-o", folder.appendingPathComponent("p.csv").path]).predict() }
            .contains(".npy"))
        #expect(folderContents(folder) == ["bad.npy", "deep.npy", "wd.keras", "wide.npy"])
    }

    @Test func convertKeepsWeightsAndOptimizerStateSoTrainingResumesExactly() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try Self.wideAndDeep()
        let keras = folder.appendingPathComponent("a.keras").path
        try original.save(to: keras)
        let h5 = folder.appendingPathComponent("b.h5").path, weights = folder.appendingPathComponent("c.weights.h5").path
        let back = folder.appendingPathComponent("d.keras").path
        try ConvertCommand.parse([keras, h5]).convert()
        try ConvertCommand.parse([h5, weights]).convert()
        try ConvertCommand.parse([weights, back, "--architecture", keras]).convert()
        let converted = try loadModel(from: back)
        #expect(converted.compiled?.optimizer.iterations == 10)
        #expect(converted.getWeights().map(\.scalars) == original.getWeights().map(\.scalars))
        // One more epoch on each: identical only if the Adam moments survived every conversion.
        let d = try Self.data()
        for model in [original, converted] {
            try model.fit([d.wide, d.deep], [d.y, d.y], batchSize: 8, epochs: 1, verbose: .silent, shuffle: false)
        }
        let difference = zip(original.getWeights(), converted.getWeights())
            .flatMap { zip($0.scalars, $1.scalars).map { abs($0 - $1) } }.max() ?? .infinity
        #expect(difference <= 1e-6)
    }

    @Test func convertRejectsWhatItCannotDo() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keras = folder.appendingPathComponent("a.keras").path
        try Self.wideAndDeep().save(to: keras)
        let weights = folder.appendingPathComponent("w.weights.h5").path
        try ConvertCommand.parse([keras, weights]).convert()
        let out = folder.appendingPathComponent("o.keras").path
        #expect(message { try ConvertCommand.parse([weights, out]).convert() }.contains("--architecture"))
        #expect(message { try ConvertCommand.parse([keras, out, "--architecture", keras]).convert() }.contains("only used with a .weights.h5"))
        #expect(message { try ConvertCommand.parse([keras, folder.appendingPathComponent("o.onnx").path]).convert() }.contains("unknown format"))
        // Weights of another architecture: the mismatch is listed, nothing is written.
        let other = try Sequential([Dense(2, inputShape: [3])])
        try other.compile(loss: .meanSquaredError, optimizer: Adam())
        let otherPath = folder.appendingPathComponent("other.keras").path
        try other.save(to: otherPath)
        let mismatch = message { try ConvertCommand.parse([weights, out, "--architecture", otherPath]).convert() }
        #expect(mismatch.contains("w.weights.h5"), "\(mismatch)")
        #expect(!FileManager.default.fileExists(atPath: out))
        // A missing output folder: an error, and nothing left behind.
        let nowhere = folder.appendingPathComponent("no/such/folder/o.h5").path
        #expect(message { try ConvertCommand.parse([keras, nowhere]).convert() }.contains("does not exist"))
    }
}

/// The sorted names in `folder`.
func folderContents(_ folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
}
