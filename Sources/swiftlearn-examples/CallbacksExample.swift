import ArgumentParser
import SwiftLearn

/// A custom callback, as the chapter writes one: prints the ratio of validation to training loss.
final class PrintValTrainRatio: Callback {
    override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let val = logs["val_loss"], let train = logs["loss"], train > 0 else { return }
        print("Epoch=\(epoch), val/train=\(String(format: "%.2f", val / train))")
    }
}

struct CallbacksExample: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "callbacks",
                                                    abstract: "EarlyStopping with best-weights restore and a custom callback.")
    @OptionGroup var options: ExampleOptions
    @Option(help: "Maximum number of epochs.") var epochs = 100

    func run() throws {
        try runExample {
            setRandomSeed(options.seed)
            let data = try HousingSplits(options: options)
            let model = try Sequential([Dense(30, activation: .relu, inputShape: [8]), Dense(30, activation: .relu), Dense(1)])
            try model.compile(loss: "mse", optimizer: SGD(learningRate: 1e-3, momentum: 0.9))
            let earlyStopping = EarlyStopping(patience: 10, restoreBestWeights: true)
            let history = try model.fit(data.xTrain, data.yTrain, epochs: epochs, verbose: .silent,
                                        callbacks: [earlyStopping, PrintValTrainRatio()],
                                        validationData: (data.xValid, data.yValid))
            let mse = try model.evaluate(data.xTest, data.yTest, verbose: .silent)["loss"] ?? .nan
            printResult("callbacks", [("test_rmse", formatted(mse.squareRoot())), ("epochs_run", "\(history.epoch.count)"),
                                      ("best_epoch", "\(earlyStopping.bestEpoch + 1)")])
        }
    }
}
