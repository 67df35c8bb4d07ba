import ArgumentParser
import SwiftLearn

/// The chapter's randomized search over the KerasRegressor's `build_model` arguments (set by
/// key path), 3-fold, as the chapter: 10 candidates, up to 100 epochs, each fit stopped early
/// (patience 10) on the validation split.
struct RandomSearchExample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "random-search",
        abstract: "RandomizedSearch over KerasRegressor (n_hidden 0-3, n_neurons 1-99, learning rate log-uniform 3e-4..3e-2).")
    @OptionGroup var options: ExampleOptions
    @OptionGroup var search: SearchExampleOptions
    @Option(help: "Candidates drawn.") var nIter = 10
    @Option(help: "Epochs per fit (at most; early stopping may end sooner).") var epochs = 100
    @Option(help: "EarlyStopping patience (epochs).") var patience = 10
    @Option(help: "Batch size.") var batchSize = 32

    func run() async throws {
        try await runAsyncExample {
            let (data, x, y, regressor) = try chapterSearchSetup(options: options, search: search, epochs: epochs,
                                                                 batchSize: batchSize, patience: patience)
            let randomSearch = RandomizedSearch(regressor, axes: chapterSearchSpace, nIter: nIter, options: search.searchOptions(options))
            let result = try await randomSearch.fit(x, y)
            try reportSearch("random-search", result, xTest: data.xTest, yTest: data.yTest, options: search)
        }
    }
}

/// The chapter's "zoom in", automated: successive halving over the same space with epochs as
/// the resource; after each round, new candidates are drawn around the survivors
/// (``HalvingRefine``) and the spread shrinks. By default 27 candidates get 3 epochs, the best
/// third (plus 2 refined ones) 9 epochs, and so on up to 81 epochs.
struct HalvingSearchExample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halving-search",
        abstract: "HalvingRandomSearch (epochs as the resource, refining around survivors) over the random-search space.")
    @OptionGroup var options: ExampleOptions
    @OptionGroup var search: SearchExampleOptions
    @Option(help: "Candidates in the first round.") var nCandidates = 27
    @Option(help: "Epochs in the first round.") var minEpochs = 3
    @Option(help: "Epochs in the last round.") var maxEpochs = 81
    @Option(help: "Resource multiplier and candidate divisor per round.") var factor = 3.0
    @Option(help: "New candidates drawn around the survivors after each round.") var refine = 2
    @Option(help: "EarlyStopping patience (epochs).") var patience = 10
    @Option(help: "Batch size.") var batchSize = 32

    func run() async throws {
        try await runAsyncExample {
            let (data, x, y, regressor) = try chapterSearchSetup(options: options, search: search, epochs: minEpochs,
                                                                 batchSize: batchSize, patience: patience)
            let halving = HalvingRandomSearch(
                regressor, spaces: [chapterSearchSpace], nCandidates: nCandidates,
                resource: .keyPath(\.fitOptions.epochs, name: "epochs"), factor: factor,
                minResources: .count(minEpochs), maxResources: maxEpochs,
                refine: refine > 0 ? HalvingRefine(newCandidates: refine) : nil,
                options: search.searchOptions(options))
            let result = try await halving.fit(x, y)
            print("rounds: candidates \(result.nCandidatesPerIteration), epochs \(result.nResourcesPerIteration)")
            try reportSearch("halving-search", result, xTest: data.xTest, yTest: data.yTest, options: search)
        }
    }
}
