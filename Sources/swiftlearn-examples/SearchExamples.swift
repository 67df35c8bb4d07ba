import ArgumentParser
import Foundation
import SwiftLearn

/// The chapter's `build_model(n_hidden, n_neurons, learning_rate, input_shape)` arguments as a
/// Swift struct; a search sets its fields through key paths (`\.parameters.nHidden`).
struct ChapterModelParameters: Sendable {
    var nHidden = 1
    var nNeurons = 30
    var learningRate = 3e-3
}

/// The chapter's `build_model`: `nHidden` ReLU layers of `nNeurons` units and one linear
/// output, compiled with MSE and SGD at `learningRate`.
let buildChapterModel: KerasModelBuilder<ChapterModelParameters> = { p, info in
    let model = try Sequential([InputLayer(shape: info.inputShape)])
    for _ in 0..<p.nHidden { try model.add(Dense(p.nNeurons, activation: .relu)) }
    try model.add(Dense(1))
    try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: Float(p.learningRate)))
    return model
}

/// The chapter's search space: 0-3 hidden layers of 1-99 neurons, learning rate log-uniform
/// in [3e-4, 3e-2] (`randint(0, 4)`, `np.arange(1, 100)`, `reciprocal(3e-4, 3e-2)`).
let chapterSearchSpace: [SearchAxis<KerasRegressor<ChapterModelParameters>>] = [
    SearchAxis(\.parameters.nHidden, name: "n_hidden", domain: .integer(0, 4)),
    SearchAxis(\.parameters.nNeurons, name: "n_neurons", domain: .integer(1, 100)),
    SearchAxis(\.parameters.learningRate, name: "learning_rate", domain: .logUniform(3e-4, 3e-2)),
]

/// Options of the searches.
struct SearchExampleOptions: ParsableArguments {
    @Option(help: "Cross-validation folds.") var folds = 3
    @Option(help: "Trials trained at once.") var jobs = 2
    @Option(help: "Use only the first N training rows (0: all of them).") var maxSamples = 0
    @Option(help: "Also write the whole cv_results_ table to this .csv or .json file.") var results: String?

    /// Refuses a results path that ``SearchResults/write(to:)`` could not write, before the search runs.
    func validate() throws {
        if let results, !["csv", "json"].contains(URL(fileURLWithPath: results).pathExtension.lowercased()) {
            throw ValidationError("--results \(results): the file must end in .csv or .json")
        }
    }

    /// The search options every example uses: `folds`-fold ``KFold``, `jobs` trials at once, and
    /// the example's seed and verbosity.
    func searchOptions(_ options: ExampleOptions) -> SearchOptions {
        SearchOptions(cv: KFold(nSplits: folds), nJobs: jobs, randomState: options.seed, verbose: options.verbose > 0)
    }
}

/// A KerasRegressor of the chapter's model, trained with early stopping on the validation split.
func chapterRegressor(data: HousingSplits, epochs: Int, batchSize: Int, patience: Int) -> KerasRegressor<ChapterModelParameters> {
    var regressor = KerasRegressor(ChapterModelParameters(), build: buildChapterModel)
    regressor.fitOptions.epochs = epochs
    regressor.fitOptions.batchSize = batchSize
    regressor.fitOptions.validationData = (data.xValid, data.yValid)
    regressor.fitOptions.callbacks = { [EarlyStopping(patience: patience)] }
    return regressor
}

/// What the Keras searches start from, seeded by `options`: the chapter's splits, the training
/// rows searched, and ``chapterRegressor(data:epochs:batchSize:patience:)``.
func chapterSearchSetup(options: ExampleOptions, search: SearchExampleOptions, epochs: Int, batchSize: Int, patience: Int) throws
    -> (data: HousingSplits, x: Tensor, y: Tensor, regressor: KerasRegressor<ChapterModelParameters>) {
    setRandomSeed(options.seed)
    let data = try HousingSplits(options: options)
    let (x, y) = try searchRows(data.xTrain, data.yTrain, maxSamples: search.maxSamples)
    return (data, x, y, chapterRegressor(data: data, epochs: epochs, batchSize: batchSize, patience: patience))
}

/// The rows of `x`, `y` searched: the first `maxSamples` (all when 0).
func searchRows(_ x: Tensor, _ y: Tensor, maxSamples: Int) throws -> (Tensor, Tensor) {
    guard maxSamples > 0, maxSamples < x.shape[0] else { return (x, y) }
    let rows = Array(0..<maxSamples)
    return (try x.gathering(rows: rows), try y.gathering(rows: rows))
}

/// Prints the best `count` rows of a `cv_results_` table, best first.
func printTopRows(_ results: SearchResults, count: Int = 5) {
    let mean = results.meanTestScore(), std = results.stdTestScore(), rank = results.rankTestScore()
    let order = results.params.indices.sorted { (rank[$0], $0) < (rank[$1], $1) }
    let halving = results.iterations != nil
    print("rank  mean_test_score  std_test_score" + (halving ? "  iter  n_resources" : "") + "  params")
    for row in order.prefix(count) {
        var line = String(format: "%4d  %15.4f  %14.4f", rank[row], mean[row], std[row])
        if let iter = results.iterations?[row], let resource = results.nResources?[row] {
            line += String(format: "  %4d  %11d", iter, resource)
        }
        print(line + "  " + SearchResults.Cell.params(results.params[row]).text)
    }
}

/// A parameter value as a RESULT field: numbers short, lists joined by commas, no spaces.
func resultText(_ value: ParameterValue) -> String {
    switch value {
    case .double(let v): return String(format: "%.4g", v)
    case .ints(let v): return v.map(String.init).joined(separator: ",")
    case .doubles(let v): return v.map { String(format: "%.4g", $0) }.joined(separator: ",")
    case .string(let v): return v
    case .dictionary: return value.description.replacingOccurrences(of: " ", with: "")
    case .int, .bool, .none: return value.description
    }
}

/// Prints a search's summary and its RESULT line: best score, best parameters, and the test R²
/// of the best candidate refitted on all the searched rows.
func reportSearch<E: Estimator>(_ example: String, _ result: SearchResult<E>, xTest: Tensor, yTest: Tensor,
                                options: SearchExampleOptions) throws where E.Fitted: Predictor {
    if let path = options.results { try result.cvResults.write(to: URL(fileURLWithPath: path)) }
    printTopRows(result.cvResults)
    print("best score \(formatted(Float(result.bestScore))) with \(SearchResults.Cell.params(result.bestParams).text)")
    var fields = [("best_score", formatted(Float(result.bestScore)))]
    fields += result.bestParams.keys.sorted().map { ($0, resultText(result.bestParams[$0] ?? .none)) }
    if let best = result.bestEstimator {
        let r2 = try r2Score(yTest, best.predict(xTest))
        print("best estimator refitted: test R² \(formatted(Float(r2)))")
        fields.append(("test_r2", formatted(Float(r2))))
    }
    printResult(example, fields)
}

/// Grid search, by scikit-learn parameter names, over a Pipeline of StandardScaler and
/// MLPRegressor (`mlp__hidden_layer_sizes`, `mlp__learning_rate_init`), scored by R².
struct GridSearchExample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid-search",
        abstract: "GridSearch (3-fold) over Pipeline(StandardScaler, MLPRegressor) on California housing.")
    @OptionGroup var options: ExampleOptions
    @OptionGroup var search: SearchExampleOptions
    @Option(help: "MLPRegressor maxIter (epochs).") var maxIter = 20

    func run() async throws {
        try await runAsyncExample {
            setRandomSeed(options.seed)
            let housing = try CaliforniaHousing.load(directory: options.dataDirectory)
            let split = try Estimators.trainTestSplit(housing.features, housing.target, testSize: 0.25, randomState: options.seed)
            let (x, y) = try searchRows(split.xTrain, split.yTrain, maxSamples: search.maxSamples)
            let pipeline = Pipeline(("scaler", StandardScaler()), ("mlp", MLPRegressor(hiddenLayerSizes: [30], maxIter: maxIter)))
            let grid: [String: [ParameterValue]] = [
                "mlp__hidden_layer_sizes": [.ints([30]), .ints([30, 30])],
                "mlp__learning_rate_init": [.double(1e-3), .double(3e-3)],
            ]
            let gridSearch = GridSearch(pipeline, paramGrid: grid, options: search.searchOptions(options))
            let result = try await gridSearch.fit(x, y)
            try reportSearch("grid-search", result, xTest: split.xTest, yTest: split.yTest, options: search)
        }
    }
}
