import ArgumentParser
import Foundation
import SwiftLearn

/// Options every example takes.
struct ExampleOptions: ParsableArguments {
    @Option(help: "Folder holding the data set files (otherwise the standard places are searched).")
    var dataDirectory: String?

    @Option(help: "Random seed for weights, splits and shuffling.")
    var seed: UInt64 = 42

    @Option(help: "0 silent, 1 progress bar, 2 one line per epoch.")
    var verbose: Int = 2

    var verbosity: Verbosity { get throws { try Verbosity(level: verbose) } }
}

/// California housing as the chapter splits it (`train_test_split` twice, `random_state` seed
/// and seed + 1): 25% test, then 25% of the rest for validation; features standardized on the
/// training part (`StandardScaler`).
struct HousingSplits {
    let xTrain: Tensor, yTrain: Tensor, xValid: Tensor, yValid: Tensor, xTest: Tensor, yTest: Tensor

    init(options: ExampleOptions, standardize: Bool = true) throws {
        let housing = try CaliforniaHousing.load(directory: options.dataDirectory)
        let full = try Estimators.trainTestSplit(housing.features, housing.target, testSize: 0.25, randomState: options.seed)
        let split = try Estimators.trainTestSplit(full.xTrain, full.yTrain, testSize: 0.25, randomState: options.seed &+ 1)
        if standardize {
            let (scaler, standardized) = try Estimators.StandardScaler().fitTransform(split.xTrain)
            xTrain = standardized
            xValid = try scaler.transform(split.xTest)
            xTest = try scaler.transform(full.xTest)
        } else {
            xTrain = split.xTrain; xValid = split.xTest; xTest = full.xTest
        }
        yTrain = split.yTrain; yValid = split.yTest; yTest = full.yTest
    }
}

/// Runs `body`, turning a SwiftLearnError into a clean command-line error.
func runExample(_ body: () throws -> Void) throws {
    do { try body() } catch let error as SwiftLearnError { throw ValidationError(error.description) }
}

/// Runs the async `body` of an `AsyncParsableCommand`, turning a SwiftLearnError into a clean
/// command-line error.
func runAsyncExample(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let error as SwiftLearnError { throw ValidationError(error.description) }
}

/// Prints the example's one RESULT line: `RESULT example=<name> key=value ...`.
func printResult(_ example: String, _ fields: [(String, String)]) {
    print("RESULT example=\(example) " + fields.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
}

/// A metric value as RESULT lines print it.
func formatted(_ value: Float) -> String { String(format: "%.4f", value) }

/// The chapter's regression recipe for the wide and deep models: MSE, Adam 1e-3, validation on
/// the validation split, then the test RMSE as the RESULT line.
func trainHousingRegressor(_ model: Model, data: HousingSplits, epochs: Int, options: ExampleOptions, example: String) throws {
    try model.compile(loss: "mse", optimizer: Adam(learningRate: 1e-3))
    try model.fit(data.xTrain, data.yTrain, epochs: epochs, verbose: try options.verbosity,
                  validationData: (data.xValid, data.yValid))
    let mse = try model.evaluate(data.xTest, data.yTest, verbose: .silent)["loss"] ?? .nan
    printResult(example, [("test_rmse", formatted(mse.squareRoot()))])
}
