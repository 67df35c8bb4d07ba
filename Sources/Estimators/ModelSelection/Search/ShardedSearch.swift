import Foundation
import TensorCore

/// A grid or randomized search split into trials (one candidate on one CV split) that
/// separate processes run, each writing its trials' results into a shared folder;
/// ``ShardedSearchFolder`` merges them into the `cv_results_` table the search gives in one process.
///
/// Trials are candidate × split rather than whole candidates: every trial already has its own
/// random state (from the search seed, the candidate and the split), so a trial's result does not
/// depend on which process runs it; small units balance shards even when there are fewer
/// candidates than shards, and a killed shard loses at most the trial it was running.
///
/// ```swift
/// let search = try GridSearch(Perceptron(), paramGrid: ["eta0": [0.1, 1.0]])
/// let sharded = try ShardedSearch(search, x: x, y: y)
/// try sharded.run(shard: Shard(index: 0, count: 3), in: folder)   // in each process
/// let table = try ShardedSearchFolder(folder).results()            // once all are done
/// ```
public struct ShardedSearch<E: Estimator>: ShardedSearchRunning where E.Fitted: Predictor {
    /// What ``ShardedSearchFolder`` needs to merge (written as `search.json`).
    public let manifest: SearchManifest
    private let engine: SearchEngine<E>
    private let candidates: [SearchCandidate]
    private let splits: [TrainTestIndices]
    private let x: Tensor
    private let y: Tensor

    /// A sharded grid search on samples `x` and targets `y` (checked as `fit` checks them).
    public init(_ search: GridSearch<E>, x: Tensor, y: Tensor) throws {
        let engine = try SearchEngine(search.estimator, setters: setters(search.grids), options: search.options, context: "GridSearch")
        try self.init(engine, candidates: try search.candidates(), kind: "GridSearch", x: x, y: y)
    }

    /// A sharded randomized search on samples `x` and targets `y`.
    public init(_ search: RandomizedSearch<E>, x: Tensor, y: Tensor) throws {
        let engine = try SearchEngine(search.estimator, setters: setters(search.spaces), options: search.options, context: "RandomizedSearch")
        try self.init(engine, candidates: try search.candidates(), kind: "RandomizedSearch", x: x, y: y)
    }

    private init(_ engine: SearchEngine<E>, candidates: [SearchCandidate], kind: String, x: Tensor, y: Tensor) throws {
        self.engine = engine
        self.candidates = candidates
        splits = try engine.splits(x, y)
        self.x = x
        self.y = y
        let options = engine.options
        var manifest = SearchManifest(
            fingerprint: "", candidates: candidates.map { $0.mapValues(CodedParameter.init) }, nSplits: splits.count,
            scorerNames: engine.scorers.map(\.name), refitScorer: engine.refitScorer, returnTrainScore: options.returnTrainScore,
            errorScore: options.errorScore.map(exactText), kind: kind)
        // The fingerprint covers the manifest, the seed, the base estimator, the split indices and the data.
        var h = fnv1a(try JSONEncoder.sorted.encode(manifest))
        h = fnv1a("\(options.randomState)|\(Self.stableDescription(engine.estimator))".utf8, h)
        for s in splits { h = fnv1a("\(s.train)|\(s.test)".utf8, h) }
        for t in [x, y] {
            h = fnv1a("\(t.shape)".utf8, h)
            t.withUnsafeBufferPointer { p in h = fnv1a(UnsafeRawBufferPointer(p), h) }
        }
        manifest.fingerprint = String(format: "%016llx", h)
        self.manifest = manifest
    }

    /// The base estimator as text that is the same in every process: its type and parameters in
    /// name order (dictionary-valued parameters print sorted), unlike `String(describing:)`,
    /// whose `Dictionary` order changes with each process's hash seed.
    static func stableDescription(_ estimator: E) -> String {
        guard let settable = estimator as? any HyperparameterSettable else { return "\(estimator)" }
        let params = settable.params
        return "\(E.self)(" + params.keys.sorted().map { "\($0)=\(params[$0] ?? .none)" }.joined(separator: ", ") + ")"
    }

    /// Every trial number, `0 ..< candidates × splits` (trial `t` is candidate `t / nSplits`, split `t % nSplits`).
    public var trialCount: Int { manifest.trialCount }

    /// The trials `shard` runs, in order.
    public func trials(for shard: Shard) -> [Int] {
        (0..<trialCount).filter { shard.owns(trial: $0) }
    }

    /// Runs trial `t` as the one-process search runs it (same estimator, split and random state).
    func runTrial(_ t: Int, shard: Shard) throws -> TrialRecord {
        let c = t / splits.count, s = t % splits.count
        let estimator = try engine.apply(candidates[c])
        let split = splits[s]
        let part = (try x.gathering(rows: split.train), try y.gathering(rows: split.train),
                    try x.gathering(rows: split.test), try y.gathering(rows: split.test))
        let seed = mixSeed(engine.options.randomState, 0, UInt64(c), UInt64(s))
        let scorers = engine.scorers, train = engine.options.returnTrainScore
        let outcome = withRandomSeed(seed) { Estimators.runTrial(estimator, part, scorers: scorers, train: train) }
        return TrialRecord(fingerprint: manifest.fingerprint, candidate: c, split: s, outcome: outcome, shard: shard)
    }

    /// Runs `shard`'s trials that `folder` does not hold yet, writing each one's record
    /// atomically as soon as it finishes (so a killed shard, run again, resumes where it stopped).
    ///
    /// - Parameters:
    ///   - maxTrials: stop after running this many trials (the rest stay for a later run).
    ///   - progress: receives one line per finished or skipped trial.
    /// - Throws: when `folder` holds another search's manifest, or on I/O errors.
    @discardableResult
    public func run(shard: Shard, in folder: URL, maxTrials: Int? = nil,
                    progress: ((String) -> Void)? = nil) throws -> ShardRunSummary {
        let trialsFolder = try prepare(folder)
        var summary = ShardRunSummary(shard: shard, assigned: 0, ran: 0, skipped: 0)
        let mine = trials(for: shard)
        summary.assigned = mine.count
        let clock = ContinuousClock(), start = clock.now
        for t in mine {
            let c = t / splits.count, s = t % splits.count
            let url = trialsFolder.appendingPathComponent(TrialRecord.fileName(candidate: c, split: s))
            if let data = try? Data(contentsOf: url), let old = try? JSONDecoder().decode(TrialRecord.self, from: data),
               old.fingerprint == manifest.fingerprint {
                summary.skipped += 1
                continue
            }
            if let maxTrials, summary.ran >= maxTrials { break }
            let record = try runTrial(t, shard: shard)
            try writeAtomically(try JSONEncoder.sorted.encode(record), to: url)
            summary.ran += 1
            if let progress {
                let elapsed = start.duration(to: clock.now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                let left = mine.count - summary.ran - summary.skipped
                let score = record.test?.joined(separator: " ") ?? "failed: \(record.error ?? "")"
                progress("[shard \(shard)] trial \(t) (candidate \(c), split \(s)) score=\(score) "
                    + "(\(summary.ran + summary.skipped)/\(mine.count), ETA \(String(format: "%.1f", seconds / Double(summary.ran) * Double(left)))s)")
            }
        }
        return summary
    }

    /// Creates `folder/trials` and writes `search.json`, or checks the one there is this search's.
    private func prepare(_ folder: URL) throws -> URL {
        let trials = folder.appendingPathComponent("trials")
        do { try FileManager.default.createDirectory(at: trials, withIntermediateDirectories: true) } catch {
            throw SwiftLearnError.io("cannot create \(trials.path): \(error.localizedDescription)")
        }
        let url = folder.appendingPathComponent(ShardedSearchFolder.manifestName)
        if FileManager.default.fileExists(atPath: url.path) {
            let existing = try ShardedSearchFolder.readManifest(url)
            guard existing.fingerprint == manifest.fingerprint else {
                throw SwiftLearnError.invalidState("\(url.path) describes another search (fingerprint \(existing.fingerprint), this one is \(manifest.fingerprint): different spec, seed or data); use an empty --out folder")
            }
        } else {
            try writeAtomically(try JSONEncoder.sorted.encode(manifest), to: url)
        }
        return trials
    }
}

/// What a shard did.
public struct ShardRunSummary: Sendable, Equatable {
    public var shard: Shard
    /// The trials the shard owns.
    public var assigned: Int
    /// Trials run now.
    public var ran: Int
    /// Trials already in the folder.
    public var skipped: Int
    /// Trials still to run (a run stopped by `maxTrials`).
    public var remaining: Int { assigned - ran - skipped }
}

/// A sharded search of any estimator type (so a command line can hold one).
public protocol ShardedSearchRunning: Sendable {
    var manifest: SearchManifest { get }
    var trialCount: Int { get }
    func trials(for shard: Shard) -> [Int]
    func run(shard: Shard, in folder: URL, maxTrials: Int?, progress: ((String) -> Void)?) throws -> ShardRunSummary
}

extension JSONEncoder {
    /// Sorted keys, so equal values give equal bytes.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        return e
    }
}
