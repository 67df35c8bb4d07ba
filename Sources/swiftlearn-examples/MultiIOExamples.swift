import ArgumentParser
import SwiftLearn

/// Columns `range` of a rank-2 tensor (the chapter's `X[:, :5]`, `X[:, 2:]`).
func columns(_ x: Tensor, _ range: Range<Int>) throws -> Tensor {
    let width = x.shape[1], values = x.scalars
    var out: [Float] = []
    out.reserveCapacity(x.shape[0] * range.count)
    for r in 0..<x.shape[0] { out += values[(r * width + range.lowerBound)..<(r * width + range.upperBound)] }
    return try Tensor(shape: [x.shape[0], range.count], scalars: out)
}

/// The chapter's two-input wide and deep network: features 0-4 take the wide path, 2-7 the deep
/// one; with `auxiliary`, a second output on the deep path (loss weights 0.9 / 0.1).
struct WideDeepTwoInputs {
    let model: Model
    let normalizeWide = Normalization(), normalizeDeep = Normalization()

    init(auxiliary: Bool) throws {
        let inputWide = Input(shape: [5], name: "input_wide"), inputDeep = Input(shape: [6], name: "input_deep")
        let wide = try normalizeWide(inputWide), deep = try normalizeDeep(inputDeep)
        let hidden2 = try Dense(30, activation: .relu)(try Dense(30, activation: .relu)(deep))
        let output = try Dense(1, name: "main_output")(try Concatenate()([wide, hidden2]))
        let outputs = auxiliary ? [output, try Dense(1, name: "aux_output")(hidden2)] : [output]
        model = try Model(inputs: [inputWide, inputDeep], outputs: outputs)
    }

    /// The two input arrays of `x`, the normalization layers adapted to the training part first.
    func inputs(_ x: Tensor) throws -> [Tensor] { [try columns(x, 0..<5), try columns(x, 2..<8)] }

    func adapt(_ xTrain: Tensor) throws {
        let (wide, deep) = (try columns(xTrain, 0..<5), try columns(xTrain, 2..<8))
        try normalizeWide.adapt(wide)
        try normalizeDeep.adapt(deep)
    }
}

struct MultiInputExample: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "multi-input",
                                                    abstract: "Wide and deep with two inputs (features 0-4 wide, 2-7 deep).")
    @OptionGroup var options: ExampleOptions
    @Option(help: "Number of epochs.") var epochs = 20

    func run() throws {
        try runExample {
            setRandomSeed(options.seed)
            let data = try HousingSplits(options: options, standardize: false)
            let net = try WideDeepTwoInputs(auxiliary: false)
            try net.adapt(data.xTrain)
            try net.model.compile(loss: "mse", optimizer: Adam(learningRate: 1e-3))
            try net.model.fit(try net.inputs(data.xTrain), [data.yTrain], epochs: epochs, verbose: try options.verbosity,
                              validationData: (try net.inputs(data.xValid), [data.yValid]))
            let mse = try net.model.evaluate(try net.inputs(data.xTest), [data.yTest], verbose: .silent)["loss"] ?? .nan
            printResult("multi-input", [("test_rmse", formatted(mse.squareRoot()))])
        }
    }
}

struct MultiOutputExample: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "multi-output",
                                                    abstract: "Two inputs, a main and an auxiliary output, loss weights 0.9 / 0.1.")
    @OptionGroup var options: ExampleOptions
    @Option(help: "Number of epochs.") var epochs = 20

    func run() throws {
        try runExample {
            setRandomSeed(options.seed)
            let data = try HousingSplits(options: options, standardize: false)
            let net = try WideDeepTwoInputs(auxiliary: true)
            try net.adapt(data.xTrain)
            try net.model.compile(losses: ["mse", "mse"], optimizer: Adam(learningRate: 1e-3), lossWeights: [0.9, 0.1])
            try net.model.fit(try net.inputs(data.xTrain), [data.yTrain, data.yTrain], epochs: epochs, verbose: try options.verbosity,
                              validationData: (try net.inputs(data.xValid), [data.yValid, data.yValid]))
            let logs = try net.model.evaluate(try net.inputs(data.xTest), [data.yTest, data.yTest], verbose: .silent)
            printResult("multi-output", [("test_loss", formatted(logs["loss"] ?? .nan)),
                                         ("main_rmse", formatted((logs["main_output_loss"] ?? .nan).squareRoot())),
                                         ("aux_rmse", formatted((logs["aux_output_loss"] ?? .nan).squareRoot()))])
        }
    }
}
