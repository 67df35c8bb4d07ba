import Foundation
import Testing
import TensorCore
@testable import Estimators

/// A classifier that returns fixed probabilities (rows in sample order), for scorer tests.
struct FixedProbabilities: ProbabilisticClassifier {
    var probabilities: Tensor
    var classes: [Float] = [0, 1]
    var featureCount = 1
    func predictProba(_ x: Tensor) throws -> Tensor { probabilities }
    func predict(_ x: Tensor) throws -> Tensor {
        let p = probabilities.scalars
        return Tensor((0..<x.shape[0]).map { p[2 * $0 + 1] > p[2 * $0] ? 1 : 0 })
    }
}

/// A regressor that returns fixed predictions.
struct FixedPredictions: Regressor {
    var values: Tensor
    var featureCount = 1
    func predict(_ x: Tensor) throws -> Tensor { values }
}

/// Centres columns: a minimal Transformer to exercise the protocol's fitTransform/inverse.
struct Centering: Transformer {
    struct Fitted: InvertibleTransformer {
        var means: [Float]
        func transform(_ x: Tensor) throws -> Tensor { try shift(x, -1) }
        func inverseTransform(_ x: Tensor) throws -> Tensor { try shift(x, 1) }
        private func shift(_ x: Tensor, _ sign: Float) throws -> Tensor {
            let d = means.count
            return try Tensor(shape: x.shape, scalars: x.scalars.enumerated().map { $1 + sign * means[$0 % d] })
        }
    }
    func fit(_ x: Tensor) throws -> Fitted {
        let n = x.shape[0], d = x.shape[1]
        return Fitted(means: (0..<d).map { j in (0..<n).map { x.scalars[$0 * d + j] }.reduce(0, +) / Float(n) })
    }
}

@Suite struct ScorerAndProtocolTests {
    @Test func errorScorersAreNegatedMetrics() throws {
        let x = try Tensor(zeros: [4, 1])
        let y = Tensor([3, -0.5, 2, 7]), p = Tensor([2.5, 0, 2, 8])
        let model = FixedPredictions(values: p)
        #expect(try Scorer("neg_mean_squared_error").score(model, x, y) == -0.375)
        #expect(try Scorer("neg_mean_absolute_error").score(model, x, y) == -0.5)
        #expect(close(try Scorer("neg_root_mean_squared_error").score(model, x, y), -0.6123724356957945))
        #expect(try Scorer("neg_median_absolute_error").score(model, x, y) == -0.5)
        #expect(close(try Scorer("r2").score(model, x, y), 0.9486081370449679))
        #expect(close(try Scorer.modelScore.score(model, x, y), 0.9486081370449679))
        #expect(close(try Scorer("explained_variance").score(model, x, y), 0.9571734475374732))
    }

    @Test func probabilityScorersUseProbabilitiesOrDecisionFunction() throws {
        let x = try Tensor(zeros: [4, 1])
        let proba = try Tensor(rows: [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]])
        let model = FixedProbabilities(probabilities: proba)
        let y = Tensor([0, 0, 1, 1])
        #expect(close(try Scorer("roc_auc").score(model, x, y), 0.75))
        #expect(close(try Scorer("neg_log_loss").score(model, x, y), -(try logLoss(y, proba))))
        #expect(try Scorer("accuracy").score(model, x, y) == 0.75)
        #expect(try Scorer("f1").score(model, x, y) == 2.0 / 3.0)
        // Perceptron has a decision function but no probabilities.
        let xs = try Tensor(rows: [[0], [1], [2], [3]])
        let perceptron = try Perceptron(shuffle: false).fit(xs, y)
        #expect(try Scorer("roc_auc").score(perceptron, xs, y) == (try rocAucScore(y, perceptron.decisionFunction(xs))))
        #expect(throws: SwiftLearnError.self) { try Scorer("neg_log_loss").score(perceptron, xs, y) }
    }

    @Test func transformerFitTransformAndInverse() throws {
        let data = try Tensor(rows: [[1, 10], [3, 20]])
        let (fitted, transformed) = try Centering().fitTransform(data)
        #expect(transformed.scalars == [-1, -5, 1, 5])
        #expect(try fitted.inverseTransform(transformed).scalars == data.scalars)
    }
}
