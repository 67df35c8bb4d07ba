import ArgumentParser
import SwiftLearn

/// Transfer learning as the chapter ends: model A learns 8 Fashion-MNIST classes (all but sandal
/// and shirt); model B, a binary shirt-or-sandal classifier with only a few labelled images,
/// reuses A's lower layers — frozen first while its new output layer learns, then unfrozen with a
/// lower learning rate — and is compared with the same network trained from scratch.
struct TransferExample: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transfer",
                                                    abstract: "Reuse a Fashion-MNIST model's lower layers for a small binary task.")
    @OptionGroup var options: ExampleOptions
    @Option(help: "Epochs for model A.") var epochsA = 10
    @Option(help: "Labelled images for task B.") var samplesB = 200

    /// Rows whose label passes `keep`, with labels mapped by `label`.
    static func subset(_ x: Tensor, _ y: Tensor, keep: (Int) -> Bool, label: (Int) -> Float, limit: Int = .max) throws -> (Tensor, Tensor) {
        let labels = try [Int](labels: y)
        let rows = Array(labels.indices.filter { keep(labels[$0]) }.prefix(limit))
        return (try x.gathering(rows: rows), Tensor(rows.map { label(labels[$0]) }))
    }

    func lowerLayers() -> [Layer] {
        [Flatten(inputShape: [28, 28]), Dense(100, activation: .relu), Dense(100, activation: .relu), Dense(100, activation: .relu)]
    }

    func run() throws {
        try runExample {
            setRandomSeed(options.seed)
            let fashion = try FashionMNIST.load(directory: options.dataDirectory)
            let xTrain = fashion.trainImages / 255, xTest = fashion.testImages / 255
            let (sandal, shirt) = (5, 6)
            // Task A: 8 classes, labels above shirt shifted down by two (as the chapter).
            let isA = { (c: Int) in c != sandal && c != shirt }
            let labelA = { (c: Int) in Float(c > shirt ? c - 2 : c) }
            let (xA, yA) = try Self.subset(xTrain, fashion.trainLabels, keep: isA, label: labelA)
            // Task B: shirt (1) or sandal (0), a few labelled images only.
            let isB = { (c: Int) in c == sandal || c == shirt }
            let labelB = { (c: Int) in Float(c == shirt ? 1 : 0) }
            let (xB, yB) = try Self.subset(xTrain, fashion.trainLabels, keep: isB, label: labelB, limit: samplesB)
            let (xBTest, yBTest) = try Self.subset(xTest, fashion.testLabels, keep: isB, label: labelB)

            let modelA = try Sequential(lowerLayers() + [Dense(8, activation: .softmax)])
            try modelA.compile(loss: "sparse_categorical_crossentropy", optimizer: SGD(learningRate: 0.01), metrics: ["accuracy"])
            try modelA.fit(xA, yA, epochs: epochsA, verbose: try options.verbosity)

            // B on A: a copy of A without its output layer, plus a new sigmoid output.
            let copyA = try cloneModel(modelA, copyWeights: true)
            let modelBOnA = try Sequential(Array(copyA.layers.dropLast()) + [Dense(1, activation: .sigmoid)])
            for layer in modelBOnA.layers.dropLast() { layer.isTrainable = false }
            try modelBOnA.compile(loss: "binary_crossentropy", optimizer: SGD(learningRate: 0.001), metrics: ["accuracy"])
            try modelBOnA.fit(xB, yB, epochs: 4, verbose: .silent, validationData: (xBTest, yBTest))
            for layer in modelBOnA.layers { layer.isTrainable = true }
            try modelBOnA.compile(loss: "binary_crossentropy", optimizer: SGD(learningRate: 0.001), metrics: ["accuracy"])
            try modelBOnA.fit(xB, yB, epochs: 16, verbose: .silent, validationData: (xBTest, yBTest))
            let transferred = try modelBOnA.evaluate(xBTest, yBTest, verbose: .silent)["accuracy"] ?? .nan

            // The same network and training budget on task B alone.
            let scratch = try Sequential(lowerLayers() + [Dense(1, activation: .sigmoid)])
            try scratch.compile(loss: "binary_crossentropy", optimizer: SGD(learningRate: 0.001), metrics: ["accuracy"])
            try scratch.fit(xB, yB, epochs: 20, verbose: .silent)
            let fromScratch = try scratch.evaluate(xBTest, yBTest, verbose: .silent)["accuracy"] ?? .nan
            printResult("transfer", [("fine_tuned_accuracy", formatted(transferred)), ("scratch_accuracy", formatted(fromScratch))])
        }
    }
}
