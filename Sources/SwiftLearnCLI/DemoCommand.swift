import ArgumentParser
import Foundation
import SwiftLearn

/// `swiftlearn demo [classification|regression]`: the chapter's two MLPs, end to end.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train the chapter's Fashion-MNIST classifier (default) or California housing regressor.",
        discussion: """
        With --logdir DIR, TensorBoard event files (DIR/train, DIR/validation) and the learning \
        curves (DIR/curves.svg, DIR/curves.png) are written, and the command to view them printed.

        Examples:
          swiftlearn demo --logdir runs/demo
          swiftlearn demo regression --epochs 10 --verbose 2
        """
    )

    enum Example: String, ExpressibleByArgument, CaseIterable {
        case classification, regression
    }

    @Argument(help: "Which example: classification or regression.")
    var example: Example = .classification

    @Option(help: "Number of epochs (default: 30 for classification, 20 for regression).")
    var epochs: Int?

    @Option(help: "Folder holding the data set files (otherwise the standard places are searched).")
    var dataDirectory: String?

    @Option(help: "Random seed for weights and shuffling.")
    var seed: UInt64 = 42

    @Option(help: "0 silent, 1 progress bar, 2 one line per epoch.")
    var verbose: Int = 1

    @Option(help: "Write TensorBoard event files and learning curves (SVG and PNG) into this folder.")
    var logdir: String?

    mutating func run() throws {
        if let logdir { try requireWritableFolder(logdir, option: "--logdir") }
        setRandomSeed(seed)
        switch example {
        case .classification: try classification()
        case .regression: try regression()
        }
    }

    /// The TensorBoard callback when `--logdir` is given.
    var callbacks: [Callback] { logdir.map { [TensorBoard(logDirectory: $0)] } ?? [] }

    /// Writes the curves into the log folder and says where everything is.
    func report(_ history: History, title: String) throws {
        guard let logdir else { return }
        let folder = URL(fileURLWithPath: logdir)
        let pictures = ["curves.svg", "curves.png"].map { folder.appendingPathComponent($0).path }
        for path in pictures { try history.plot(to: path, title: title) }
        Console.write("""
            TensorBoard event files: \(folder.appendingPathComponent("train").path), \(folder.appendingPathComponent("validation").path)
            learning curves: \(pictures.joined(separator: ", "))
            view them with:  tensorboard --logdir \(logdir)

            """)
    }

    func classification() throws {
        let data = try FashionMNIST.load(directory: dataDirectory)
        // Pixels / 255; the last 5,000 training images are the validation set.
        let xTrainFull = data.trainImages / 255, xTest = data.testImages / 255
        let xTrain = try xTrainFull.rows(0..<55_000), xValid = try xTrainFull.rows(55_000..<60_000)
        let yTrain = try data.trainLabels.rows(0..<55_000), yValid = try data.trainLabels.rows(55_000..<60_000)

        let model = try Sequential([
            Flatten(inputShape: [28, 28]),
            Dense(300, activation: .relu),
            Dense(100, activation: .relu),
            Dense(10, activation: .softmax),
        ])
        model.summary()
        try model.compile(loss: "sparse_categorical_crossentropy", optimizer: SGD(learningRate: 0.01), metrics: ["accuracy"])
        let start = Date()
        let epochCount = epochs ?? 30
        let history = try model.fit(xTrain, yTrain, epochs: epochCount, verbose: try Verbosity(level: verbose),
                                    callbacks: callbacks, validationData: (xValid, yValid))
        let secondsPerEpoch = Date().timeIntervalSince(start) / Double(max(epochCount, 1))
        let test = try model.evaluate(xTest, data.testLabels, verbose: try Verbosity(level: verbose))
        let accuracy = test["accuracy"] ?? .nan
        Console.write("test loss: \(test["loss"] ?? .nan), test accuracy: \(accuracy)\n")
        let probabilities = try model.predict(try xTest.rows(0..<3), verbose: try Verbosity(level: verbose))
        let predicted = try probabilities.argmax().scalars.map { FashionMNIST.classNames[Int($0)] }
        Console.write("first 3 test images: predicted \(predicted), true \(try data.testLabels.rows(0..<3).scalars.map { FashionMNIST.classNames[Int($0)] })\n")
        Console.write(String(format: "RESULT example=demo test_accuracy=%.4f seconds_per_epoch=%.3f\n", accuracy, secondsPerEpoch))
        try report(history, title: "Fashion-MNIST MLP: learning curves")
    }

    func regression() throws {
        let housing = try CaliforniaHousing.load(directory: dataDirectory)
        // As in the book: test = 25%, validation = 25% of the rest; standardized on the training part.
        let full = try Estimators.trainTestSplit(housing.features, housing.target, testSize: 0.25, randomState: seed)
        let split = try Estimators.trainTestSplit(full.xTrain, full.yTrain, testSize: 0.25, randomState: seed &+ 1)
        let (scaler, xTrain) = try Estimators.StandardScaler().fitTransform(split.xTrain)
        let xValid = try scaler.transform(split.xTest), xTest = try scaler.transform(full.xTest)

        let model = try Sequential([
            Dense(30, activation: .relu, inputShape: [8]),
            Dense(1),
        ])
        model.summary()
        try model.compile(loss: "mean_squared_error", optimizer: SGD(learningRate: 1e-3))
        let history = try model.fit(xTrain, split.yTrain, epochs: epochs ?? 20, verbose: try Verbosity(level: verbose),
                                    callbacks: callbacks, validationData: (xValid, split.yTest))
        let mse = try model.evaluate(xTest, full.yTest, verbose: try Verbosity(level: verbose))["loss"] ?? .nan
        let firstThree = try model.predict(try xTest.rows(0..<3), verbose: try Verbosity(level: verbose)).scalars
        Console.write("test MSE: \(mse); predictions for 3 districts: \(firstThree), true: \(try full.yTest.rows(0..<3).scalars)\n")
        Console.write(String(format: "RESULT example=demo-regression test_rmse=%.4f\n", mse.squareRoot()))
        try report(history, title: "California housing MLP: learning curves")
    }
}
