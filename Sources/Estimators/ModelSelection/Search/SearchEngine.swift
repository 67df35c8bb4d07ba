import Foundation
import TensorCore

/// Settings shared by every search (scikit-learn's `BaseSearchCV` arguments).
public struct SearchOptions: Sendable {
    /// The splitter; `nil` means `StratifiedKFold(5)` for classifiers, `KFold(5)` otherwise.
    public var cv: (any CrossValidator)?
    /// scikit-learn scorer names; empty means the model's own score, reported as `"score"`.
    public var scoring: [String]
    /// The scorer that picks the best candidate; required when `scoring` has several names.
    public var refit: String?
    /// Whether to refit the best candidate on all the data (`best_estimator_`).
    public var refitBestEstimator: Bool
    /// Whether to also score each model on its training split.
    public var returnTrainScore: Bool
    /// How many trials run at once (child tasks of one task group).
    public var nJobs: Int
    /// The search seed: candidate sampling, halving subsamples and every trial's random state
    /// (derived from this seed, the candidate and the fold) come from it.
    public var randomState: UInt64
    /// Prints (or hands to `progress`) one line per finished trial with an ETA.
    public var verbose: Bool
    /// The score recorded for a failing trial; `nil` rethrows the failure.
    public var errorScore: Double?
    /// Receives the progress lines when `verbose` (default: print to standard output).
    public var progress: (@Sendable (String) -> Void)?

    public init(cv: (any CrossValidator)? = nil, scoring: [String] = [], refit: String? = nil,
                refitBestEstimator: Bool = true, returnTrainScore: Bool = false, nJobs: Int = 1,
                randomState: UInt64 = 0, verbose: Bool = false, errorScore: Double? = .nan,
                progress: (@Sendable (String) -> Void)? = nil) {
        self.cv = cv
        self.scoring = scoring
        self.refit = refit
        self.refitBestEstimator = refitBestEstimator
        self.returnTrainScore = returnTrainScore
        self.nJobs = nJobs
        self.randomState = randomState
        self.verbose = verbose
        self.errorScore = errorScore
        self.progress = progress
    }
}

/// A finished search: the results table, the best candidate and, unless disabled, the best
/// candidate refitted on all the data.
public struct SearchResult<E: Estimator>: Sendable where E.Fitted: Predictor {
    /// `cv_results_`.
    public let cvResults: SearchResults
    /// `best_index_`: the row of the best candidate (halving: within the last iteration).
    public let bestIndex: Int
    /// `best_params_`.
    public var bestParams: SearchCandidate { cvResults.params[bestIndex] }
    /// `best_score_`: the best row's mean test score for the refit scorer.
    public let bestScore: Double
    /// The scorer that chose the best candidate.
    public let refitScorer: String
    /// The estimator with the best parameters set (unfitted).
    public let bestHyperparameters: E
    /// `best_estimator_`: ``bestHyperparameters`` fitted on all the data, when refitting.
    public let bestEstimator: E.Fitted?

    /// The refitted best estimator's predictions; throws when the search did not refit.
    public func predict(_ x: Tensor) throws -> Tensor {
        guard let bestEstimator else {
            throw SwiftLearnError.invalidState("search result has no best estimator: the search ran with refitBestEstimator false")
        }
        return try bestEstimator.predict(x)
    }
    /// `refit_time_` in seconds.
    public let refitTime: Double?
    /// `n_splits_`.
    public let nSplits: Int
    /// Halving searches: candidates and resources per iteration (`n_candidates_`, `n_resources_`).
    public let nCandidatesPerIteration: [Int]
    public let nResourcesPerIteration: [Int]
}

/// The shared machinery: checks, splits, trials in a bounded task group, the best candidate.
struct SearchEngine<E: Estimator>: Sendable where E.Fitted: Predictor {
    let estimator: E
    let setters: [String: @Sendable (E, ParameterValue) throws -> E]
    let options: SearchOptions
    let scorers: [Scorer]
    let refitScorer: String
    let context: String

    init(_ estimator: E, setters: [String: @Sendable (E, ParameterValue) throws -> E], options: SearchOptions, context: String) throws {
        self.estimator = estimator
        self.setters = setters
        self.options = options
        self.context = context
        scorers = options.scoring.isEmpty ? [Scorer.modelScore] : try options.scoring.map(Scorer.init)
        guard Set(scorers.map(\.name)).count == scorers.count else {
            throw SwiftLearnError.invalidArgument("\(context): scoring \(options.scoring) names a scorer twice")
        }
        guard options.nJobs >= 1 else {
            throw SwiftLearnError.invalidArgument("\(context): nJobs must be at least 1, received \(options.nJobs)")
        }
        if let refit = options.refit {
            guard scorers.contains(where: { $0.name == refit }) else {
                throw SwiftLearnError.invalidArgument("\(context): refit '\(refit)' is not one of the scorers \(scorers.map(\.name))")
            }
            refitScorer = refit
        } else {
            guard scorers.count == 1 else {
                throw SwiftLearnError.invalidArgument("\(context): with several scorers \(scorers.map(\.name)), refit must name the one that picks the best candidate")
            }
            refitScorer = scorers[0].name
        }
    }

    /// The estimator with `candidate`'s values set, names in sorted order.
    func apply(_ candidate: SearchCandidate, to base: E? = nil) throws -> E {
        var e = base ?? estimator
        for name in candidate.keys.sorted() {
            guard let set = setters[name], let value = candidate[name] else {
                throw SwiftLearnError.unknownName("\(context): no axis sets parameter '\(name)'")
            }
            e = try set(e, value)
        }
        return e
    }

    /// Checks the data and returns the splits (too many folds, too-small classes throw here).
    func splits(_ x: Tensor, _ y: Tensor) throws -> [TrainTestIndices] {
        let (n, _, labels) = try InputChecks.fitInputs(x, y, context)
        let isClassifier = E.Fitted.self is any Classifier.Type
        let splitter: any CrossValidator = options.cv ?? (isClassifier ? StratifiedKFold(nSplits: 5) : KFold(nSplits: 5))
        if splitter is StratifiedKFold || splitter is RepeatedStratifiedKFold {
            let k = (splitter as? RepeatedStratifiedKFold)?.nSplitsPerRepeat ?? splitter.nSplits
            var counts: [Float: Int] = [:]
            for l in labels { counts[l, default: 0] += 1 }
            if let (label, count) = counts.sorted(by: { $0.key < $1.key }).first(where: { $0.value < k }) {
                throw SwiftLearnError.invalidArgument("\(context): class \(pythonRepr(Double(label))) has only \(count) member(s), fewer than nSplits=\(k) of \(type(of: splitter)); every class needs at least nSplits members")
            }
        }
        let folds = (splitter as? RepeatedKFold)?.nSplitsPerRepeat ?? (splitter as? RepeatedStratifiedKFold)?.nSplitsPerRepeat
            ?? ((splitter is ShuffleSplit || splitter is StratifiedShuffleSplit) ? 1 : splitter.nSplits)
        guard folds <= n else {
            throw SwiftLearnError.invalidArgument("\(context): cannot have nSplits=\(folds) folds with only \(n) samples; nSplits must be at most the number of samples")
        }
        do { return try splitter.splits(sampleCount: n, y: y) } catch let error as SwiftLearnError {
            throw SwiftLearnError.invalidArgument("\(context): \(error)")
        }
    }

    /// One round over fixed candidates (``GridSearch``, ``RandomizedSearch``): the splits, every
    /// candidate on each, then the best of them all.
    func run(_ candidates: [SearchCandidate], x: Tensor, y: Tensor) async throws -> SearchResult<E> {
        let splits = try self.splits(x, y)
        let results = try await evaluate(candidates, splits: splits, x: x, y: y)
        return try finish(results, rows: Array(candidates.indices), x: x, y: y, nSplits: splits.count)
    }

    /// Evaluates every candidate on every split (candidates outer, splits inner), `nJobs` at a
    /// time; trial (c, s) of iteration `iteration` runs under a random state derived from
    /// (randomState, iteration, c, s), so results never depend on scheduling.
    func evaluate(_ candidates: [SearchCandidate], splits: [TrainTestIndices], x: Tensor, y: Tensor,
                  iteration: Int = 0) async throws -> SearchResults {
        let parts = try splits.map { s in
            (try x.gathering(rows: s.train), try y.gathering(rows: s.train), try x.gathering(rows: s.test), try y.gathering(rows: s.test))
        }
        let built = try candidates.map { try apply($0) }
        let k = splits.count, total = candidates.count * k
        let scorers = self.scorers, train = options.returnTrainScore, seed = options.randomState
        let clock = ContinuousClock(), start = clock.now
        var outcomes = [TrialOutcome?](repeating: nil, count: total)
        try await withThrowingTaskGroup(of: (Int, TrialOutcome).self) { group in
            var next = 0, finished = 0
            func launch() {
                let t = next
                next += 1
                let estimator = built[t / k], part = parts[t % k]
                let trialSeed = mixSeed(seed, UInt64(iteration), UInt64(t / k), UInt64(t % k))
                group.addTask {
                    (t, withRandomSeed(trialSeed) { runTrial(estimator, part, scorers: scorers, train: train) })
                }
            }
            while next < min(options.nJobs, total) { launch() }
            while let (t, outcome) = try await group.next() {
                outcomes[t] = outcome
                finished += 1
                if options.verbose { report(t, k: k, total: total, finished: finished, candidates: candidates, outcome, elapsed: start.duration(to: clock.now)) }
                if next < total { launch() }
            }
        }
        return try assembleResults(candidates, splitCount: k, outcomes: outcomes.compactMap { $0 }, scorerNames: scorers.map(\.name),
                                   errorScore: options.errorScore, returnTrainScore: train, context: context)
    }

    private func report(_ t: Int, k: Int, total: Int, finished: Int, candidates: [SearchCandidate],
                        _ outcome: TrialOutcome, elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let eta = seconds / Double(finished) * Double(total - finished)
        let c = candidates[t / k]
        let params = c.keys.sorted().map { "\($0)=\(c[$0]?.description ?? "None")" }.joined(separator: ", ")
        let score = outcome.test.map { $0.map { String(format: "%.3f", $0) }.joined(separator: " ") } ?? "failed"
        let line = "[CV \(t % k + 1)/\(k)] END \(params); score=\(score) fit=\(String(format: "%.3f", outcome.fitTime))s "
            + "(\(finished)/\(total) trials, elapsed \(String(format: "%.1f", seconds))s, ETA \(String(format: "%.1f", eta))s)"
        if let progress = options.progress { progress(line) } else { print(line) }
    }

    /// The best row among `rows` for the refit scorer (first of the best), refitted on all data
    /// when asked.
    func finish(_ results: SearchResults, rows: [Int], x: Tensor, y: Tensor, nSplits: Int,
                candidatesPerIteration: [Int] = [], resourcesPerIteration: [Int] = []) throws -> SearchResult<E> {
        let means = results.meanTestScore(refitScorer)
        var best = rows[0]
        for r in rows where means[r] > means[best] || (means[best].isNaN && !means[r].isNaN) { best = r }
        let hyperparameters = try apply(results.params[best])
        var fitted: E.Fitted?, refitTime: Double?
        if options.refitBestEstimator {
            let clock = ContinuousClock()
            let d = try clock.measure { fitted = try withRandomSeed(options.randomState) { try hyperparameters.fit(x, y) } }
            refitTime = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        return SearchResult(cvResults: results, bestIndex: best, bestScore: means[best], refitScorer: refitScorer,
                            bestHyperparameters: hyperparameters, bestEstimator: fitted, refitTime: refitTime, nSplits: nSplits,
                            nCandidatesPerIteration: candidatesPerIteration, nResourcesPerIteration: resourcesPerIteration)
    }
}

struct TrialOutcome: Sendable {
    var test: [Double]?
    var train: [Double]?
    var fitTime = 0.0
    var scoreTime = 0.0
    var error: SwiftLearnError?
}

func runTrial<E: Estimator>(_ estimator: E, _ part: (Tensor, Tensor, Tensor, Tensor), scorers: [Scorer], train: Bool) -> TrialOutcome
where E.Fitted: Predictor {
    var outcome = TrialOutcome()
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
    do {
        var model: E.Fitted?
        outcome.fitTime = seconds(try clock.measure { model = try estimator.fit(part.0, part.1) })
        guard let model else { return outcome }
        outcome.scoreTime = seconds(try clock.measure {
            outcome.test = try scorers.map { try $0.score(model, part.2, part.3) }
            if train { outcome.train = try scorers.map { try $0.score(model, part.0, part.1) } }
        })
    } catch let error as SwiftLearnError {
        outcome.error = error
    } catch {
        outcome.error = .invalidState("search trial: \(error)")
    }
    return outcome
}

/// A seed derived from several numbers (SplitMix64 finalizer over each), stable across runs.
func mixSeed(_ parts: UInt64...) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for p in parts {
        var z = h ^ (p &+ 0x9E37_79B9_7F4A_7C15)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        h = z ^ (z >> 31)
    }
    return h
}

/// The results table from every trial's outcome, candidate-major (`outcomes[c * splitCount + s]`):
/// failed trials score `errorScore` (or rethrow when it is `nil`; all failing always throws).
/// Shared by ``SearchEngine/evaluate`` and sharded searches merging per-trial records.
func assembleResults(_ candidates: [SearchCandidate], splitCount k: Int, outcomes done: [TrialOutcome], scorerNames: [String],
                     errorScore: Double?, returnTrainScore train: Bool, context: String) throws -> SearchResults {
    let failures = done.compactMap(\.error)
    if let first = failures.first {
        if errorScore == nil { throw first }
        if failures.count == done.count {
            throw SwiftLearnError.invalidArgument("\(context): all the \(done.count) fits failed; the first error was: \(first)")
        }
    }
    let fallback = Array(repeating: errorScore ?? .nan, count: scorerNames.count)
    func rows(_ pick: (TrialOutcome) -> [Double]) -> [[[Double]]] {
        candidates.indices.map { c in (0..<k).map { s in pick(done[c * k + s]) } }
    }
    let test = rows { $0.test ?? fallback }, trainScores = rows { $0.train ?? fallback }
    var byScorer: [String: [[Double]]] = [:], trainByScorer: [String: [[Double]]] = [:]
    for (j, scorer) in scorerNames.enumerated() {
        byScorer[scorer] = test.map { $0.map { $0[j] } }
        trainByScorer[scorer] = trainScores.map { $0.map { $0[j] } }
    }
    return SearchResults(
        scorerNames: scorerNames, params: candidates, iterations: nil, nResources: nil,
        splitTestScores: byScorer, splitTrainScores: train ? trainByScorer : nil,
        fitTimes: candidates.indices.map { c in (0..<k).map { done[c * k + $0].fitTime } },
        scoreTimes: candidates.indices.map { c in (0..<k).map { done[c * k + $0].scoreTime } })
}
