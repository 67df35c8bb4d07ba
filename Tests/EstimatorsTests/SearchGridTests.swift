import Foundation
import Testing
import TensorCore
@testable import Estimators

/// `Fixtures/sklearn/search.json`, written by `Interop/make_search_fixtures.py`.
nonisolated(unsafe) let searchFixture: [String: Any] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/sklearn/search.json")
    let data = (try? Data(contentsOf: url)) ?? Data("{}".utf8)
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}()

/// A fixture value tagged with its Python type (`["f", 0.1]`, `["b", true]`, `["i", 3]`, `["s", "x"]`).
func parameterValue(_ v: Any) -> ParameterValue {
    guard let pair = v as? [Any], pair.count == 2, let tag = pair[0] as? String else { return .none }
    switch tag {
    case "b": return .bool((pair[1] as? NSNumber)?.boolValue ?? false)
    case "i": return .int((pair[1] as? NSNumber)?.intValue ?? 0)
    case "f": return .double((pair[1] as? NSNumber)?.doubleValue ?? .nan)
    default: return .string(pair[1] as? String ?? "")
    }
}

/// Doubles written as Python repr strings (exact, unlike Foundation's JSON number parsing on Linux).
func exactDoubles(_ v: Any?) -> [Double] {
    (v as? [Any] ?? []).compactMap { ($0 as? String).flatMap(Double.init) }
}

func candidate(_ v: Any) -> SearchCandidate {
    ((v as? [String: Any]) ?? [:]).mapValues(parameterValue)
}

/// The fixture's grid-search data: 60 samples, 3 features, binary labels.
func gridSearchData() throws -> (x: Tensor, y: Tensor, fixture: [String: Any]) {
    let g = searchFixture["grid_search"] as? [String: Any] ?? [:]
    return (try tensor(g["x"], shape: g["shape"]), try tensor(g["y"]), g)
}

/// A regressor whose fit draws from the global random state: its scores depend on the seed
/// each trial runs under, so they reveal scheduling-dependent seeding.
struct SeedProbe: Estimator, HyperparameterSettable {
    var scale = 1.0
    static let typeName = "SeedProbe"
    static var defaultParams: [String: ParameterValue] { SeedProbe().params }
    var params: [String: ParameterValue] { ["scale": .double(scale)] }
    mutating func setParam(_ name: String, to value: ParameterValue) throws {
        guard name == "scale" else { throw Self.unknownParameter(name) }
        scale = try value.double(for: name)
    }
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Model {
        var g = GlobalRandom.makeGenerator()
        let mean = y.scalars.reduce(0, +) / Float(y.scalarCount)
        return Model(featureCount: x.shape[1], value: mean + Float(scale) * g.nextUniform(-1, 1))
    }
    struct Model: Regressor {
        let featureCount: Int
        let value: Float
        func predict(_ x: Tensor) throws -> Tensor { Tensor(Array(repeating: value, count: x.shape[0])) }
    }
}

@Suite struct SearchGridTests {
    @Test func trialSeedsComeFromSearchSeedCandidateAndFoldNotScheduling() async throws {
        let (x, y, _) = try gridSearchData()
        func run(_ jobs: Int, seed: UInt64 = 5) async throws -> SearchResults {
            try await GridSearch(SeedProbe(), paramGrid: ["scale": [0.1, 0.5, 1.0]],
                                 options: SearchOptions(cv: KFold(nSplits: 4), scoring: ["r2"], nJobs: jobs, randomState: seed)).fit(x, y).cvResults
        }
        let one = try await run(1), two = try await run(2), three = try await run(3)
        #expect(one.splitTestScores == two.splitTestScores && two.splitTestScores == three.splitTestScores)
        #expect(try await run(1, seed: 6).splitTestScores != one.splitTestScores)
        let scores = one.splitTestScores["r2"] ?? []
        #expect(Set(scores.joined()).count == 12)
    }

    @Test func parameterGridOrderIsScikitLearns() throws {
        let f = searchFixture["parameter_grid"] as? [String: Any] ?? [:]
        let grids = (f["grid"] as? [[String: [Any]]] ?? []).map { $0.mapValues { $0.map(parameterValue) } }
        let search = GridSearch(Perceptron(), grids: grids.map { grid in
            grid.keys.map { name in SearchAxis<Perceptron>(name: name, domain: .values(grid[name] ?? [])) { e, _ in e } }
        })
        let expected = (f["candidates"] as? [Any] ?? []).map(candidate)
        #expect(expected.count == 14)
        #expect(try search.candidates() == expected)
    }

    @Test func perceptronGridSearchEqualsScikitLearnsCvResults() async throws {
        let (x, y, f) = try gridSearchData()
        let grid = (f["param_grid"] as? [String: [Any]] ?? [:]).mapValues { $0.map(parameterValue) }
        let search = GridSearch(Perceptron(maxIter: 50, shuffle: false), paramGrid: grid,
                                options: SearchOptions(returnTrainScore: true))
        let result = try await search.fit(x, y)
        let r = result.cvResults
        #expect(r.params == (f["params"] as? [Any] ?? []).map(candidate))
        let splitTest = (f["split_test"] as? [Any] ?? []).map(exactDoubles)
        #expect(r.splitTestScores["score"] == splitTest)
        #expect(r.meanTestScore() == exactDoubles(f["mean_test_score"]))
        #expect(zip(r.stdTestScore(), exactDoubles(f["std_test_score"])).allSatisfy { close($0, $1, 1e-15) })
        #expect(r.rankTestScore() == ints(f["rank_test_score"]))
        #expect(r.meanTrainScore() == exactDoubles(f["mean_train_score"]))
        #expect(result.bestIndex == f["best_index"] as? Int)
        #expect(result.bestScore == (f["best_score"] as? String).flatMap(Double.init))
        #expect(result.bestParams == candidate(f["best_params"] as Any))
        let coef = try #require(result.bestEstimator).coefficients.flatMap { $0 }
        #expect(zip(coef, doubles(f["best_coef"])).allSatisfy { close($0, $1, 1e-6) })
        #expect(r.columns.map(\.name) == f["keys"] as? [String])
    }

    @Test func parallelTrialsGiveIdenticalResults() async throws {
        let (x, y, _) = try gridSearchData()
        func run(_ jobs: Int) async throws -> SearchResults {
            let search = RandomizedSearch(Perceptron(maxIter: 30), paramDistributions: [
                "eta0": .logUniform(1e-3, 1), "random_state": .integer(0, 100), "fit_intercept": .values([true, false]),
            ], nIter: 6, options: SearchOptions(scoring: ["accuracy", "f1"], refit: "f1", nJobs: jobs, randomState: 7))
            return try await search.fit(x, y).cvResults
        }
        let one = try await run(1), two = try await run(2)
        #expect(one.params == two.params)
        #expect(one.splitTestScores == two.splitTestScores)
        #expect(Set(one.params.map { $0["random_state"] }).count > 1)
        #expect(one.columns.map(\.name).contains("rank_test_f1"))
        // refit "f1": the best candidate is the first with the highest mean f1, not accuracy.
        let f1 = one.meanTestScore("f1")
        let result = try await RandomizedSearch(Perceptron(maxIter: 30), paramDistributions: [
            "eta0": .logUniform(1e-3, 1), "random_state": .integer(0, 100), "fit_intercept": .values([true, false]),
        ], nIter: 6, options: SearchOptions(scoring: ["accuracy", "f1"], refit: "f1", randomState: 7)).fit(x, y)
        #expect(result.bestIndex == f1.firstIndex(of: f1.max() ?? 0))
        #expect(result.refitScorer == "f1" && result.bestScore == f1.max())
    }

    @Test func keyPathAxesPrintTheirNameAndSetTheField() async throws {
        let (x, y, _) = try gridSearchData()
        let axis = SearchAxis<Perceptron>(\.eta0, name: "eta0", values: [0.001, 1.0])
        let fixed = SearchAxis<Perceptron>(\.fitIntercept, name: "fit_intercept", values: [false])
        let result = try await GridSearch(Perceptron(maxIter: 50, shuffle: false), axes: [axis, fixed]).fit(x, y)
        #expect(result.cvResults.params == [["eta0": 0.001, "fit_intercept": false], ["eta0": 1.0, "fit_intercept": false]])
        #expect(result.bestHyperparameters.fitIntercept == false)
        // Same as the name-based search of the fixture (rows 3 and 5: fit_intercept False).
        let (_, _, f) = try gridSearchData()
        #expect(result.cvResults.meanTestScore() == [exactDoubles(f["mean_test_score"])[1], exactDoubles(f["mean_test_score"])[5]])
    }

    @Test func resultsExportAsCsvAndJsonAtomically() async throws {
        let (x, y, _) = try gridSearchData()
        let result = try await GridSearch(Perceptron(maxIter: 5), paramGrids: [["eta0": [0.5]], ["eta0": [1.0], "tol": [nil]]]).fit(x, y)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("search-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try result.cvResults.write(to: dir.appendingPathComponent("r.csv"))
        try result.cvResults.write(to: dir.appendingPathComponent("r.json"))
        let csv = try String(contentsOf: dir.appendingPathComponent("r.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 3)
        #expect(csv[0].hasPrefix("mean_fit_time,std_fit_time,mean_score_time,std_score_time,param_eta0,param_tol,params,split0_test_score"))
        #expect(csv[1].contains(",0.5,,{'eta0': 0.5},"))
        #expect(csv[2].contains(",1.0,None,\"{'eta0': 1.0, 'tol': None}\","))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r.json"))) as? [String: Any]
        #expect((json?["param_tol"] as? [Any])?.first is NSNull)
        #expect(ints(json?["rank_test_score"]) == result.cvResults.rankTestScore())
        #expect(throws: SwiftLearnError.self) { try result.cvResults.write(to: dir.appendingPathComponent("r.txt")) }
    }

    @Test func ranksTieAtTheMinimumAndNaNRanksLast() {
        #expect(rankMin([0.5, 0.2, 0.5, 0.2]) == [1, 3, 1, 3])
        #expect(rankMin([.nan, 0.1, 0.3]) == [3, 2, 1])
        #expect(rankMin([.nan, .nan]) == [1, 1])
    }
}
