import Foundation
import SwiftLearn

/// An estimator that standardizes the features before fitting (each fit learns the mean and
/// population standard deviation of its own training fold; constant columns get scale 1, as
/// scikit-learn's `StandardScaler`) and whose model standardizes before predicting: the spec's
/// `"scale": true`. Hyperparameters keep the wrapped estimator's names.
///
/// TODO: replace with `Pipeline([StandardScaler(), estimator])` from Estimators once it lands
/// (its parameter names will then carry the step prefix, `mlpregressor__alpha`).
struct Standardized<E: Estimator & HyperparameterSettable>: Estimator, HyperparameterSettable where E.Fitted: Predictor {
    var estimator: E

    static var typeName: String { E.typeName }
    static var defaultParams: [String: ParameterValue] { E.defaultParams }
    var params: [String: ParameterValue] { estimator.params }
    mutating func setParam(_ name: String, to value: ParameterValue) throws { try estimator.setParam(name, to: value) }

    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> StandardizedModel<E.Fitted> {
        guard x.rank == 2, x.shape[0] > 0 else {
            throw SwiftLearnError.shapeMismatch("scale: expected a non-empty (samples, features) tensor, received \(formatShape(x.shape))")
        }
        let (n, d) = (x.shape[0], x.shape[1])
        var mean = [Double](repeating: 0, count: d), sum2 = [Double](repeating: 0, count: d)
        x.withUnsafeBufferPointer { v in
            for r in 0..<n { for j in 0..<d { mean[j] += Double(v[r * d + j]) } }
            for j in 0..<d { mean[j] /= Double(n) }
            for r in 0..<n { for j in 0..<d { let e = Double(v[r * d + j]) - mean[j]; sum2[j] += e * e } }
        }
        let scale = sum2.map { s -> Float in let sd = (s / Double(n)).squareRoot(); return sd == 0 ? 1 : Float(sd) }
        let unfitted = StandardizedModel<E.Fitted>(model: nil, mean: mean.map { Float($0) }, scale: scale)
        let model = try estimator.fit(try unfitted.standardize(x), y, sampleWeight: sampleWeight)
        return StandardizedModel(model: model, mean: unfitted.mean, scale: scale)
    }
}

/// A model fitted on standardized features; it standardizes its inputs with the training statistics.
struct StandardizedModel<M: Predictor>: Predictor {
    let model: M?
    /// The training fold's per-column mean and scale.
    let mean: [Float]
    let scale: [Float]

    var featureCount: Int { mean.count }

    /// `(x − mean) / scale` column-wise.
    func standardize(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == mean.count else {
            throw SwiftLearnError.shapeMismatch("scale: expected (samples, \(mean.count)), received \(formatShape(x.shape))")
        }
        var out = x
        let d = mean.count
        out.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = (p[i] - mean[i % d]) / scale[i % d] }
        }
        return out
    }

    func fitted() throws -> M {
        guard let model else { throw SwiftLearnError.invalidState("scale: the wrapped model is not fitted") }
        return model
    }

    func predict(_ x: Tensor) throws -> Tensor { try fitted().predict(standardize(x)) }

    func score(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Double {
        try fitted().score(standardize(x), y, sampleWeight: sampleWeight)
    }
}

extension StandardizedModel: Regressor where M: Regressor {}

extension StandardizedModel: Classifier where M: Classifier {
    var classes: [Float] { model?.classes ?? [] }
}

extension StandardizedModel: ProbabilisticClassifier where M: ProbabilisticClassifier {
    func predictProba(_ x: Tensor) throws -> Tensor { try fitted().predictProba(standardize(x)) }
}

extension StandardizedModel: DecisionFunctionClassifier where M: DecisionFunctionClassifier {
    func decisionFunction(_ x: Tensor) throws -> Tensor { try fitted().decisionFunction(standardize(x)) }
}
