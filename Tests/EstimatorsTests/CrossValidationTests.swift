import Foundation
import Testing
import TensorCore
@testable import Estimators

/// A regressor that predicts the training mean plus noise drawn from the global random state
/// at fit time: its scores reveal which random state each split ran under.
struct NoisyMean: Estimator {
    /// Fails (throws) when the training targets contain this value.
    var failOn: Float?

    struct Fitted: Regressor {
        var value: Float
        var featureCount: Int
        func predict(_ x: Tensor) throws -> Tensor { Tensor(Array(repeating: value, count: x.shape[0])) }
    }

    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Fitted {
        if let failOn, y.scalars.contains(failOn) { throw SwiftLearnError.invalidArgument("NoisyMean: found \(failOn)") }
        var g = GlobalRandom.makeGenerator()
        let mean = y.scalars.reduce(0, +) / Float(y.scalarCount)
        return Fitted(value: mean + g.nextUniform(), featureCount: x.shape[1])
    }
}

@Suite struct CrossValidationTests {
    static func problem(_ name: String) throws -> (x: Tensor, y: Tensor) {
        let f = SklearnFixtures.shared.list("perceptron").first { $0["name"] as? String == name } ?? [:]
        return (try tensor(f["x"], shape: f["shape"]), try tensor(f["y"]))
    }

    @Test func unshuffledScoresMatchSklearn() async throws {
        let cases = SklearnFixtures.shared.list("cross_validation")
        #expect(cases.count == 3)
        for c in cases {
            let (x, y) = try Self.problem(c["problem"] as? String ?? "")
            let cv: (any CrossValidator)? = switch c["cv"] as? String {
            case "stratified3": StratifiedKFold(nSplits: 3)
            case "kfold5": KFold(nSplits: 5)
            default: nil
            }
            let scoring = c["scoring"] as? [String] ?? []
            let r = try await crossValidate(Perceptron(shuffle: false), x, y, cv: cv, scoring: scoring, returnTrainScore: true)
            for name in r.scorerNames {
                let test = r.testScores[name] ?? [], wantTest = doubles(c["test_\(name)"])
                #expect(test.count == wantTest.count && zip(test, wantTest).allSatisfy { close($0, $1) }, "\(name): \(test) vs \(wantTest)")
                if c["train_\(name)"] != nil {
                    let train = r.trainScores?[name] ?? [], want = doubles(c["train_\(name)"])
                    #expect(train.count == want.count && zip(train, want).allSatisfy { close($0, $1) }, "train \(name)")
                }
            }
            #expect(r.fitTimes.count == r.indices.count && r.scoreTimes.allSatisfy { $0 >= 0 })
        }
    }

    @Test func resultsDoNotDependOnScheduling() async throws {
        var g = SeededGenerator(seed: 1)
        let x = try Tensor.randomUniform(shape: [40, 2], generator: &g)
        let y = Tensor((0..<40).map { Float($0 % 7) })
        let serial = try await crossValScore(NoisyMean(), x, y, cv: KFold(nSplits: 8), scoring: "neg_mean_absolute_error",
                                             randomState: 42, maxConcurrency: 1)
        let parallel = try await crossValScore(NoisyMean(), x, y, cv: KFold(nSplits: 8), scoring: "neg_mean_absolute_error",
                                               randomState: 42, maxConcurrency: 4)
        let other = try await crossValScore(NoisyMean(), x, y, cv: KFold(nSplits: 8), scoring: "neg_mean_absolute_error", randomState: 43)
        #expect(serial == parallel && serial.count == 8)
        #expect(serial != other)
        // Split i ran under withRandomSeed(42 + i): recompute split 3 by hand.
        let split = try KFold(nSplits: 8).splits(sampleCount: 40)[3]
        let model = try withRandomSeed(45) { try NoisyMean().fit(try x.gathering(rows: split.train), try y.gathering(rows: split.train)) }
        let expected = -(try meanAbsoluteError(try y.gathering(rows: split.test), try model.predict(try x.gathering(rows: split.test))))
        #expect(serial[3] == expected)
    }

    @Test func failedSplitsScoreNaNOrThrow() async throws {
        let x = try Tensor(zeros: [9, 1])
        let y = Tensor([0, 1, 2, 3, 4, 5, 6, 7, 99])
        let estimator = NoisyMean(failOn: 99)
        let scores = try await crossValScore(estimator, x, y, cv: KFold(nSplits: 3), randomState: 0)
        #expect(scores[0].isNaN && scores[1].isNaN && !scores[2].isNaN)
        let minusOne = try await crossValScore(estimator, x, y, cv: KFold(nSplits: 3), errorScore: -1, randomState: 0)
        #expect(minusOne[0] == -1 && minusOne[2] == scores[2])
        await #expect(throws: SwiftLearnError.self) { try await crossValScore(estimator, x, y, cv: KFold(nSplits: 3), errorScore: nil) }
        await #expect(throws: SwiftLearnError.self) { try await crossValScore(NoisyMean(failOn: 0), x, Tensor(Array(repeating: 0, count: 9))) }
        await #expect(throws: SwiftLearnError.self) { try await crossValScore(NoisyMean(), x, y, scoring: "mse") }
        await #expect(throws: SwiftLearnError.self) { try await crossValScore(NoisyMean(), x, Tensor([1, 2])) }
    }

    @Test func defaultSplitterIsStratifiedForClassifiers() async throws {
        let (x, y) = try Self.problem("multiclass_noshuffle")
        let r = try await crossValidate(Perceptron(shuffle: false), x, y)
        #expect(r.indices == (try StratifiedKFold(nSplits: 5).splits(sampleCount: 60, y: y)))
        let reg = try await crossValidate(NoisyMean(), x, y, randomState: 0)
        #expect(reg.indices == (try KFold(nSplits: 5).splits(sampleCount: 60)))
        #expect(reg.scorerNames == ["score"])
    }
}
