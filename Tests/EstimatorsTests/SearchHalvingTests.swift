import Foundation
import Testing
import TensorCore
@testable import Estimators

@Suite struct SearchHalvingTests {
    @Test func scheduleEqualsScikitLearns() throws {
        let cases = searchFixture["halving_schedules"] as? [[String: Any]] ?? []
        #expect(cases.count == 8)
        for c in cases {
            let minResources: HalvingMinResources
            switch c["min_resources"] {
            case let s as String: minResources = s == "exhaust" ? .exhaust : .smallest
            case let n as Int: minResources = .count(n)
            default: minResources = .smallest
            }
            let maxResources = (c["max_resources"] as? Int) ?? (c["n_samples"] as? Int ?? 0)
            let s = try HalvingSchedule(candidates: c["n_candidates"] as? Int ?? 0, maxResources: maxResources,
                                        minResources: minResources, smallest: c["smallest"] as? Int ?? 0,
                                        factor: Double(c["factor"] as? Int ?? 0), aggressiveElimination: c["aggressive"] as? Bool ?? false)
            #expect(s.nCandidates == ints(c["n_candidates_"]), "\(c)")
            #expect(s.nResources == ints(c["n_resources_"]), "\(c)")
            #expect(s.minResources == c["min_resources_"] as? Int)
            #expect([s.nRequiredIterations, s.nPossibleIterations, s.nIterations]
                    == [c["n_required_iterations"], c["n_possible_iterations"], c["n_iterations"]].map { $0 as? Int ?? -1 })
        }
        // scikit-learn's worked example: California housing, 12 alphas, factor 3.
        let ex = try HalvingSchedule(candidates: 12, maxResources: 20640, minResources: .exhaust, smallest: 10, factor: 3)
        #expect(ex.nResources == [2293, 6879, 20637] && ex.nCandidates == [12, 4, 2])
    }

    @Test func halvingOverSamplesKeepsTheBestAndRanksGlobally() async throws {
        let (x, y, _) = try gridSearchData()
        let search = HalvingGridSearch(Perceptron(maxIter: 30, shuffle: false),
                                       paramGrid: ["eta0": [0.001, 0.01, 0.1, 1.0], "fit_intercept": [true, false]],
                                       factor: 2, minResources: .count(20), options: SearchOptions(cv: KFold(nSplits: 3), returnTrainScore: true))
        let result = try await search.fit(x, y)
        let r = result.cvResults
        #expect(result.nCandidatesPerIteration == [8, 4])
        #expect(result.nResourcesPerIteration == [20, 40])
        #expect(r.iterations == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
        #expect(r.nResources == Array(repeating: 20, count: 8) + Array(repeating: 40, count: 4))
        #expect(Array(r.columns.map(\.name).prefix(3)) == ["iter", "n_resources", "mean_fit_time"])
        let means = r.meanTestScore()
        // Survivors are the best half of iteration 0, listed worst first.
        let survivors = Array(r.params[8...])
        let ranked = (0..<8).sorted { means[$0] < means[$1] }.suffix(4).map { r.params[$0] }
        #expect(Set(survivors.map { $0.description }) == Set(ranked.map { $0.description }))
        let previous = survivors.map { s in means[(0..<8).first { r.params[$0] == s } ?? 0] }
        #expect(previous == previous.sorted())
        #expect(result.bestIndex >= 8)
        #expect(result.bestScore == (8..<12).map { means[$0] }.max())
        #expect(r.rankTestScore().count == 12)
        // Subsampled splits: 20 samples of 60 → each split trains on ⌊20/60·40⌋ = 13 samples.
        #expect(r.splitTrainScores != nil)
    }

    @Test func hyperparameterResourceAndNJobsGiveIdenticalResults() async throws {
        let (x, y, _) = try gridSearchData()
        func run(_ jobs: Int, _ resource: HalvingResource<Perceptron>) async throws -> SearchResult<Perceptron> {
            try await HalvingRandomSearch(Perceptron(tol: nil), spaces: [[.named("eta0", domain: .logUniform(1e-3, 1)),
                                                                          .named("random_state", domain: .integer(0, 1000))]],
                                          nCandidates: 9, resource: resource, factor: 3, minResources: .count(1), maxResources: 9,
                                          refine: HalvingRefine(newCandidates: 2),
                                          options: SearchOptions(cv: KFold(nSplits: 3), nJobs: jobs, randomState: 3)).fit(x, y)
        }
        let a = try await run(1, .hyperparameter("max_iter")), b = try await run(2, .keyPath(\.maxIter, name: "max_iter"))
        #expect(a.cvResults == b.cvResults.withTimes(a.cvResults))
        #expect(a.nResourcesPerIteration == [1, 3, 9])
        // 9 candidates → 3 survivors + 2 refined → 2 survivors + 2 refined.
        #expect(a.nCandidatesPerIteration == [9, 5, 4])
        #expect(a.bestHyperparameters.maxIter == 9 && a.bestParams["max_iter"] == 9)
        #expect(a.cvResults.params.map { $0["max_iter"] } == (Array(repeating: 1, count: 9) + Array(repeating: 3, count: 5) + Array(repeating: 9, count: 4)).map { ParameterValue.int($0) })
        // Rows 12 and 13 of iteration 1 are new: drawn near survivors, not among the first 9 draws.
        let firstDraws = Set(a.cvResults.params[..<9].map { $0["eta0"] })
        #expect(a.cvResults.params[12...13].allSatisfy { !firstDraws.contains($0["eta0"]) })
        let refined = a.cvResults.params[12...]
        #expect(refined.allSatisfy { (try? $0["eta0"]?.double(for: "eta0")).map { $0 >= 1e-3 && $0 <= 1 } ?? false })
    }

    @Test func resourceMustNotBeSearchedAndNeedsAMaximum() async throws {
        let (x, y, _) = try gridSearchData()
        await #expect { _ = try await HalvingGridSearch(Perceptron(), paramGrid: ["max_iter": [5, 10]], resource: .hyperparameter("max_iter"),
                                                        maxResources: 10).fit(x, y) } throws: { "\($0)".contains("'max_iter' as the resource") }
        await #expect { _ = try await HalvingGridSearch(Perceptron(), paramGrid: ["eta0": [0.1, 1.0]], resource: .hyperparameter("max_iter")).fit(x, y) }
            throws: { "\($0)".contains("maxResources must be given") }
        #expect(throws: SwiftLearnError.self) {
            try HalvingSchedule(candidates: 4, maxResources: 10, minResources: .count(20), smallest: 1, factor: 3)
        }
    }
}

extension SearchResults {
    /// A copy with `other`'s timings, so two runs compare on everything but wall-clock times.
    func withTimes(_ other: SearchResults) -> SearchResults {
        var copy = self
        copy.fitTimes = other.fitTimes
        copy.scoreTimes = other.scoreTimes
        return copy
    }
}
