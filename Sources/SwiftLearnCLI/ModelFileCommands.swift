import ArgumentParser
import Foundation
import HDF5
import SwiftLearn

/// `swiftlearn inspect FILE`: what a model or weights file holds.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a .keras, .h5 or .weights.h5 file holds: layers, training config, optimizer and its step count.",
        discussion: """
        For a model file (.keras, or .h5 with a model config): the summary table, the loss and \
        metrics it was compiled with, the optimizer's class, hyperparameters and step count \
        (iterations). For a weights file (.weights.h5, or a weights-only .h5): every layer's \
        variables with their shapes and element types, and the optimizer's variables.

        Examples:
          swiftlearn inspect model.keras
          swiftlearn inspect checkpoint.weights.h5
          swiftlearn inspect legacy_model.h5
        """
    )

    @Argument(help: "The file: .keras, .h5, .hdf5 or .weights.h5.")
    var file: String

    mutating func run() throws { Console.write(try report()) }

    /// The text `run` prints.
    func report() throws -> String {
        guard FileManager.default.fileExists(atPath: file) else { throw SwiftLearnError.io("\(file): no such file") }
        switch ModelFileFormat(path: file) {
        case .keras?:
            return try modelReport(kind: "Keras 3 model archive (.keras)")
        case .legacyH5?:
            let h5 = try HDF5.File(file)
            let isModel = try h5.hasAttribute("model_config")
            h5.close()
            return isModel ? try modelReport(kind: "Keras legacy HDF5 model (.h5)") : try weightsReport(kind: "Keras legacy HDF5 weights (.h5)")
        case .weightsH5?:
            return try weightsReport(kind: "Keras 3 weights file (.weights.h5)")
        case nil:
            throw SwiftLearnError.invalidArgument("\(file): unknown format; expected a .keras, .h5, .hdf5 or .weights.h5 file")
        }
    }

    private func modelReport(kind: String) throws -> String {
        let model = try loadModel(from: file)
        var text = "\(file): \(kind)\n\(model.summaryText())\n"
        guard let compiled = model.compiled else { return text + "Training config: none (saved uncompiled)\n" }
        text += "Training config:\n"
        if let losses = compiled.losses {
            let ends = (try? ModelEnds(model).outputs) ?? []
            let named = losses.enumerated().map { i, loss in (i < ends.count ? "\(ends[i]): " : "") + loss.name }
            text += "  losses: \(named.joined(separator: ", "))\n"
            if let weights = compiled.lossWeights { text += "  loss weights: \(weights.map { "\($0)" }.joined(separator: ", "))\n" }
            if let metrics = compiled.outputMetrics {
                text += "  metrics: \(metrics.map { "[" + $0.map(\.name).joined(separator: ", ") + "]" }.joined(separator: ", "))\n"
            }
        } else {
            text += "  loss: \(compiled.loss.name)\n"
            text += "  metrics: \(compiled.metrics.isEmpty ? "none" : compiled.metrics.map(\.name).joined(separator: ", "))\n"
        }
        let optimizer = compiled.optimizer
        text += "  optimizer: \(optimizer.className)\n"
        if case .object(let pairs)? = optimizer.serialized["config"] {
            for (key, value) in pairs where key != "name" { text += "    \(key): \(value.jsonText)\n" }
        }
        text += "  optimizer step count (iterations): \(optimizer.iterations)\n"
        return text
    }

    private func weightsReport(kind: String) throws -> String {
        let h5 = try HDF5.File(file)
        defer { h5.close() }
        var layerLines: [String] = [], optimizerLines: [String] = []
        var total = 0, variables = 0
        func walk(_ group: Group, _ path: String) throws {
            // Numbered members in numeric order (Keras' vars/0, vars/1, ..., vars/10).
            let names = try group.memberNames().sorted { a, b in
                if let x = Int(a), let y = Int(b) { return x < y }
                return a < b
            }
            var header: String?
            if try group.hasAttribute("name"), let name = try? group.attribute("name").readString() {
                header = "  \(path)  ('\(name)')"
            }
            for name in names {
                let child = path.isEmpty ? name : path + "/" + name
                switch try group.kind(of: name) {
                case .group?:
                    let sub = try group.openGroup(name)
                    defer { sub.close() }
                    try walk(sub, child)
                case .dataset?:
                    let d = try group.openDataset(name)
                    defer { d.close() }
                    let optimizer = child.hasPrefix("optimizer/")
                    if let line = header, !optimizer { layerLines.append(line); header = nil }
                    let line = "    \(child)  \(d.elementType) \(d.shape)"
                    if optimizer {
                        optimizerLines.append(line)
                    } else {
                        layerLines.append(line)
                        total += d.count ?? 0
                        variables += 1
                    }
                default: break
                }
            }
        }
        try walk(h5, "")
        var text = "\(file): \(kind)\nLayer variables (\(variables), \(total) values):\n"
        text += layerLines.isEmpty ? "  none\n" : layerLines.joined(separator: "\n") + "\n"
        if optimizerLines.isEmpty { return text + "Optimizer state: none\n" }
        let vars = try h5.kind(of: "optimizer") == .group ? try h5.openGroup("optimizer/vars") : nil
        defer { vars?.close() }
        let optimizerName = try vars.flatMap { try $0.hasAttribute("name") ? try $0.attribute("name").readString() : nil } ?? "?"
        text += "Optimizer state ('\(optimizerName)', \(optimizerLines.count) variables):\n" + optimizerLines.joined(separator: "\n") + "\n"
        if let vars, try vars.kind(of: "0") == .dataset {
            let step = try vars.openDataset("0")
            defer { step.close() }
            if let iterations = try step.readDoubles().first { text += "Optimizer step count (iterations): \(Int(iterations))\n" }
        }
        return text
    }
}

/// `swiftlearn convert IN OUT`: the same model or weights in another format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert between .keras, .h5 and .weights.h5, keeping the weights and the optimizer state.",
        discussion: """
        A model file (.keras or .h5) converts to another model file or to a .weights.h5. A \
        .weights.h5 holds no architecture: give the model it belongs to with --architecture (a \
        .keras or .h5 file whose compile settings are kept), and its weights and optimizer state \
        go into that model. Files are written atomically; the optimizer's step count and slots \
        survive every conversion, so training resumes exactly from the converted file.

        Examples:
          swiftlearn convert model.keras model.h5
          swiftlearn convert model.h5 model.weights.h5
          swiftlearn convert ckpt.weights.h5 new.keras --architecture m.keras
        """
    )

    @Argument(help: "The file to read: .keras, .h5 or .weights.h5.")
    var input: String

    @Argument(help: "The file to write: .keras, .h5 or .weights.h5.")
    var output: String

    @Option(help: "A .keras or .h5 model file giving the architecture (needed when the input is a .weights.h5).")
    var architecture: String?

    mutating func run() throws {
        try convert()
        Console.write("\(input) converted to \(output)\n")
    }

    func convert() throws {
        guard let target = ModelFileFormat(path: output) else {
            throw SwiftLearnError.invalidArgument("\(output): unknown format; the output must end in .keras, .h5 or .weights.h5")
        }
        let model: Model
        switch ModelFileFormat(path: input) {
        case .weightsH5?:
            guard let architecture else {
                throw SwiftLearnError.invalidArgument("\(input): a .weights.h5 file holds no architecture; give the model it belongs to with --architecture MODEL.keras")
            }
            model = try loadModel(from: architecture)
            try model.loadWeights(from: input)
        case .keras?, .legacyH5?:
            if let architecture {
                throw SwiftLearnError.invalidArgument("--architecture \(architecture): only used with a .weights.h5 input; \(input) holds its own architecture")
            }
            model = try loadModel(from: input)
        case nil:
            throw SwiftLearnError.invalidArgument("\(input): unknown format; the input must end in .keras, .h5 or .weights.h5")
        }
        switch target {
        case .weightsH5: try model.saveWeights(to: output)
        case .keras, .legacyH5: try model.save(to: output)
        }
    }
}
