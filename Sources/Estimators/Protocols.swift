import TensorCore

/// A learning algorithm's hyperparameters: a plain value that `fit` turns into a fitted model.
///
/// As in scikit-learn, creating or changing an estimator never validates anything (so a search
/// can set hyperparameters freely); ``fit(_:_:sampleWeight:)`` checks them and throws
/// ``SwiftLearnError/invalidArgument(_:)`` naming the bad one. Unlike scikit-learn, the fitted
/// state is a separate type (``Fitted``): an unfitted estimator has no `predict` to call.
public protocol Estimator: Sendable {
    /// The model `fit` returns.
    associatedtype Fitted: Sendable

    /// Learns from samples `x` (shape `[n, features]`) and targets `y` (shape `[n]`).
    ///
    /// - Parameter sampleWeight: one non-negative weight per sample (shape `[n]`), or `nil`
    ///   for equal weights.
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Fitted
}

extension Estimator {
    /// Learns from `x` and `y` with equal sample weights.
    public func fit(_ x: Tensor, _ y: Tensor) throws -> Fitted {
        try fit(x, y, sampleWeight: nil)
    }
}

/// A fitted model that predicts one value per sample.
public protocol Predictor: Sendable {
    /// The number of features (columns of `x`) the model was fitted on (`n_features_in_`).
    var featureCount: Int { get }

    /// One prediction per row of `x` (shape `[n]`).
    func predict(_ x: Tensor) throws -> Tensor

    /// The default score, higher is better: R² for regressors, accuracy for classifiers.
    func score(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Double
}

extension Predictor {
    /// The default score with equal sample weights.
    public func score(_ x: Tensor, _ y: Tensor) throws -> Double {
        try score(x, y, sampleWeight: nil)
    }
}

/// A fitted regressor; its `score` is R² (scikit-learn's `RegressorMixin.score`).
public protocol Regressor: Predictor {}

extension Regressor {
    /// The coefficient of determination R² of `predict(x)` against `y`.
    public func score(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Double {
        try r2Score(y, predict(x), sampleWeight: sampleWeight)
    }
}

/// A fitted classifier; its `score` is accuracy (scikit-learn's `ClassifierMixin.score`).
public protocol Classifier: Predictor {
    /// The class labels seen in `fit`, sorted ascending (`classes_`).
    var classes: [Float] { get }
}

extension Classifier {
    /// The fraction of rows of `x` whose predicted class equals `y` (weighted by `sampleWeight`).
    public func score(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Double {
        try accuracyScore(y, predict(x), sampleWeight: sampleWeight)
    }
}

/// A fitted classifier that gives class probabilities.
public protocol ProbabilisticClassifier: Classifier {
    /// The probability of each class (columns in ``Classifier/classes`` order), shape `[n, classes]`.
    func predictProba(_ x: Tensor) throws -> Tensor
}

/// A fitted classifier with a signed confidence score (scikit-learn's `decision_function`).
public protocol DecisionFunctionClassifier: Classifier {
    /// Shape `[n]` for two classes (positive means ``Classifier/classes``[1]), `[n, classes]` otherwise.
    func decisionFunction(_ x: Tensor) throws -> Tensor
}

/// A preprocessing step's hyperparameters: `fit` learns from `x` alone and returns a fitted transform.
public protocol Transformer: Sendable {
    /// The transform `fit` returns.
    associatedtype Fitted: FittedTransformer

    /// Learns the transform's parameters from `x` (shape `[n, features]`).
    func fit(_ x: Tensor) throws -> Fitted
}

extension Transformer {
    /// Fits on `x` and returns the fitted transform with `x` transformed.
    public func fitTransform(_ x: Tensor) throws -> (fitted: Fitted, transformed: Tensor) {
        let fitted = try fit(x)
        return (fitted, try fitted.transform(x))
    }
}

/// A fitted preprocessing step.
public protocol FittedTransformer: Sendable {
    /// `x` transformed (same number of rows).
    func transform(_ x: Tensor) throws -> Tensor
}

/// A fitted transform that can be undone (scikit-learn's `inverse_transform`).
public protocol InvertibleTransformer: FittedTransformer {
    /// The inverse of ``FittedTransformer/transform(_:)``.
    func inverseTransform(_ x: Tensor) throws -> Tensor
}
