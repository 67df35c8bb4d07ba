import Foundation
import SwiftLearn
@testable import SwiftLearnCLI
import Testing

/// 48 rows: features a, b, c and a 0/1 label (a few flipped, so candidates score differently).
private func labelCSV() -> String {
    var lines = ["a,b,c,label"]
    for i in 0..<48 {
        let a = Double(i % 7) / 3 - 1, b = Double(i % 5) / 2 - 1, c = Double(i % 3) - 1
        lines.append("\(a),\(b),\(c),\((a - b + 0.3 * c > 0) != (i % 11 == 0) ? 1 : 0)")
    }
    return lines.joined(separator: "\n") + "\n"
}

private let mlpSpec = """
{"estimator": "mlp-classifier", "params": {"hidden_layer_sizes": [4], "max_iter": 6, "solver": "sgd"},
 "search": "random", "n_iter": 3,
 "param_distributions": {"learning_rate_init": {"loguniform": [0.001, 0.5]}, "alpha": [0.0001, 1.0], "momentum": {"uniform": [0.5, 0.95]}},
 "cv": {"kind": "stratified-kfold", "n_splits": 3, "shuffle": true, "random_state": 0},
 "scoring": ["accuracy", "neg_log_loss"], "refit": "accuracy", "return_train_score": true,
 "data": "labels.csv", "target": "label", "seed": 11}
"""

private func noTimes(_ r: SearchResults) -> [[String]] {
    r.columns.filter { !$0.name.hasSuffix("_time") }.map { [$0.name] + $0.cells.map(\.text) }
}

private func runShard(_ args: [String], environment: [String: String] = [:]) throws -> ShardRunSummary {
    try SearchRunCommand.parse(args + ["--verbose", "0"]).runShard(environment: environment)
}

@Test func threeShardsFromTheCommandLineMergeToTheOneProcessTable() async throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try write(labelCSV(), "labels.csv", in: folder)
    let spec = try write(mlpSpec, "spec.json", in: folder)
    let out = folder.appendingPathComponent("out").path
    // One shard from each source: the option, a Slurm array task (ids 1...3), a Kubernetes index.
    let a = try runShard([spec, "--shard", "0/3", "--out", out])
    let b = try runShard([spec, "--out", out], environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3"])
    let c = try runShard([spec, "--shard-count", "3", "--out", out], environment: ["JOB_COMPLETION_INDEX": "2"])
    #expect([a.shard.index, b.shard.index, c.shard.index] == [0, 1, 2] && a.ran + b.ran + c.ran == 9)
    let (merged, best) = try SearchMergeCommand.parse([out]).merge()
    let single = try await SearchJob(spec: SearchSpec(contentsOf: spec)).oneProcess()
    #expect(noTimes(merged) == noTimes(single))
    #expect(merged.params.count == 3 && merged.splitTrainScores != nil && best.contains("best_score="))
    // JSON spelling is kept: 1.0 is a float in `params`, as Python reads it.
    #expect(merged.params.contains { $0["alpha"] == .double(1) } && merged.params.allSatisfy { if case .double? = $0["alpha"] { true } else { false } })
    var command = try SearchMergeCommand.parse([out, "-o", folder.appendingPathComponent("results.json").path])
    try command.run()
    let json = try String(contentsOf: folder.appendingPathComponent("results.json"), encoding: .utf8)
    #expect(json == merged.json)
}

@Test func anIncompleteFolderFailsToMergeListingTheMissingTrials() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try write(labelCSV(), "labels.csv", in: folder)
    let spec = try write(mlpSpec, "spec.json", in: folder)
    let out = folder.appendingPathComponent("out").path
    _ = try runShard([spec, "--shard", "1/3", "--out", out])
    _ = try runShard([spec, "--shard", "2/3", "--out", out, "--max-trials", "1"])
    let m = message { _ = try SearchMergeCommand.parse([out]).merge() }
    // Shard 0 owns trials 0, 3, 6; shard 2 ran trial 2 and still owns 5 and 8.
    #expect(m.contains("5 of 9 trials missing"), "\(m)")
    for t in [0, 3, 6, 5, 8] { #expect(m.contains("trial \(t): candidate \(t / 3)")) }
    #expect(m.contains("(shard 0/3)") && m.contains("(shard 2/3)") && !m.contains("trial 1:") && !m.contains("trial 2:"))
}

/// The built `swiftlearn` next to the test bundle (`swift build --build-tests` builds it).
private let swiftlearnBinary: URL? = {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL,
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug"),
    ].map { $0.appendingPathComponent("swiftlearn") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

@Test(.enabled(if: swiftlearnBinary != nil, "the swiftlearn executable is not built"))
func aShardKilledMidRunThenRetriedGivesTheOneProcessTable() async throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try write(labelCSV(), "labels.csv", in: folder)
    // Longer trials, so the kill lands mid-run.
    let slow = mlpSpec.replacingOccurrences(of: "\"max_iter\": 6", with: "\"max_iter\": 150, \"tol\": 0")
        .replacingOccurrences(of: "\"n_iter\": 3", with: "\"n_iter\": 6")
    let spec = try write(slow, "spec.json", in: folder)
    let out = folder.appendingPathComponent("out")
    let trials = out.appendingPathComponent("trials")
    func records() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: trials.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }
    let child = Process()
    child.executableURL = swiftlearnBinary
    child.arguments = ["search", spec, "--shard", "0/1", "--out", out.path, "--verbose", "0"]
    child.standardOutput = FileHandle.nullDevice
    try child.run()
    let deadline = Date().addingTimeInterval(60)
    while records().count < 2 && child.isRunning && Date() < deadline { usleep(2_000) }
    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    let survivors = records()
    #expect(child.terminationReason == .uncaughtSignal, "the shard finished before it could be killed")
    #expect(survivors.count >= 2 && survivors.count < 18, "\(survivors.count) records")
    let kept = try survivors.map { try Data(contentsOf: trials.appendingPathComponent($0)) }
    let retry = try runShard([spec, "--out", out.path])
    #expect(retry.skipped == survivors.count && retry.ran == 18 - survivors.count)
    #expect(try survivors.map { try Data(contentsOf: trials.appendingPathComponent($0)) } == kept)
    let (merged, _) = try SearchMergeCommand.parse([out.path]).merge()
    #expect(noTimes(merged) == noTimes(try await SearchJob(spec: SearchSpec(contentsOf: spec)).oneProcess()))
}

@Test func badSpecsAndShardsAreErrorsNamingWhatIsWrong() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try write(labelCSV(), "labels.csv", in: folder)
    let base = """
    {"estimator": "perceptron", "params": {"max_iter": 5}, "param_grid": {"eta0": [0.1, 1.0]},
     "cv": {"kind": "kfold", "n_splits": 3}, "data": "labels.csv", "target": "label"}
    """
    func failure(_ replace: String, _ with: String, _ args: [String] = [], env: [String: String] = [:]) throws -> String {
        let text = base.replacingOccurrences(of: replace, with: with)
        #expect(text != base || replace.isEmpty, "\(replace) not in the base spec")
        let spec = try write(text, "spec-\(UUID().uuidString).json", in: folder)
        return message { _ = try runShard([spec, "--out", folder.appendingPathComponent("out").path] + args, environment: env) }
    }
    let cases: [(String, String, [String])] = [
        ("\"perceptron\"", "\"svm\"", ["'estimator'", "'svm'", "perceptron, mlp-regressor, mlp-classifier"]),
        ("\"max_iter\"", "\"max_iters\"", ["'params'", "max_iters", "max_iter"]),
        ("\"max_iter\": 5", "\"max_iter\": \"many\"", ["'params'", "max_iter", "integer", "many"]),
        ("\"eta0\": [0.1, 1.0]", "\"eta\": [0.1]", ["'eta'", "eta0"]),
        ("[0.1, 1.0]", "[0.1, \"fast\"]", ["eta0", "fast", "a number"]),
        ("[0.1, 1.0]", "[]", ["eta0", "empty"]),
        ("\"labels.csv\"", "\"nowhere.csv\"", ["nowhere.csv", "'data'"]),
        ("\"target\": \"label\"", "\"target\": \"price\"", ["'price'", "labels.csv", "a, b, c, label"]),
        ("\"kfold\"", "\"loo\"", ["'cv'", "loo", "stratified-kfold"]),
        ("\"n_splits\": 3", "\"n_splits\": 99", ["nSplits=99", "48 samples"]),
        ("\"target\"", "\"tagret\"", ["'tagret'", "unknown key"]),
        ("{\"eta0\"", "[{\"eta0\"", ["not valid JSON"]),
        // Scaled, the estimator's parameters carry make_pipeline's step prefix.
        ("\"param_grid\"", "\"scale\": true, \"param_grid\"", ["'max_iter'", "Pipeline", "perceptron", "step__param"]),
        ("[0.1, 1.0]", "[0.1, [1, \"x\"]]", ["eta0", "not a list of numbers"]),
    ]
    for (replace, with, needles) in cases {
        let m = try failure(replace, with)
        for needle in needles { #expect(m.contains(needle), "\(with): '\(needle)' not in: \(m)") }
        #expect(m.contains("spec-") || m.contains("nowhere.csv"), "the spec file is not named: \(m)")
    }
    for (shard, needle) in [("3/2", "0...1"), ("0/0", "at least 1"), ("1", "I/N")] {
        let m = try failure("", "", ["--shard", shard])
        #expect(m.contains("shard") && m.contains(shard) && m.contains(needle), "\(m)")
    }
    #expect(try failure("", "", ["--shard-count", "3"]).contains("JOB_COMPLETION_INDEX"))
    #expect(try failure("", "", ["--shard-count", "3"], env: ["JOB_COMPLETION_INDEX": "3"]).contains("3/3"))
    #expect(try failure("", "", [], env: ["JOB_COMPLETION_INDEX": "1"]).contains("--shard-count"))
    #expect(try failure("", "", [], env: ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "3"]).contains("SLURM_ARRAY_TASK_ID='x'"))
    #expect(try failure("", "", [], env: ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3"]).contains("3/3"))
    #expect(try failure("", "", ["--max-trials", "0"]).contains("--max-trials"))
    #expect(message { _ = try SearchMergeCommand.parse([folder.appendingPathComponent("none").path]).merge() }.contains("no search.json"))
}

@Test func scaleSearchesMakePipelineOfStandardScalerAndTheEstimator() throws {
    let pipeline = SearchJob.scaled(Perceptron(maxIter: 5))
    // scikit-learn: make_pipeline(StandardScaler(), Perceptron()).get_params() names the steps so.
    #expect(pipeline.steps.map(\.name) == ["standardscaler", "perceptron"])
    #expect(pipeline.params["perceptron__eta0"] == .double(1) && pipeline.params["standardscaler__with_mean"] == .bool(true))
    #expect(SearchJob.scaled(MLPClassifier()).steps.map(\.name) == ["standardscaler", "mlpclassifier"])
    // numpy: x.mean(0) = [2, 10], x.std(0) = [1, 0] (a constant column gets scale 1), so the
    // perceptron sees z = [[-1, 0], [1, 0]] and the query [2, 12] becomes [0, 2].
    let x = try Tensor(shape: [2, 2], scalars: [1, 10, 3, 10])
    let model = try pipeline.fit(x, Tensor([0, 1]))
    let direct = try Perceptron(maxIter: 5).fit(Tensor(shape: [2, 2], scalars: [-1, 0, 1, 0]), Tensor([0, 1]))
    let query = try Tensor(shape: [2, 2], scalars: [2, 12, 0, 10])
    #expect(try model.decisionFunction(query).scalars == direct.decisionFunction(Tensor(shape: [2, 2], scalars: [0, 2, -2, 0])).scalars)
    #expect(message { _ = try model.predict(Tensor(shape: [1, 3], scalars: [1, 2, 3])) }.contains("3 features"))
}

@Test func dictionaryAndFloatTupleValuesComeFromTheSpecAndSurviveShards() async throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try write(labelCSV(), "labels.csv", in: folder)
    let spec = try write("""
    {"estimator": "perceptron", "params": {"max_iter": 8, "class_weight": {"1": 0.5, "0": 2}},
     "param_grid": [{"eta0": [0.1, 1.0]}, {"class_weight": [null, "balanced", {"0": 3.0, "1": 1.0}]}],
     "cv": {"kind": "stratified-kfold", "n_splits": 3}, "data": "labels.csv", "target": "label"}
    """, "spec.json", in: folder)
    let parsed = try SearchSpec(contentsOf: spec)
    #expect(parsed.params["class_weight"] == .dictionary([0: .int(2), 1: .double(0.5)]))
    #expect(parsed.paramGrids[1]["class_weight"] == [.none, "balanced", [0: 3.0, 1: 1.0]])
    let tuples = try write(#"{"estimator": "perceptron", "param_grid": {"r": [[-0.5, 2.5], [0, 1], [1.0, 2]], "d": [{"a": {"0": [1]}}]}, "cv": {"kind": "kfold"}, "data": "labels.csv"}"#, "tuples.json", in: folder)
    let grid = try SearchSpec(contentsOf: tuples).paramGrids[0]
    #expect(grid["r"] == [.doubles([-0.5, 2.5]), .ints([0, 1]), .doubles([1, 2])])
    #expect(grid["d"] == [["a": [0: .ints([1])]]])
    let out = folder.appendingPathComponent("out").path
    for i in 0..<3 { _ = try runShard([spec, "--shard", "\(i)/3", "--out", out]) }
    let (merged, _) = try SearchMergeCommand.parse([out]).merge()
    #expect(noTimes(merged) == noTimes(try await SearchJob(spec: parsed).oneProcess()))
    #expect(merged.params[4]["class_weight"] == [0: 3.0, 1: 1.0])
    #expect(merged.csv.contains("{0: 3.0, 1: 1.0}") && merged.json.contains(#"{"0": 3.0, "1": 1.0}"#))
}

@Test func scaledShardsMergeToTheOneProcessTable() async throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    // Column a in thousands: unscaled SGD diverges from scaled SGD.
    let csv = labelCSV().split(separator: "\n").enumerated().map { i, line -> String in
        guard i > 0 else { return String(line) }
        var f = line.split(separator: ",").map(String.init)
        f[0] = String((Double(f[0]) ?? 0) * 1000 + 5000)
        return f.joined(separator: ",")
    }.joined(separator: "\n") + "\n"
    _ = try write(csv, "labels.csv", in: folder)
    var tables: [SearchResults] = []
    let names = ["hidden_layer_sizes", "max_iter", "solver", "learning_rate_init", "alpha", "momentum"]
    for scale in [true, false] {
        var text = mlpSpec.replacingOccurrences(of: "\"seed\": 11", with: "\"seed\": 11, \"scale\": \(scale)")
        // Scaled, the search is over make_pipeline(StandardScaler(), MLPClassifier()): prefixed names.
        if scale { for n in names { text = text.replacingOccurrences(of: "\"\(n)\"", with: "\"mlpclassifier__\(n)\"") } }
        let spec = try write(text, "spec-\(scale).json", in: folder)
        let out = folder.appendingPathComponent("out-\(scale)").path
        for i in 0..<3 { _ = try runShard([spec, "--shard", "\(i)/3", "--out", out]) }
        let (merged, _) = try SearchMergeCommand.parse([out]).merge()
        #expect(noTimes(merged) == noTimes(try await SearchJob(spec: SearchSpec(contentsOf: spec)).oneProcess()))
        tables.append(merged)
    }
    let unprefixed = tables[0].params.map { p in Dictionary(uniqueKeysWithValues: p.map { (String($0.key.dropFirst("mlpclassifier__".count)), $0.value) }) }
    #expect(tables[0].params.allSatisfy { $0.keys.allSatisfy { $0.hasPrefix("mlpclassifier__") } })
    #expect(unprefixed == tables[1].params && tables[0].splitTestScores != tables[1].splitTestScores)
}
