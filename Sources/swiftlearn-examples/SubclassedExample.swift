import ArgumentParser
import SwiftLearn

/// The chapter's wide and deep model again, as a `Model` subclass whose `call` wires the layers.
final class WideAndDeepModel: Model {
    let normalization = Normalization()
    let hidden1: Dense, hidden2: Dense, output = Dense(1)

    init(units: Int = 30, activation: Activation = .relu, name: String? = nil) {
        hidden1 = Dense(units, activation: activation)
        hidden2 = Dense(units, activation: activation)
        super.init(name: name)
    }

    override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let normalized = try normalization(input)
        let deep = try hidden2(try hidden1(normalized))
        return try output(try Tensor.concatenate([normalized, deep], axis: -1))
    }
}

struct SubclassedExample: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "subclassed",
                                                    abstract: "The wide and deep model as a Model subclass (subclassing API).")
    @OptionGroup var options: ExampleOptions
    @Option(help: "Number of epochs.") var epochs = 20

    func run() throws {
        try runExample {
            setRandomSeed(options.seed)
            let data = try HousingSplits(options: options, standardize: false)
            let model = WideAndDeepModel(units: 30, activation: .relu, name: "my_cool_model")
            try model.normalization.adapt(data.xTrain)
            try trainHousingRegressor(model, data: data, epochs: epochs, options: options, example: "subclassed")
        }
    }
}
