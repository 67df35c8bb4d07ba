import Foundation
import TensorCore

/// What ``crossValidate(_:_:_:cv:scoring:returnTrainScore:errorScore:randomState:maxConcurrency:)`` measured,
/// one entry per split in split order (scikit-learn's `cross_validate` dictionary).
public struct CrossValidationResult: Sendable {
    /// The scorer names, in the order given (`["score"]` for the model's own score).
    public var scorerNames: [String]
    /// Test scores per scorer name (`test_<name>`).
    public var testScores: [String: [Double]]
    /// Train scores per scorer name (`train_<name>`), when requested.
    public var trainScores: [String: [Double]]?
    /// Seconds spent fitting, per split.
    public var fitTimes: [Double]
    /// Seconds spent scoring, per split.
    public var scoreTimes: [Double]
    /// The train/test indices of each split.
    public var indices: [TrainTestIndices]
}

/// Fits a fresh copy of `estimator` on each training split of `cv` and scores it on the test
/// split (scikit-learn's `cross_validate`).
///
/// Splits run as parallel child tasks (at most `maxConcurrency` at once, default: the number of
/// cores). Split `i` runs under its own random state (see `withRandomSeed`) seeded with
/// `randomState + i` (`randomState` defaults to one draw from the global state), so results do
/// not depend on scheduling or on `maxConcurrency`. A shuffling `cv` draws its own seed as usual.
///
/// - Parameters:
///   - cv: the splitter; `nil` means `StratifiedKFold(nSplits: 5)` for classifiers and
///     `KFold(nSplits: 5)` otherwise, neither shuffled.
///   - scoring: scikit-learn scorer names (``Scorer/names``); empty means the model's own
///     `score` (accuracy or R²), reported under the name `"score"`.
///   - errorScore: the score recorded for a split whose fit or scoring throws; `nil` rethrows
///     the error. If every split fails, the first error is thrown either way.
public func crossValidate<E: Estimator>(
    _ estimator: E, _ x: Tensor, _ y: Tensor, cv: (any CrossValidator)? = nil, scoring: [String] = [],
    returnTrainScore: Bool = false, errorScore: Double? = .nan, randomState: UInt64? = nil, maxConcurrency: Int? = nil
) async throws -> CrossValidationResult where E.Fitted: Predictor {
    let context = "crossValidate"
    let scorers = scoring.isEmpty ? [Scorer.modelScore] : try scoring.map(Scorer.init)
    guard Set(scorers.map(\.name)).count == scorers.count else {
        throw SwiftLearnError.invalidArgument("\(context): scoring \(scoring) names a scorer twice")
    }
    _ = try InputChecks.fitInputs(x, y, context)
    let splitter: any CrossValidator = cv ?? (E.Fitted.self is any Classifier.Type ? StratifiedKFold(nSplits: 5) : KFold(nSplits: 5))
    let splits = try splitter.splits(sampleCount: x.shape[0], y: y)
    let limit = max(1, maxConcurrency ?? ProcessInfo.processInfo.activeProcessorCount)
    let baseSeed = randomState ?? GlobalRandom.nextSeed()

    var outcomes = [SplitOutcome?](repeating: nil, count: splits.count)
    try await withThrowingTaskGroup(of: (Int, SplitOutcome).self) { group in
        var next = 0
        func launch() {
            let index = next
            next += 1
            group.addTask {
                let outcome = withRandomSeed(baseSeed &+ UInt64(index)) {
                    runSplit(estimator, x, y, splits[index], scorers: scorers, returnTrainScore: returnTrainScore)
                }
                return (index, outcome)
            }
        }
        while next < min(limit, splits.count) { launch() }
        while let (index, outcome) = try await group.next() {
            outcomes[index] = outcome
            if next < splits.count { launch() }
        }
    }
    let done = outcomes.compactMap { $0 }
    let failures = done.compactMap(\.error)
    if let first = failures.first {
        if errorScore == nil { throw first }
        if failures.count == done.count {
            throw SwiftLearnError.invalidArgument("\(context): all the \(done.count) fits failed; the first error was: \(first)")
        }
    }
    let fallback = Array(repeating: errorScore ?? .nan, count: scorers.count)
    var result = CrossValidationResult(scorerNames: scorers.map(\.name), testScores: [:], trainScores: returnTrainScore ? [:] : nil,
                                       fitTimes: done.map(\.fitTime), scoreTimes: done.map(\.scoreTime), indices: splits)
    for (k, scorer) in scorers.enumerated() {
        result.testScores[scorer.name] = done.map { ($0.test ?? fallback)[k] }
        if returnTrainScore { result.trainScores?[scorer.name] = done.map { ($0.train ?? fallback)[k] } }
    }
    return result
}

/// The test scores of ``crossValidate(_:_:_:cv:scoring:returnTrainScore:errorScore:randomState:maxConcurrency:)``
/// for one scorer (scikit-learn's `cross_val_score`); `scoring: nil` uses the model's own score.
public func crossValScore<E: Estimator>(
    _ estimator: E, _ x: Tensor, _ y: Tensor, cv: (any CrossValidator)? = nil, scoring: String? = nil,
    errorScore: Double? = .nan, randomState: UInt64? = nil, maxConcurrency: Int? = nil
) async throws -> [Double] where E.Fitted: Predictor {
    let result = try await crossValidate(estimator, x, y, cv: cv, scoring: scoring.map { [$0] } ?? [], errorScore: errorScore,
                                         randomState: randomState, maxConcurrency: maxConcurrency)
    return result.testScores[result.scorerNames[0]] ?? []
}

private struct SplitOutcome: Sendable {
    var test: [Double]?
    var train: [Double]?
    var fitTime = 0.0
    var scoreTime = 0.0
    var error: SwiftLearnError?
}

private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

private func runSplit<E: Estimator>(_ estimator: E, _ x: Tensor, _ y: Tensor, _ split: TrainTestIndices,
                                    scorers: [Scorer], returnTrainScore: Bool) -> SplitOutcome where E.Fitted: Predictor {
    var outcome = SplitOutcome()
    let clock = ContinuousClock()
    do {
        let xTrain = try x.gathering(rows: split.train), yTrain = try y.gathering(rows: split.train)
        let xTest = try x.gathering(rows: split.test), yTest = try y.gathering(rows: split.test)
        var model: E.Fitted?
        outcome.fitTime = seconds(try clock.measure { model = try estimator.fit(xTrain, yTrain) })
        guard let model else { return outcome }
        outcome.scoreTime = seconds(try clock.measure {
            outcome.test = try scorers.map { try $0.score(model, xTest, yTest) }
            if returnTrainScore { outcome.train = try scorers.map { try $0.score(model, xTrain, yTrain) } }
        })
    } catch let error as SwiftLearnError {
        outcome.error = error
    } catch {
        outcome.error = .invalidState("crossValidate: \(error)")
    }
    return outcome
}
