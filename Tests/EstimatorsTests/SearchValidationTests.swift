import Foundation
import Testing
import TensorCore
@testable import Estimators

/// Every invalid search input throws when the search starts, naming parameter, value and what is allowed.
@Suite struct SearchValidationTests {
    private func data() throws -> (Tensor, Tensor) {
        let (x, y, _) = try gridSearchData()
        return (x, y)
    }

    private func message(_ body: () async throws -> Void) async -> String {
        do { try await body(); return "" } catch { return "\(error)" }
    }

    @Test func unknownParameterNameIsNamedWithTheValidOnes() async throws {
        let (x, y) = try data()
        let m = await message { _ = try await GridSearch(Perceptron(), paramGrid: ["eta": [0.1]]).fit(x, y) }
        #expect(m.contains("GridSearch") && m.contains("'eta'") && m.contains("valid parameters: alpha, class_weight, early_stopping, eta0, fit_intercept"))
    }

    @Test func wrongValueKindIsNamed() async throws {
        let (x, y) = try data()
        let m = await message { _ = try await GridSearch(Perceptron(), paramGrid: ["fit_intercept": [true, "yes"]]).fit(x, y) }
        #expect(m.contains("'fit_intercept'") && m.contains("'yes'") && m.contains("expects a Bool"))
        let r = await message {
            _ = try await RandomizedSearch(Perceptron(), paramDistributions: ["max_iter": .logUniform(1.5, 100)]).fit(x, y)
        }
        #expect(r.contains("'max_iter'") && r.contains("expects an integer"))
    }

    @Test func emptyGridsAndEmptyValueListsAreRefused() async throws {
        let (x, y) = try data()
        let empty = await message { _ = try await GridSearch(Perceptron(), paramGrid: [:]).fit(x, y) }
        #expect(empty.contains("parameter grid is empty"))
        let noValues = await message { _ = try await GridSearch(Perceptron(), paramGrid: ["eta0": []]).fit(x, y) }
        #expect(noValues.contains("'eta0' has an empty list of values"))
        let badRange = await message {
            _ = try await RandomizedSearch(Perceptron(), paramDistributions: ["eta0": .logUniform(0, 1)]).fit(x, y)
        }
        #expect(badRange.contains("'eta0'") && badRange.contains("0 < low < high"))
    }

    @Test func moreFoldsThanSamplesIsRefused() async throws {
        let x = try Tensor(shape: [4, 1], scalars: [0, 1, 2, 3]), y = Tensor([0, 1, 0, 1] as [Float])
        let m = await message {
            _ = try await GridSearch(Perceptron(), paramGrid: ["eta0": [1.0]], options: SearchOptions(cv: KFold(nSplits: 5))).fit(x, y)
        }
        #expect(m.contains("nSplits=5") && m.contains("4 samples"))
        // Repeated splitters count folds per repeat: 2 folds × 3 repeats on 4 samples is fine.
        let ok = try await GridSearch(Perceptron(), paramGrid: ["eta0": [1.0]],
                                      options: SearchOptions(cv: RepeatedKFold(nSplits: 2, nRepeats: 3, randomState: 0), refitBestEstimator: false)).fit(x, y)
        #expect(ok.nSplits == 6 && ok.bestEstimator == nil)
        #expect(throws: SwiftLearnError.self) { try ok.predict(x) }
    }

    @Test func aClassSmallerThanTheFoldCountIsRefused() async throws {
        let x = try Tensor(shape: [8, 1], scalars: (0..<8).map(Float.init))
        let y = Tensor([0, 0, 0, 0, 0, 0, 1, 1] as [Float])
        let m = await message { _ = try await GridSearch(Perceptron(), paramGrid: ["eta0": [1.0]]).fit(x, y) }
        #expect(m.contains("class 1.0 has only 2 member(s), fewer than nSplits=5"))
    }

    @Test func severalScorersNeedARefitNameAndNJobsMustBePositive() async throws {
        let (x, y) = try data()
        let m = await message {
            _ = try await GridSearch(Perceptron(), paramGrid: ["eta0": [1.0]], options: SearchOptions(scoring: ["accuracy", "f1"])).fit(x, y)
        }
        #expect(m.contains("refit must name"))
        let j = await message {
            _ = try await GridSearch(Perceptron(), paramGrid: ["eta0": [1.0]], options: SearchOptions(nJobs: 0)).fit(x, y)
        }
        #expect(j.contains("nJobs must be at least 1, received 0"))
    }

    @Test func failingTrialsScoreNaNAndAllFailingThrows() async throws {
        let (x, y) = try data()
        // eta0 = -1 passes setting (values are checked at fit) and fails every fold.
        let result = try await GridSearch(Perceptron(maxIter: 5), paramGrid: ["eta0": [-1.0, 1.0]]).fit(x, y)
        #expect(result.cvResults.meanTestScore()[0].isNaN)
        #expect(result.cvResults.rankTestScore() == [2, 1])
        #expect(result.bestIndex == 1)
        let all = await message { _ = try await GridSearch(Perceptron(), paramGrid: ["eta0": [-1.0]]).fit(x, y) }
        #expect(all.contains("all the 5 fits failed") && all.contains("eta0 must be a positive"))
    }

    @Test func verboseReportsOneLinePerTrialWithAnETA() async throws {
        let (x, y) = try data()
        let lines = LineCollector()
        _ = try await GridSearch(Perceptron(maxIter: 5), paramGrid: ["eta0": [0.1, 1.0]],
                                 options: SearchOptions(cv: KFold(nSplits: 3), nJobs: 2, verbose: true, progress: { lines.add($0) })).fit(x, y)
        #expect(lines.all.count == 6)
        #expect(lines.all.allSatisfy { $0.contains("END eta0=") && $0.contains("ETA") })
        #expect(lines.all.last?.contains("(6/6 trials") == true)
    }
}

final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
