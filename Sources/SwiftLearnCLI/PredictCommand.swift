import ArgumentParser
import Foundation
import SwiftLearn

/// `swiftlearn predict MODEL INPUT.npy [INPUT2.npy ...] -o OUTPUT.npy`: a saved model's predictions.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a saved model (.keras or .h5) on inputs in .npy files and write its outputs as .npy.",
        discussion: """
        Give one .npy file per model input, in the model's input order (a wide-and-deep model \
        takes two). A model with one output writes OUTPUT; a model with several writes one file \
        per output, named after the output layer: -o preds.npy gives preds_<output>.npy (the \
        names are printed). Outputs are float32 arrays with one row per sample.

        Examples:
          swiftlearn predict model.keras x_test.npy -o predictions.npy
          swiftlearn predict wide_deep.h5 wide.npy deep.npy -o preds.npy
        """
    )

    @Argument(help: "The model file: .keras or .h5.")
    var model: String

    @Argument(help: "One .npy file per model input, in the model's input order.")
    var inputs: [String] = []

    @Option(name: [.short, .long], help: "The .npy file to write (OUTPUT_<name>.npy per output for several outputs).")
    var output: String

    @Option(help: "Samples per batch.")
    var batchSize: Int = 32

    mutating func run() throws {
        for path in try predict() { Console.write("predictions written to \(path)\n") }
    }

    /// Loads the model and the inputs, predicts and writes the outputs; returns the paths written.
    func predict() throws -> [String] {
        guard batchSize >= 1 else { throw SwiftLearnError.invalidArgument("--batch-size \(batchSize): must be at least 1") }
        guard output.lowercased().hasSuffix(".npy") else {
            throw SwiftLearnError.invalidArgument("--output \(output): predictions are written as NumPy arrays; the name must end in .npy")
        }
        try requireWritableParent(of: output, option: "--output")
        let loaded = try loadModel(from: model, compile: false)
        let names = try ModelEnds(loaded)
        guard inputs.count == names.inputs.count else {
            let listed = names.inputs.joined(separator: ", ")
            throw SwiftLearnError.invalidArgument("\(model): the model has \(names.inputs.count) input\(names.inputs.count == 1 ? "" : "s") (\(listed)), \(inputs.count) .npy file\(inputs.count == 1 ? " was" : "s were") given; give one per input, in this order")
        }
        let arrays = try inputs.map { try NPY.load(URL(fileURLWithPath: $0)) }
        let results: [Tensor]
        do {
            results = try loaded.predict(arrays, batchSize: batchSize, verbose: .silent)
        } catch let error as SwiftLearnError {
            let files = zip(names.inputs, inputs).map { "\($0.0) ← \($0.1) \(arrays[inputs.firstIndex(of: $0.1) ?? 0].shape)" }
            throw error.withMessage("\(model) on \(files.joined(separator: ", ")): \(error.message)")
        }
        let paths = results.count == 1 ? [output] : names.outputs.map { Self.path(output, suffix: $0) }
        for (tensor, path) in zip(results, paths) { try NPY.save(tensor, to: URL(fileURLWithPath: path)) }
        return paths
    }

    /// `preds.npy` + `main` → `preds_main.npy`.
    static func path(_ output: String, suffix: String) -> String {
        let base = output.dropLast(".npy".count)
        let safe = suffix.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }
        return base + "_" + String(safe) + ".npy"
    }
}

/// A model's input and output names, read from its Keras config (`input_layers`, `output_layers`
/// of a functional model; one input and one output otherwise).
struct ModelEnds {
    let inputs: [String]
    let outputs: [String]

    init(_ model: Model) throws {
        let config = try model.getConfig()
        func names(_ key: String, fallback: String) -> [String] {
            guard let ends = config.first(where: { $0.0 == key })?.1.arrayValue else { return [fallback] }
            if ends.first?.stringValue != nil { return [ends[0].stringValue ?? fallback] }   // a single [name, 0, 0]
            return ends.map { $0.arrayValue?.first?.stringValue ?? fallback }
        }
        inputs = names("input_layers", fallback: "input")
        outputs = names("output_layers", fallback: "output")
    }
}
