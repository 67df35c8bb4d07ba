import ArgumentParser
import SwiftLearn

/// The XOR problem: the four corners of the unit square, labelled 1 when exactly one input is 1.
enum XORData {
    /// `[4, 2]`: (0,0), (0,1), (1,0), (1,1).
    static func inputs() throws -> Tensor { try Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]) }
    /// `[4]`: 0, 1, 1, 0.
    static let targets = Tensor([0, 1, 1, 0])

    /// The fraction of rows whose probability, thresholded at 0.5, equals the 0/1 target.
    static func accuracy(probabilities: Tensor, targets: Tensor) -> Double {
        let p = probabilities.scalars, y = targets.scalars
        let hits = zip(p, y).filter { ($0 > 0.5 ? 1 : 0) == $1 }.count
        return y.isEmpty ? 0 : Double(hits) / Double(y.count)
    }

    /// The chapter's 2-2-1 multilayer perceptron for XOR: two tanh hidden units and a sigmoid
    /// output, trained by backpropagation (binary cross-entropy, Adam with learning rate 0.1,
    /// the 4 samples as one batch). Weights are drawn from SwiftLearn's global random state.
    static func trainMLP(epochs: Int) throws -> (model: Sequential, accuracy: Double) {
        let model = try Sequential([Dense(2, activation: .tanh, inputShape: [2]), Dense(1, activation: .sigmoid)])
        try model.compile(loss: "binary_crossentropy", optimizer: Adam(learningRate: 0.1))
        let x = try inputs()
        try model.fit(x, targets, batchSize: 4, epochs: epochs, verbose: .silent)
        return (model, accuracy(probabilities: try model.predict(x, verbose: .silent), targets: targets))
    }
}

/// XOR is not linearly separable: the Perceptron cannot learn it (at most 3 of the 4 points
/// right), while a 2-2-1 MLP trained by backpropagation can.
struct XORExample: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "xor",
                                                    abstract: "The Perceptron cannot learn XOR; a 2-2-1 MLP trained by backpropagation can.")
    @OptionGroup var options: ExampleOptions
    @Option(help: "Training epochs of the MLP (full batch).") var epochs = 300

    func run() throws {
        try runExample {
            setRandomSeed(options.seed)
            let x = try XORData.inputs(), y = XORData.targets
            let perceptron = try Perceptron(randomState: options.seed).fit(x, y)
            let perceptronAccuracy = try perceptron.score(x, y)
            let (mlp, mlpAccuracy) = try XORData.trainMLP(epochs: epochs)
            if options.verbose > 0 {
                let linear = try perceptron.predict(x).scalars
                let probabilities = try mlp.predict(x, verbose: .silent).scalars
                print("A B | XOR | Perceptron | MLP P(1)")
                for i in 0..<4 {
                    let row = x.scalars[(2 * i)..<(2 * i + 2)].map { String(Int($0)) }.joined(separator: " ")
                    print("\(row) |  \(Int(y.scalars[i]))  |     \(Int(linear[i]))      | \(formatted(probabilities[i]))")
                }
            }
            printResult("xor", [("perceptron_accuracy", formatted(Float(perceptronAccuracy))),
                                ("mlp_accuracy", formatted(Float(mlpAccuracy)))])
        }
    }
}
