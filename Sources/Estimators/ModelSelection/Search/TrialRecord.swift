import Foundation
import TensorCore

/// Which part of a search one process runs: shard `index` of `count`, numbered from 0 (as
/// Kubernetes' `JOB_COMPLETION_INDEX` and a Slurm array `--array=0-(N-1)`).
///
/// Trial `t` (candidate `t / nSplits`, split `t % nSplits`) belongs to shard `t % count`, so
/// shards interleave over the candidates and get the same number of trials, give or take one.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This shard's number, `0 ..< count`.
    public let index: Int
    /// How many shards share the search.
    public let count: Int

    /// Shard `index` of `count`; throws unless `count ≥ 1` and `0 ≤ index < count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1 else {
            throw SwiftLearnError.invalidArgument("shard \(index)/\(count): the shard count must be at least 1")
        }
        guard index >= 0, index < count else {
            throw SwiftLearnError.invalidArgument("shard \(index)/\(count): the index must be in 0...\(count - 1) (shards are numbered from 0)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `"I/N"` (`"2/3"` is the third of three shards).
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw SwiftLearnError.invalidArgument("shard '\(text)': expected I/N with whole numbers, as 0/3 (shard I of N, numbered from 0)")
        }
        try self.init(index: i, count: n)
    }

    /// Whether trial number `trial` belongs to this shard.
    public func owns(trial: Int) -> Bool { trial % count == index }

    /// `"I/N"`.
    public var description: String { "\(index)/\(count)" }
}

/// A search as a sharded run writes it next to its trials (`search.json`): everything merging
/// needs, so `merge` reads no data and no spec.
public struct SearchManifest: Codable, Sendable, Equatable {
    /// Identifies the search: candidates, splits, scorers, seed, base estimator and data.
    public var fingerprint: String
    /// The candidates in evaluation order (the `params` column).
    public var candidates: [[String: CodedParameter]]
    /// The number of CV splits per candidate.
    public var nSplits: Int
    /// Scorer names (`["score"]` for the model's own score).
    public var scorerNames: [String]
    /// The scorer that picks the best candidate.
    public var refitScorer: String
    /// Whether trials also score their training split.
    public var returnTrainScore: Bool
    /// The score of a failed trial as exact text (`"nan"`; `nil`: a failed trial makes the merge fail).
    public var errorScore: String?
    /// `"GridSearch"` or `"RandomizedSearch"`, for messages.
    public var kind: String

    /// The candidates as ``SearchCandidate`` values.
    public var searchCandidates: [SearchCandidate] { candidates.map { $0.mapValues(\.value) } }
    /// ``errorScore`` as a number.
    public var errorScoreValue: Double? { errorScore.flatMap(Double.init) }
    /// Candidates × splits.
    public var trialCount: Int { candidates.count * nSplits }
}

/// A ``ParameterValue`` stored with its kind, so `1` and `1.0` stay apart through JSON:
/// `{"int": 1}`, `{"double": "1.0"}` (shortest round-trip text), `{"bool": true}`,
/// `{"string": "adam"}`, `{"ints": [30, 10]}`, `{"doubles": ["-0.5", "2.5"]}`,
/// `{"dictionary": [{"int": 0, "value": {"double": "2.0"}}, {"string": "a", "value": ...}]}`
/// (entries in key order), `{"none": null}`.
public struct CodedParameter: Codable, Sendable, Equatable {
    public var value: ParameterValue
    public init(_ value: ParameterValue) { self.value = value }

    private enum Key: String, CodingKey { case int, double, bool, string, ints, doubles, dictionary, none }

    /// One dictionary entry: its key (`int` or `string`) and value.
    private struct Entry: Codable {
        var int: Int?
        var string: String?
        var value: CodedParameter
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func number(_ text: String, _ key: Key) throws -> Double {
            guard let d = Double(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(text)' is not a number")
            }
            return d
        }
        if let v = try c.decodeIfPresent(Int.self, forKey: .int) { value = .int(v) }
        else if let v = try c.decodeIfPresent(String.self, forKey: .double) { value = .double(try number(v, .double)) }
        else if let v = try c.decodeIfPresent(Bool.self, forKey: .bool) { value = .bool(v) }
        else if let v = try c.decodeIfPresent(String.self, forKey: .string) { value = .string(v) }
        else if let v = try c.decodeIfPresent([Int].self, forKey: .ints) { value = .ints(v) }
        else if let v = try c.decodeIfPresent([String].self, forKey: .doubles) { value = .doubles(try v.map { try number($0, .doubles) }) }
        else if let entries = try c.decodeIfPresent([Entry].self, forKey: .dictionary) {
            var d: [ParameterKey: ParameterValue] = [:]
            for e in entries {
                switch (e.int, e.string) {
                case (let i?, nil): d[.int(i)] = e.value.value
                case (nil, let s?): d[.string(s)] = e.value.value
                default:
                    throw DecodingError.dataCorruptedError(forKey: .dictionary, in: c, debugDescription: "a dictionary entry needs exactly one of 'int' or 'string' as its key")
                }
            }
            value = .dictionary(d)
        }
        else if c.contains(.none) { value = .none }
        else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no parameter kind")) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch value {
        case .int(let v): try c.encode(v, forKey: .int)
        case .double(let v): try c.encode(exactText(v), forKey: .double)
        case .bool(let v): try c.encode(v, forKey: .bool)
        case .string(let v): try c.encode(v, forKey: .string)
        case .ints(let v): try c.encode(v, forKey: .ints)
        case .doubles(let v): try c.encode(v.map(exactText), forKey: .doubles)
        case .dictionary(let d):
            let entries = d.keys.sorted().map { key -> Entry in
                let value = CodedParameter(d[key] ?? .none)
                switch key {
                case .int(let i): return Entry(int: i, string: nil, value: value)
                case .string(let s): return Entry(int: nil, string: s, value: value)
                }
            }
            try c.encode(entries, forKey: .dictionary)
        case .none: try c.encodeNil(forKey: .none)
        }
    }
}

/// One finished trial as written to `trials/<candidate>-<split>.json`. Scores are stored as
/// shortest round-trip text (`"0.8333333333333334"`, `"nan"`), so merging reads back the very
/// bits the trial computed.
public struct TrialRecord: Codable, Sendable, Equatable {
    /// The search's ``SearchManifest/fingerprint``.
    public var fingerprint: String
    public var candidate: Int
    public var split: Int
    /// Per scorer, on the test split (`nil` when the trial failed).
    public var test: [String]?
    /// Per scorer, on the training split (when asked and the trial succeeded).
    public var train: [String]?
    public var fitTime: Double
    public var scoreTime: Double
    /// The failure's message.
    public var error: String?
    /// The shard that ran the trial (`"I/N"`), for messages.
    public var shard: String

    init(fingerprint: String, candidate: Int, split: Int, outcome: TrialOutcome, shard: Shard) {
        self.fingerprint = fingerprint
        self.candidate = candidate
        self.split = split
        test = outcome.test?.map(exactText)
        train = outcome.train?.map(exactText)
        fitTime = outcome.fitTime
        scoreTime = outcome.scoreTime
        error = outcome.error.map { "\($0)" }
        self.shard = shard.description
    }

    /// The record as the engine's trial outcome; throws naming `source` for unreadable scores.
    func outcome(_ source: String) throws -> TrialOutcome {
        func numbers(_ texts: [String]?) throws -> [Double]? {
            try texts?.map { t in
                guard let d = Double(t) else { throw SwiftLearnError.io("\(source): score '\(t)' is not a number") }
                return d
            }
        }
        return TrialOutcome(test: try numbers(test), train: try numbers(train), fitTime: fitTime, scoreTime: scoreTime,
                            error: error.map { SwiftLearnError.invalidState($0) })
    }

    /// The file name of trial (`candidate`, `split`) inside `trials/`.
    static func fileName(candidate: Int, split: Int) -> String {
        "c\(String(format: "%05d", candidate))-s\(String(format: "%03d", split)).json"
    }
}

/// Shortest round-trip text of a double (`Double(text)` gives the same bits back).
func exactText(_ v: Double) -> String { v.isNaN ? "nan" : v.description }

/// Writes `data` to `url` atomically: a temporary file in the same folder, then `rename(2)`, so a
/// reader (or a retried shard) sees either no file or the whole file, even if the writer is killed.
func writeAtomically(_ data: Data, to url: URL) throws {
    let temp = url.deletingLastPathComponent().appendingPathComponent(".tmp-\(UUID().uuidString)-" + url.lastPathComponent)
    do { try data.write(to: temp) } catch {
        throw SwiftLearnError.io("cannot write \(temp.path): \(error.localizedDescription)")
    }
    guard rename(temp.path, url.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temp)
        throw SwiftLearnError.io("cannot rename \(temp.path) to \(url.path): \(reason)")
    }
}

/// A stable 64-bit FNV-1a hash as 16 hex digits.
func fnv1a(_ bytes: some Sequence<UInt8>, _ start: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
    var h = start
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}
