import ArgumentParser
import Foundation
import SwiftLearn

extension TaskKind: ExpressibleByArgument {}

/// `swiftlearn train DATA`: a Sequential MLP trained from the command line.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a Sequential MLP on Fashion-MNIST, California housing, a CSV file or a .npy pair, then save it.",
        discussion: """
        DATA is fashion-mnist, california-housing, a CSV file with a header row (every column \
        but the target is a feature) or a .npy file of features with --targets. Features are \
        standardized (pixels divided by 255) by the model's first layer, a Normalization layer \
        adapted to the training rows, so the saved file is self-contained; classification uses \
        softmax and sparse categorical cross-entropy with accuracy, regression mean squared error \
        with MAE. Keras' progress is printed; the model is saved to --output, a .keras file \
        (Keras 3's format) or .h5 (the legacy one), which Keras' load_model reads too.

        Examples:
          swiftlearn train fashion-mnist --hidden 300,100 --epochs 30 --logdir runs/mlp
          swiftlearn train california-housing --hidden 30 --patience 10
          swiftlearn train houses.csv --target price --optimizer adam -o houses.keras
          swiftlearn train x.npy --targets y.npy --checkpoint best.keras
          swiftlearn train x.npy --targets y.npy --checkpoint 'ck{epoch:02d}.keras'
        """
    )

    @Argument(help: "fashion-mnist, california-housing, a .csv file or a .npy file of features.")
    var data: String

    @Option(help: "The .npy file of targets (when DATA is a .npy file).")
    var targets: String?

    @Option(help: "The CSV column to predict (default: the last column).")
    var target: String?

    @Option(help: "regression or classification (default: from the data set; for files, classification when every target is a whole number below 20).")
    var task: TaskKind?

    @Option(help: "Units of the hidden layers, comma-separated.")
    var hidden: String = "300,100"

    @Option(help: "Activation of the hidden layers (relu, tanh, sigmoid, selu, elu...).")
    var activation: String = "relu"

    @Option(help: "sgd, adam, adamw, nadam, rmsprop, adagrad, adadelta, adamax or ftrl.")
    var optimizer: String = "sgd"

    @Option(help: "The optimizer's learning rate.")
    var learningRate: Float = 0.01

    @Option(help: "Passes over the training data.")
    var epochs: Int = 20

    @Option(help: "Samples per gradient step.")
    var batchSize: Int = 32

    @Option(help: "Fraction of the data (the last rows) held out for validation.")
    var validationSplit: Double = 0.1

    @Option(help: "Stop after this many epochs without improvement and keep the best weights (0: no early stopping).")
    var patience: Int = 0

    @Option(help: "Save the best model so far (lowest validation loss) to this .keras or .h5 file after each epoch; Keras' templates such as {epoch:02d} and {val_loss:.2f} may be used.")
    var checkpoint: String?

    @Option(help: "Write TensorBoard event files and learning curves into this folder.")
    var logdir: String?

    @Option(name: [.short, .long], help: "Where to save the trained model: a .keras or .h5 file.")
    var output: String = "model.keras"

    @Option(help: "Also write the history to this .csv or .json file.")
    var history: String?

    @Option(help: "Folder holding the built-in data sets (otherwise the standard places are searched).")
    var dataDirectory: String?

    @Option(help: "Random seed for weights, shuffling and splits.")
    var seed: UInt64 = 42

    @Option(help: "0 silent, 1 progress bar, 2 one line per epoch.")
    var verbose: Int = 1

    mutating func run() throws {
        _ = try train()
    }

    /// Checks every option, loads the data, trains, saves; returns the model and its history.
    func train(output console: (String) -> Void = { Console.write($0) }) throws -> (model: Sequential, history: History) {
        // Everything that can be checked without the data is checked before loading it.
        let hiddenUnits = try parseHidden(hidden)
        let verbosity = try Verbosity(level: verbose)
        guard epochs >= 1 else { throw SwiftLearnError.invalidArgument("--epochs \(epochs): must be at least 1") }
        guard batchSize >= 1 else { throw SwiftLearnError.invalidArgument("--batch-size \(batchSize): must be at least 1") }
        guard (0..<1).contains(validationSplit) else { throw SwiftLearnError.invalidArgument("--validation-split \(validationSplit): must be in [0, 1)") }
        guard patience >= 0 else { throw SwiftLearnError.invalidArgument("--patience \(patience): must be 0 or more") }
        guard learningRate > 0, learningRate.isFinite else { throw SwiftLearnError.invalidArgument("--learning-rate \(learningRate): must be positive") }
        _ = try Activation(named: activation)
        let optimizer = try Optimizer.named(optimizer)
        optimizer.learningRate = learningRate
        switch ModelFileFormat(path: output) {
        case .keras?, .legacyH5?: break
        default: throw SwiftLearnError.invalidArgument("--output \(output): the model file must end in .keras (Keras 3's format) or .h5 (the legacy one)")
        }
        var outputIsFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &outputIsFolder), outputIsFolder.boolValue {
            throw SwiftLearnError.io("--output \(output): is a folder, not a file; nothing was trained")
        }
        if let history, !(history.hasSuffix(".csv") || history.hasSuffix(".json")) {
            throw SwiftLearnError.invalidArgument("--history \(history): the history file must end in .csv or .json; nothing was trained")
        }
        let monitor = validationSplit > 0 ? "val_loss" : "loss"
        let checkpointCallback = try checkpoint.map { path in
            do {
                return try ModelCheckpoint(filepath: path, monitor: monitor, saveBestOnly: true)
            } catch let error as SwiftLearnError {
                throw SwiftLearnError.invalidArgument("--checkpoint \(path): \(error.message)")
            }
        }
        if let logdir { try requireWritableFolder(logdir, option: "--logdir") }
        try requireWritableParent(of: output, option: "--output")
        if let checkpoint { try requireWritableParent(of: checkpoint, option: "--checkpoint") }
        if let history { try requireWritableParent(of: history, option: "--history") }

        setRandomSeed(seed)
        let loaded = try TrainingDataLoader.load(data, targets: targets, targetColumn: target, directory: dataDirectory,
                                                 part: .training, seed: seed)
        let kind = TrainingDataLoader.task(for: loaded, requested: task)
        let outputs = kind == .classification ? try TrainingDataLoader.classCount(loaded.y, source: loaded.source) : 1
        let samples = loaded.x.shape[0]
        let trainingRows = samples - Int(Double(samples) * validationSplit)
        guard trainingRows >= 1 else { throw SwiftLearnError.invalidArgument("--validation-split \(validationSplit) leaves no training rows of \(samples)") }
        let spec = MLPSpec(task: kind, inputShape: Array(loaded.x.shape.dropFirst()), hidden: hiddenUnits,
                           activation: activation, outputs: outputs)
        let scaling = loaded.isImage
            ? FeatureScaling.pixels(features: loaded.x.shape.last ?? 1, count: trainingRows)
            : try FeatureScaling.standardizing(loaded.x, rows: trainingRows)
        console("swiftlearn train: \(loaded.source), \(samples) samples, \(kind.rawValue)\(kind == .classification ? " (\(outputs) classes)" : "")\n")
        let model = try spec.makeModel(scaling: scaling, optimizer: optimizer)
        if verbose > 0 { model.summary() }

        var callbacks: [Callback] = []
        if patience > 0 { callbacks.append(EarlyStopping(monitor: monitor, patience: patience, restoreBestWeights: true)) }
        if let checkpointCallback { callbacks.append(checkpointCallback) }
        if let logdir { callbacks.append(TensorBoard(logDirectory: logdir)) }
        let trained = try model.fit(loaded.x, loaded.y, batchSize: batchSize, epochs: epochs, verbose: verbosity,
                                    callbacks: callbacks, validationSplit: validationSplit)

        try model.save(to: output)
        console("model saved to \(output)\n")
        if let history {
            try trained.write(to: history)
            console("history saved to \(history)\n")
        }
        if let logdir {
            for name in ["curves.svg", "curves.png"] {
                try trained.plot(to: URL(fileURLWithPath: logdir).appendingPathComponent(name).path, title: "Learning curves: \(loaded.source)")
            }
            console("TensorBoard events and learning curves (curves.svg, curves.png) are in \(logdir); view them with:\n  tensorboard --logdir \(logdir)\n")
        }
        return (model, trained)
    }
}

/// "300,100" → [300, 100]; "" or "none" → no hidden layer.
func parseHidden(_ text: String) throws -> [Int] {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty || trimmed.lowercased() == "none" { return [] }
    return try trimmed.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { i, part in
        guard let units = Int(part.trimmingCharacters(in: .whitespaces)), units >= 1 else {
            throw SwiftLearnError.invalidArgument("--hidden '\(text)': item \(i + 1) ('\(part)') must be a whole number of units ≥ 1")
        }
        return units
    }
}
