import ArgumentParser
import SwiftLearn

/// The chapter's cross-validation of a scikit-learn pipeline: 5 consecutive folds (no
/// shuffling) of StandardScaler followed by a small MLPRegressor on California housing.
struct CrossValidationExample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cross-validation",
        abstract: "5-fold KFold cross-validation of Pipeline(StandardScaler, MLPRegressor([30], adam, maxIter 20)) on California housing.")
    @OptionGroup var options: ExampleOptions
    @Option(help: "Number of folds.") var folds = 5
    @Option(help: "MLPRegressor maxIter (epochs).") var maxIter = 20
    @Option(help: "Folds trained at once.") var jobs = 2

    func run() async throws {
        try await runAsyncExample {
            let housing = try CaliforniaHousing.load(directory: options.dataDirectory)
            let pipeline = Pipeline(("scaler", StandardScaler()),
                                    ("mlp", MLPRegressor(hiddenLayerSizes: [30], solver: .adam, maxIter: maxIter)))
            if options.verbose > 0 { print(pipeline) }
            let scores = try await crossValScore(pipeline, housing.features, housing.target, cv: KFold(nSplits: folds),
                                                 scoring: "r2", randomState: options.seed, maxConcurrency: jobs)
            for (fold, r2) in scores.enumerated() { print("fold \(fold): R² = \(formatted(Float(r2)))") }
            let mean = scores.reduce(0, +) / Double(scores.count)
            let std = (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(scores.count)).squareRoot()
            print("mean R² = \(formatted(Float(mean))) (std \(formatted(Float(std))))")
            printResult("cross-validation", [("r2", formatted(Float(mean)))])
        }
    }
}
