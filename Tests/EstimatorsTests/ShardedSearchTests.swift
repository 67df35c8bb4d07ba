import Foundation
import Testing
import TensorCore
@testable import Estimators

/// 48 samples, 3 features; labels 1 when a - b + 0.3 c > 0 (with a few flipped, so scores differ).
private func shardData() throws -> (x: Tensor, y: Tensor) {
    var xs: [Float] = [], ys: [Float] = []
    for i in 0..<48 {
        let a = Float(i % 7) / 3 - 1, b = Float(i % 5) / 2 - 1, c = Float(i % 3) - 1
        xs += [a, b, c]
        ys.append((a - b + 0.3 * c > 0) != (i % 11 == 0) ? 1 : 0)
    }
    return (try Tensor(shape: [48, 3], scalars: xs), Tensor(ys))
}

private func tempFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("sharded-\(UUID().uuidString)")
}

/// The table's columns other than times, as (name, cell texts): the texts are shortest
/// round-trip decimals, so equal texts mean equal bits.
private func withoutTimes(_ r: SearchResults) -> [[String]] {
    r.columns.filter { !$0.name.hasSuffix("_time") }.map { [$0.name] + $0.cells.map(\.text) }
}

private func perceptronGrid() throws -> GridSearch<Perceptron> {
    let options = SearchOptions(cv: StratifiedKFold(nSplits: 3, shuffle: true, randomState: 1), scoring: ["accuracy", "f1"],
                                refit: "accuracy", returnTrainScore: true, randomState: 7)
    return GridSearch(Perceptron(maxIter: 15), paramGrid: ["eta0": [0.01, 1.0], "fit_intercept": [true, false]], options: options)
}

@Test func threeShardsMergedEqualTheOneProcessGridSearch() async throws {
    let (x, y) = try shardData()
    let search = try perceptronGrid()
    let single = try await search.fit(x, y)
    let sharded = try ShardedSearch(search, x: x, y: y)
    #expect(sharded.trialCount == 12)
    let folder = tempFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var owned: [Int] = []
    for i in 0..<3 {
        let shard = try Shard(index: i, count: 3)
        owned += sharded.trials(for: shard)
        let summary = try sharded.run(shard: shard, in: folder)
        #expect(summary.ran == 4 && summary.skipped == 0 && summary.remaining == 0)
    }
    #expect(owned.sorted() == Array(0..<12))
    let merged = try ShardedSearchFolder(folder)
    #expect(merged.missing.isEmpty)
    let table = try merged.results()
    #expect(withoutTimes(table) == withoutTimes(single.cvResults))
    #expect(merged.bestIndex(table) == single.bestIndex)
    // Times are the trials' own, one per split.
    #expect(table.fitTimes.count == 4 && table.fitTimes.allSatisfy { $0.count == 3 && $0.allSatisfy { $0 >= 0 } })
}

@Test func shardedRandomSearchOfSeededTrialsEqualsOneProcess() async throws {
    let (x, y) = try shardData()
    // SeedProbe's fit draws from the trial's random state: a shard running a trial under another
    // seed than the one-process search would give another score.
    let probe = RandomizedSearch(SeedProbe(), paramDistributions: ["scale": .uniform(0.5, 2)], nIter: 5,
                                 options: SearchOptions(cv: KFold(nSplits: 3), scoring: ["neg_mean_squared_error"], randomState: 3))
    let mlp = RandomizedSearch(MLPRegressor(hiddenLayerSizes: [3], maxIter: 8),
                               paramDistributions: ["learning_rate_init": .logUniform(1e-3, 1e-1), "alpha": .values([1e-4, 1e-2])],
                               nIter: 2, options: SearchOptions(cv: KFold(nSplits: 3, shuffle: true, randomState: 0), scoring: ["r2"], randomState: 5))
    let tables: [(SearchResults, SearchResults)] = [
        try await shardAndMerge(probe, x, y, shards: 3),
        try await shardAndMerge(mlp, x, y, shards: 3),
    ]
    for (single, merged) in tables { #expect(withoutTimes(merged) == withoutTimes(single)) }
}

private func shardAndMerge<E: Estimator>(_ search: RandomizedSearch<E>, _ x: Tensor, _ y: Tensor, shards: Int) async throws
    -> (SearchResults, SearchResults) where E.Fitted: Predictor {
    let folder = tempFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let sharded = try ShardedSearch(search, x: x, y: y)
    for i in (0..<shards).reversed() { try sharded.run(shard: Shard(index: i, count: shards), in: folder) }
    return (try await search.fit(x, y).cvResults, try ShardedSearchFolder(folder).results())
}

@Test func aKilledShardRetriedSkipsFinishedTrialsAndGivesTheSameTable() async throws {
    let (x, y) = try shardData()
    let search = try perceptronGrid()
    let single = try await search.fit(x, y)
    let sharded = try ShardedSearch(search, x: x, y: y)
    let folder = tempFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try sharded.run(shard: Shard(index: 0, count: 3), in: folder)
    try sharded.run(shard: Shard(index: 2, count: 3), in: folder)
    // Shard 1 "dies" after two of its four trials, leaving a half-written temporary file.
    let first = try sharded.run(shard: Shard(index: 1, count: 3), in: folder, maxTrials: 2)
    #expect(first.ran == 2 && first.remaining == 2)
    try Data("{\"trunc".utf8).write(to: folder.appendingPathComponent("trials/.tmp-dead-c00003-s001.json"))
    let partial = try ShardedSearchFolder(folder)
    #expect(partial.missing == [7, 10])
    let lines = partial.missingDescriptions
    #expect(lines.count == 2 && lines[0].contains("trial 7") && lines[0].contains("candidate 2") && lines[0].contains("split 1")
        && lines[0].contains("shard 1/3") && lines[0].contains("'eta0': 1.0"))
    let message = errorMessage { _ = try partial.results() }
    #expect(message.contains("2 of 12 trials missing") && message.contains("trial 10"))
    let before = try Data(contentsOf: folder.appendingPathComponent("trials/" + TrialRecord.fileName(candidate: 0, split: 1)))
    let retry = try sharded.run(shard: Shard(index: 1, count: 3), in: folder)
    #expect(retry.skipped == 2 && retry.ran == 2)
    let after = try Data(contentsOf: folder.appendingPathComponent("trials/" + TrialRecord.fileName(candidate: 0, split: 1)))
    #expect(before == after)
    #expect(withoutTimes(try ShardedSearchFolder(folder).results()) == withoutTimes(single.cvResults))
}

@Test func badShardsAndForeignFoldersAreRefused() async throws {
    for (text, needle) in [("3/2", "0...1"), ("2/2", "0...1"), ("0/0", "at least 1"), ("-1/3", "0...2"), ("1-3", "I/N"), ("a/3", "I/N")] {
        let m = errorMessage { _ = try Shard(parsing: text) }
        #expect(m.contains(text) && m.contains(needle), "\(text): \(m)")
    }
    let (x, y) = try shardData()
    let folder = tempFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(errorMessage { _ = try ShardedSearchFolder(folder) }.contains("no search.json"))
    let search = try perceptronGrid()
    try ShardedSearch(search, x: x, y: y).run(shard: Shard(index: 0, count: 4), in: folder)
    var other = search
    other.options.randomState = 8
    let m = errorMessage { try ShardedSearch(other, x: x, y: y).run(shard: Shard(index: 1, count: 4), in: folder) }
    #expect(m.contains("another search") && m.contains("search.json"))
    // Changed data is another search too.
    var ys = y.scalars
    ys[0] = 1 - ys[0]
    let m2 = errorMessage { try ShardedSearch(search, x: x, y: Tensor(ys)).run(shard: Shard(index: 1, count: 4), in: folder) }
    #expect(m2.contains("another search"))
    // A record from another search in the folder is named.
    let foreign = tempFolder()
    defer { try? FileManager.default.removeItem(at: foreign) }
    try ShardedSearch(other, x: x, y: y).run(shard: Shard(index: 1, count: 4), in: foreign)
    let name = TrialRecord.fileName(candidate: 0, split: 1)
    try FileManager.default.copyItem(at: foreign.appendingPathComponent("trials/" + name), to: folder.appendingPathComponent("trials/" + name))
    let m3 = errorMessage { _ = try ShardedSearchFolder(folder) }
    #expect(m3.contains(name) && m3.contains("another search"))
}

@Test func trialRecordsKeepExactScoresAndParameterKinds() throws {
    let values: [ParameterValue] = [.int(1), .double(1), .double(0.1), .bool(true), .string("adam"), .ints([30, 10]),
                                   .doubles([-0.5, 2.5, 0.1 + 0.2]), .doubles([]),
                                   .dictionary([0: 2.0, 1: .int(1), "a": .doubles([0, 1]), "b": .dictionary([7: "x"])]), .none]
    for v in values {
        let back = try JSONDecoder().decode(CodedParameter.self, from: JSONEncoder().encode(CodedParameter(v)))
        #expect(back.value == v)
    }
    let outcome = TrialOutcome(test: [0.1 + 0.2, .nan, -Double.leastNonzeroMagnitude * 3], train: nil, fitTime: 0.5, scoreTime: 0.25, error: nil)
    let record = TrialRecord(fingerprint: "f", candidate: 1, split: 2, outcome: outcome, shard: try Shard(index: 0, count: 1))
    let decoded = try JSONDecoder().decode(TrialRecord.self, from: JSONEncoder().encode(record)).outcome("test")
    let bits = decoded.test?.map(\.bitPattern)
    #expect(bits?[0] == (0.1 + 0.2).bitPattern && decoded.test?[1].isNaN == true && bits?[2] == (-Double.leastNonzeroMagnitude * 3).bitPattern)
}

private func errorMessage(_ body: () throws -> Void) -> String {
    do { try body() } catch let e as SwiftLearnError { return e.message } catch { return "other: \(error)" }
    return ""
}

@Test func shardedPipelineSearchOverDictionariesAndFloatTuplesEqualsOneProcess() async throws {
    // make_pipeline(MinMaxScaler(), Perceptron()): prefixed names, a float-tuple axis and a
    // dictionary axis travel through the manifest and the trial records.
    let (x, y) = try shardData()
    let options = SearchOptions(cv: StratifiedKFold(nSplits: 3), scoring: ["accuracy"], randomState: 3)
    let search = GridSearch(Pipeline.make(MinMaxScaler(), Perceptron(maxIter: 10)), paramGrid: [
        "minmaxscaler__feature_range": [.ints([0, 1]), .doubles([-0.5, 2.5])],
        "perceptron__class_weight": [.none, [0: 2.0, 1: 0.5]],
    ], options: options)
    let single = try await search.fit(x, y)
    let folder = tempFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let sharded = try ShardedSearch(search, x: x, y: y)
    for i in 0..<3 { _ = try sharded.run(shard: Shard(index: i, count: 3), in: folder) }
    let table = try ShardedSearchFolder(folder).results()
    #expect(withoutTimes(table) == withoutTimes(single.cvResults))
    #expect(table.params.contains { $0["minmaxscaler__feature_range"] == .doubles([-0.5, 2.5]) && $0["perceptron__class_weight"] == [0: 2.0, 1: 0.5] })
    // The fingerprint does not depend on a dictionary's in-memory order (a per-process hash seed).
    #expect(ShardedSearch<Perceptron>.stableDescription(Perceptron(classWeight: .weights([0: 2, 1: 0.5, 2: 1, 3: 4])))
            .contains("class_weight={0: 2.0, 1: 0.5, 2: 1.0, 3: 4.0}"))
}
