import ArgumentParser
import Foundation
import SwiftLearn

/// `swiftlearn evaluate MODEL DATA`: the loss and metrics of a saved model on a data set.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Print the loss and metrics of a saved model (.keras or .h5) on a data set.",
        discussion: """
        MODEL is a .keras or .h5 file written by `swiftlearn train` (or a compiled Keras model \
        with one input and one output). DATA is read as by `swiftlearn train`; for fashion-mnist \
        the 10,000 test images are used, for california-housing the 20% test part held out with \
        --seed (give the seed the model was trained with). The features go in raw: the scaling \
        is the model's first layer.

        Examples:
          swiftlearn evaluate model.keras fashion-mnist
          swiftlearn evaluate houses.keras houses-test.csv --target price
          swiftlearn evaluate best.h5 x_test.npy --targets y_test.npy
          swiftlearn evaluate housing.keras california-housing --seed 7
        """
    )

    @Argument(help: "The model file (.keras or .h5) written by `swiftlearn train`.")
    var model: String

    @Argument(help: "fashion-mnist, california-housing, a .csv file or a .npy file of features.")
    var data: String

    @Option(help: "The .npy file of targets (when DATA is a .npy file).")
    var targets: String?

    @Option(help: "The CSV column to predict (default: the last column).")
    var target: String?

    @Option(help: "Folder holding the built-in data sets (otherwise the standard places are searched).")
    var dataDirectory: String?

    @Option(help: "The seed the model was trained with (california-housing's test part depends on it).")
    var seed: UInt64 = 42

    @Option(help: "Samples per batch.")
    var batchSize: Int = 32

    @Option(help: "0 silent, 1 progress bar.")
    var verbose: Int = 1

    mutating func run() throws {
        let results = try evaluate()
        Console.write(results.keys.sorted { a, b in a == "loss" || (b != "loss" && a < b) }
            .map { "\($0): \(results[$0] ?? .nan)" }.joined(separator: " - ") + "\n")
    }

    /// Loads the model and the data and returns the loss and metrics by name.
    func evaluate() throws -> [String: Float] {
        guard batchSize >= 1 else { throw SwiftLearnError.invalidArgument("--batch-size \(batchSize): must be at least 1") }
        let verbosity = try Verbosity(level: verbose)
        let spec = try LoadedMLP(path: model)
        let loaded = try TrainingDataLoader.load(data, targets: targets, targetColumn: target, directory: dataDirectory,
                                                 part: .test, seed: seed)
        if spec.task == .classification {
            let classes = try TrainingDataLoader.classCount(loaded.y, source: loaded.source)
            guard classes <= spec.outputs else {
                throw SwiftLearnError.invalidArgument("\(loaded.source): label \(classes - 1) but the model knows \(spec.outputs) classes (0...\(spec.outputs - 1))")
            }
        }
        try spec.check(loaded.x, source: loaded.source)
        return try spec.model.evaluate(loaded.x, loaded.y, batchSize: batchSize, verbose: verbosity)
    }
}

/// `swiftlearn plot HISTORY -o PICTURE`: learning curves from a saved history.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw the learning curves of a history (.csv or .json) as an SVG or PNG picture.",
        discussion: """
        The history is a file written by `history.write(to:)`, `swiftlearn train --history` or \
        Keras' CSVLogger (an `epoch` column and one column per quantity). Loss and every metric are \
        drawn, training dashed and shifted left by half an epoch, validation solid.

        Examples:
          swiftlearn plot history.csv -o curves.svg
          swiftlearn plot history.json -o curves.png --width 1200 --height 750
        """
    )

    @Argument(help: "The history file (.csv or .json).")
    var history: String

    @Option(name: [.short, .long], help: "The picture to write: .svg or .png.")
    var output: String

    @Option(help: "Width in pixels.")
    var width: Int = 800

    @Option(help: "Height in pixels.")
    var height: Int = 500

    @Option(help: "The title above the curves.")
    var title: String = "Learning curves"

    mutating func run() throws {
        try History(contentsOf: history).plot(to: output, width: width, height: height, title: title)
        Console.write("learning curves written to \(output)\n")
    }
}
