import ArgumentParser
import Foundation
import SwiftLearn

/// `swiftlearn search`: a grid or randomized search from a JSON spec, run as shards by separate
/// processes (cluster array jobs) and merged afterwards.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Run a hyperparameter search described in JSON, in shards on several machines, and merge the results.",
        subcommands: [SearchRunCommand.self, SearchMergeCommand.self],
        defaultSubcommand: SearchRunCommand.self
    )
}

/// `swiftlearn search SPEC.json --shard I/N --out DIR`.
struct SearchRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run shard I of N of the search in SPEC (the default subcommand).",
        discussion: """
        Each trial (one candidate on one CV split) is written to DIR/trials as its own file, \
        atomically; a shard run again skips the trials already there. Trial t belongs to shard \
        t mod N. Shards are numbered from 0. Without --shard the shard comes from \
        SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN) of SLURM_ARRAY_TASK_COUNT, or from \
        JOB_COMPLETION_INDEX with --shard-count N (Kubernetes Indexed Jobs); otherwise the whole \
        search runs (0/1). See docs/sharded-search.md.

        Examples:
          swiftlearn search spec.json --shard 0/3 --out runs/search
          swiftlearn search spec.json --out runs/search          # in a Slurm array task
          swiftlearn search spec.json --shard-count 8 --out /shared/search   # Kubernetes
          swiftlearn search merge runs/search -o results.csv
        """
    )

    @Argument(help: "The search spec (JSON).")
    var spec: String

    @Option(help: "Shard I/N to run (I in 0..<N).")
    var shard: String?

    @Option(help: "N when the index comes from JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs).")
    var shardCount: Int?

    @Option(help: "The folder shared by every shard.")
    var out: String

    @Option(help: "Stop after running this many trials (the rest run when the shard runs again).")
    var maxTrials: Int?

    @Option(help: "0 silent, 1 one line per trial.")
    var verbose: Int = 1

    mutating func run() throws {
        let summary = try runShard(environment: ProcessInfo.processInfo.environment)
        Console.write("shard \(summary.shard): \(summary.ran) trials run, \(summary.skipped) already done, \(summary.remaining) left\n")
    }

    /// Resolves the shard, builds the search and runs the shard's missing trials.
    func runShard(environment: [String: String]) throws -> ShardRunSummary {
        if let maxTrials, maxTrials < 1 { throw SwiftLearnError.invalidArgument("--max-trials \(maxTrials): must be at least 1") }
        guard verbose == 0 || verbose == 1 else { throw SwiftLearnError.invalidArgument("--verbose \(verbose): expected 0 or 1") }
        let shard = try resolveShard(shard, shardCount: shardCount, environment: environment)
        let job = try SearchJob(spec: SearchSpec(contentsOf: spec))
        let log: ((String) -> Void)? = verbose == 1 ? { Console.write($0 + "\n") } : nil
        return try job.sharded.run(shard: shard, in: URL(fileURLWithPath: out), maxTrials: maxTrials, progress: log)
    }
}

/// `swiftlearn search merge DIR [-o results.csv|json]`.
struct SearchMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the trials in DIR into the search's cv_results_ table; fails listing missing trials.",
        discussion: """
        The table equals the one the search gives in one process (fit and score times aside). \
        Without -o it is printed as CSV. The best candidate is reported on standard error.
        """
    )

    @Argument(help: "The --out folder of `swiftlearn search`.")
    var folder: String

    @Option(name: [.short, .long], help: "Write the table to this .csv or .json file.")
    var output: String?

    mutating func run() throws {
        let (table, best) = try merge()
        if let output {
            try table.write(to: URL(fileURLWithPath: output))
            Console.write("results written to \(output)\n")
        } else {
            Console.write(table.csv)
        }
        FileHandle.standardError.write(Data((best + "\n").utf8))
    }

    /// The merged table and a `best_score=... best_params=...` line.
    func merge() throws -> (SearchResults, String) {
        let merged = try ShardedSearchFolder(URL(fileURLWithPath: folder))
        let table = try merged.results()
        let best = merged.bestIndex(table)
        let score = table.meanTestScore(merged.manifest.refitScorer)[best]
        return (table, "best_score=\(score) best_params=\(SearchResults.Cell.params(table.params[best]).text) (\(merged.manifest.refitScorer), row \(best))")
    }
}

/// The shard from `--shard`, else from Slurm or Kubernetes variables, else 0/1.
func resolveShard(_ option: String?, shardCount: Int?, environment env: [String: String]) throws -> Shard {
    func number(_ name: String) throws -> Int? {
        guard let text = env[name] else { return nil }
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw SwiftLearnError.invalidArgument("environment variable \(name)='\(text)' is not a whole number")
        }
        return n
    }
    if let option {
        if shardCount != nil { throw SwiftLearnError.invalidArgument("--shard \(option) and --shard-count: give one (--shard-count goes with JOB_COMPLETION_INDEX)") }
        return try Shard(parsing: option)
    }
    if let count = shardCount {
        guard let index = try number("JOB_COMPLETION_INDEX") else {
            throw SwiftLearnError.invalidArgument("--shard-count \(count) needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job); use --shard I/N otherwise")
        }
        return try Shard(index: index, count: count)
    }
    if let id = try number("SLURM_ARRAY_TASK_ID") {
        guard let count = try number("SLURM_ARRAY_TASK_COUNT") else {
            throw SwiftLearnError.invalidArgument("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; use --shard I/N")
        }
        return try Shard(index: id - (try number("SLURM_ARRAY_TASK_MIN") ?? 0), count: count)
    }
    if try number("JOB_COMPLETION_INDEX") != nil {
        throw SwiftLearnError.invalidArgument("JOB_COMPLETION_INDEX is set: give the number of shards with --shard-count N (the Job's completions)")
    }
    return try Shard(index: 0, count: 1)
}

/// A spec turned into a runnable search over its data.
struct SearchJob: Sendable {
    let sharded: any ShardedSearchRunning
    /// The same search run in one process (`GridSearch.fit`/`RandomizedSearch.fit`, no refit).
    let oneProcess: @Sendable () async throws -> SearchResults

    init(spec: SearchSpec) throws {
        let data: TrainingData
        do { data = try TrainingDataLoader.load(spec.data, targets: spec.targets, targetColumn: spec.target) } catch let e as SwiftLearnError {
            throw prefixed(e, "\(spec.source): key 'data'/'target': ")
        }
        do {
            switch (spec.estimator, spec.scale) {
            case ("perceptron", false): self = try Self.make(Perceptron(), spec, data.x, data.y)
            case ("perceptron", true): self = try Self.make(Self.scaled(Perceptron()), spec, data.x, data.y)
            case ("mlp-regressor", false): self = try Self.make(MLPRegressor(), spec, data.x, data.y)
            case ("mlp-regressor", true): self = try Self.make(Self.scaled(MLPRegressor()), spec, data.x, data.y)
            case (_, false): self = try Self.make(MLPClassifier(), spec, data.x, data.y)
            case (_, true): self = try Self.make(Self.scaled(MLPClassifier()), spec, data.x, data.y)
            }
        } catch let e as SwiftLearnError {
            throw prefixed(e, "\(spec.source): ")
        }
    }

    /// The spec's `"scale": true`: `make_pipeline(StandardScaler(), estimator)`, so each fit
    /// standardizes with its own training fold's statistics and the estimator's parameters are
    /// named `<lowercased type name>__<param>` (`mlpclassifier__alpha`), as scikit-learn names them.
    static func scaled<E: Estimator & HyperparameterSettable>(_ estimator: E) -> Pipeline {
        Pipeline(("standardscaler", Estimators.StandardScaler()), (E.typeName.lowercased(), estimator))
    }

    private init(sharded: any ShardedSearchRunning, oneProcess: @escaping @Sendable () async throws -> SearchResults) {
        self.sharded = sharded
        self.oneProcess = oneProcess
    }

    private static func make<E: Estimator & HyperparameterSettable>(_ base: E, _ spec: SearchSpec, _ x: Tensor, _ y: Tensor) throws -> SearchJob
    where E.Fitted: Predictor {
        let estimator: E
        do { estimator = try base.setting(spec.params) } catch let e as SwiftLearnError { throw prefixed(e, "key 'params': ") }
        let options = SearchOptions(cv: spec.cv, scoring: spec.scoring, refit: spec.refit, refitBestEstimator: false,
                                    returnTrainScore: spec.returnTrainScore, randomState: spec.seed, errorScore: spec.errorScore)
        if spec.kind == "grid" {
            let search = GridSearch(estimator, paramGrids: spec.paramGrids, options: options)
            return SearchJob(sharded: try ShardedSearch(search, x: x, y: y)) { try await search.fit(x, y).cvResults }
        }
        let search = RandomizedSearch(estimator, paramDistributions: spec.paramDistributions, nIter: spec.nIter, options: options)
        return SearchJob(sharded: try ShardedSearch(search, x: x, y: y)) { try await search.fit(x, y).cvResults }
    }
}

/// `error` with `prefix` before its message, same kind.
func prefixed(_ error: SwiftLearnError, _ prefix: String) -> SwiftLearnError {
    error.withMessage(prefix + error.message)
}
