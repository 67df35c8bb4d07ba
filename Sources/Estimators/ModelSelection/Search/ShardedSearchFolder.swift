import Foundation
import TensorCore

/// The folder a sharded search writes (`search.json` and `trials/*.json`), read back to merge
/// the trials into the `cv_results_` table (``results()``) or list those still missing.
public struct ShardedSearchFolder: Sendable {
    /// The manifest's file name inside the folder.
    public static let manifestName = "search.json"

    /// The folder.
    public let folder: URL
    /// The search the folder holds.
    public let manifest: SearchManifest
    /// The finished trials by trial number (`candidate × nSplits + split`).
    public let records: [Int: TrialRecord]

    /// Reads `folder`; throws when it has no manifest, or holds a record of another search
    /// (naming the file). Temporary files of killed writers are ignored.
    public init(_ folder: URL) throws {
        self.folder = folder
        let manifestURL = folder.appendingPathComponent(Self.manifestName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw SwiftLearnError.io("\(folder.path): no \(Self.manifestName); is this the --out folder of `swiftlearn search`?")
        }
        manifest = try Self.readManifest(manifestURL)
        let trials = folder.appendingPathComponent("trials")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: trials.path)) ?? []
        var records: [Int: TrialRecord] = [:]
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let url = trials.appendingPathComponent(name)
            let record: TrialRecord
            do { record = try JSONDecoder().decode(TrialRecord.self, from: Data(contentsOf: url)) } catch {
                throw SwiftLearnError.io("\(url.path): not a trial record: \(error)")
            }
            guard record.fingerprint == manifest.fingerprint else {
                throw SwiftLearnError.invalidState("\(url.path) belongs to another search (fingerprint \(record.fingerprint), \(Self.manifestName) has \(manifest.fingerprint))")
            }
            guard record.candidate >= 0, record.candidate < manifest.candidates.count, record.split >= 0, record.split < manifest.nSplits else {
                throw SwiftLearnError.io("\(url.path): candidate \(record.candidate), split \(record.split) is outside the search (\(manifest.candidates.count) candidates × \(manifest.nSplits) splits)")
            }
            records[record.candidate * manifest.nSplits + record.split] = record
        }
        self.records = records
    }

    static func readManifest(_ url: URL) throws -> SearchManifest {
        do { return try JSONDecoder().decode(SearchManifest.self, from: Data(contentsOf: url)) } catch {
            throw SwiftLearnError.io("\(url.path): not a search manifest: \(error)")
        }
    }

    /// The trial numbers without a record, in order.
    public var missing: [Int] {
        (0..<manifest.trialCount).filter { records[$0] == nil }
    }

    /// One line per missing trial: its number, candidate and params, split and, when every
    /// record was written with one shard count, the shard that owns it.
    public var missingDescriptions: [String] {
        let counts = Set(records.values.compactMap { try? Shard(parsing: $0.shard).count })
        let candidates = manifest.searchCandidates
        return missing.map { t in
            let c = t / manifest.nSplits, s = t % manifest.nSplits
            let owner = counts.count == 1 ? counts.first.map { " (shard \(t % $0)/\($0))" } ?? "" : ""
            return "trial \(t): candidate \(c) \(SearchResults.Cell.params(candidates[c]).text), split \(s)\(owner)"
        }
    }

    /// The results table, exactly as the search run in one process gives it (times aside);
    /// throws ``SwiftLearnError/invalidState(_:)`` listing the missing trials.
    public func results() throws -> SearchResults {
        let missing = missingDescriptions
        guard missing.isEmpty else {
            throw SwiftLearnError.invalidState("\(folder.path): \(missing.count) of \(manifest.trialCount) trials missing; run their shards again:\n"
                + missing.joined(separator: "\n"))
        }
        let outcomes = try (0..<manifest.trialCount).map { t in
            try records[t].map { try $0.outcome(folder.appendingPathComponent("trials").path) } ?? TrialOutcome()
        }
        return try assembleResults(manifest.searchCandidates, splitCount: manifest.nSplits, outcomes: outcomes,
                                   scorerNames: manifest.scorerNames, errorScore: manifest.errorScoreValue,
                                   returnTrainScore: manifest.returnTrainScore, context: manifest.kind)
    }

    /// The best row of `results` for the refit scorer (the first of the best, as the one-process search).
    public func bestIndex(_ results: SearchResults) -> Int {
        let means = results.meanTestScore(manifest.refitScorer)
        var best = 0
        for r in means.indices where means[r] > means[best] || (means[best].isNaN && !means[r].isNaN) { best = r }
        return best
    }
}
