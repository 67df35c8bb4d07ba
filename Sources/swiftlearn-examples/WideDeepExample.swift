import ArgumentParser
import SwiftLearn

/// The chapter's wide and deep network, built with the functional API: the normalized inputs
/// go both through two hidden layers and straight to the output.
struct WideDeepExample: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wide-deep",
                                                    abstract: "Wide and deep regression MLP on California housing (functional API).")
    @OptionGroup var options: ExampleOptions
    @Option(help: "Number of epochs.") var epochs = 20

    func run() throws {
        try runExample {
            setRandomSeed(options.seed)
            let data = try HousingSplits(options: options, standardize: false)
            let normalization = Normalization()
            let input = Input(shape: [8])
            let normalized = try normalization(input)
            let hidden1 = try Dense(30, activation: .relu)(normalized)
            let hidden2 = try Dense(30, activation: .relu)(hidden1)
            let concat = try Concatenate()([normalized, hidden2])
            let output = try Dense(1)(concat)
            let model = try Model(inputs: [input], outputs: [output])
            try normalization.adapt(data.xTrain)
            if options.verbose > 0 { model.summary() }
            try trainHousingRegressor(model, data: data, epochs: epochs, options: options, example: "wide-deep")
        }
    }
}
