import TensorCore

/// A fitted ``Pipeline``: each step's fitted form, applied in order.
///
/// It predicts and scores when its last step is a predictor, and transforms when every step
/// is a transformer; calling a method the last step lacks throws naming that step.
public struct FittedPipeline: Predictor, FittedTransformer {
    /// One fitted step.
    public struct Step: Sendable {
        /// What a fitted step holds.
        public enum Kind: Sendable {
            /// A fitted transformer.
            case transformer(any FittedTransformer)
            /// The fitted final estimator.
            case predictor(any Predictor)
            /// `'passthrough'`.
            case passthrough
        }

        /// The step's name.
        public let name: String
        /// The scikit-learn name of the step's estimator type (`"StandardScaler"`).
        public let typeName: String
        /// The fitted step.
        public let kind: Kind
    }

    /// The fitted steps, in order (`named_steps`).
    public let steps: [Step]
    /// The number of features the pipeline was fitted on (`n_features_in_`).
    public let featureCount: Int

    /// The fitted step called `name` (`named_steps[name]`), or `nil`.
    public subscript(name: String) -> Step? { steps.first { $0.name == name } }

    /// The fitted final estimator, if the last step is one.
    public var finalPredictor: (any Predictor)? {
        if case .predictor(let p) = steps.last?.kind { return p }
        return nil
    }

    /// `x` passed through every step before the last (the input of the final estimator).
    public func transformBeforeFinal(_ x: Tensor) throws -> Tensor {
        try apply(steps.dropLast(), to: x, "predict")
    }

    private func apply(_ stepsToRun: ArraySlice<Step>, to x: Tensor, _ method: String) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == featureCount else {
            let first = steps.first.map { $0.typeName == "passthrough" ? "Pipeline" : $0.typeName } ?? "Pipeline"
            throw SwiftLearnError.shapeMismatch("Pipeline.\(method): x has \(x.rank == 2 ? "\(x.shape[1]) features" : "shape \(formatShape(x.shape))"), but \(first) is expecting \(featureCount) features as input")
        }
        var current = x
        for step in stepsToRun {
            switch step.kind {
            case .transformer(let t): current = try t.transform(current)
            case .passthrough: break
            case .predictor:
                throw SwiftLearnError.invalidState("Pipeline.\(method): step '\(step.name)' (\(step.typeName)) is an estimator, not a transformer")
            }
        }
        return current
    }

    private func final(_ method: String) throws -> any Predictor {
        guard let p = finalPredictor else {
            throw SwiftLearnError.invalidState("Pipeline.\(method): the last step '\(steps.last?.name ?? "")' (\(steps.last?.typeName ?? "")) is not an estimator with \(method)")
        }
        return p
    }

    /// The final estimator's predictions on the transformed `x`.
    public func predict(_ x: Tensor) throws -> Tensor {
        let model = try final("predict")
        return try model.predict(try transformBeforeFinal(x))
    }

    /// The final estimator's own score on the transformed `x` (R² or accuracy).
    public func score(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Double {
        let model = try final("score")
        return try model.score(try transformBeforeFinal(x), y, sampleWeight: sampleWeight)
    }

    /// `x` through every step; every step must be a transformer (or `'passthrough'`).
    public func transform(_ x: Tensor) throws -> Tensor {
        try apply(steps[...], to: x, "transform")
    }

    /// Undoes ``transform(_:)`` step by step in reverse; every step must be invertible.
    public func inverseTransform(_ x: Tensor) throws -> Tensor {
        var current = x
        for step in steps.reversed() {
            switch step.kind {
            case .passthrough: continue
            case .transformer(let t):
                guard let inverse = t as? any InvertibleTransformer else {
                    throw SwiftLearnError.invalidState("Pipeline.inverseTransform: step '\(step.name)' (\(step.typeName)) has no inverseTransform")
                }
                current = try inverse.inverseTransform(current)
            case .predictor:
                throw SwiftLearnError.invalidState("Pipeline.inverseTransform: step '\(step.name)' (\(step.typeName)) is an estimator")
            }
        }
        return current
    }

    /// The final classifier's class labels; throws when the last step is not a classifier.
    public func classes() throws -> [Float] {
        guard let c = try final("classes") as? any Classifier else {
            throw SwiftLearnError.invalidState("Pipeline.classes: the last step '\(steps.last?.name ?? "")' is not a classifier")
        }
        return c.classes
    }

    /// The final classifier's class probabilities on the transformed `x`.
    public func predictProba(_ x: Tensor) throws -> Tensor {
        guard let c = try final("predictProba") as? any ProbabilisticClassifier else {
            throw SwiftLearnError.invalidState("Pipeline.predictProba: the last step '\(steps.last?.name ?? "")' (\(steps.last?.typeName ?? "")) has no predictProba")
        }
        return try c.predictProba(try transformBeforeFinal(x))
    }

    /// The final classifier's decision function on the transformed `x`.
    public func decisionFunction(_ x: Tensor) throws -> Tensor {
        guard let c = try final("decisionFunction") as? any DecisionFunctionClassifier else {
            throw SwiftLearnError.invalidState("Pipeline.decisionFunction: the last step '\(steps.last?.name ?? "")' (\(steps.last?.typeName ?? "")) has no decisionFunction")
        }
        return try c.decisionFunction(try transformBeforeFinal(x))
    }
}
