import TensorCore

/// A model-evaluation rule named as in scikit-learn (`scoring='neg_mean_squared_error'`):
/// higher is always better, so error metrics are negated (`neg_…`).
public struct Scorer: Sendable, Equatable, CustomStringConvertible {
    private enum Rule: Sendable, Equatable {
        case estimatorScore
        case prediction(negate: Bool)
        case logLoss
        case rocAuc
        case rocAucOneVsRest(RocAucAverage)
    }

    /// The scikit-learn name (`"accuracy"`, `"r2"`, …), or `"score"` for the model's own score.
    public let name: String
    private let rule: Rule

    /// The scorer names this type knows, in scikit-learn spelling.
    public static let names: [String] = [
        "accuracy", "balanced_accuracy",
        "precision", "precision_micro", "precision_macro", "precision_weighted",
        "recall", "recall_micro", "recall_macro", "recall_weighted",
        "f1", "f1_micro", "f1_macro", "f1_weighted",
        "neg_log_loss", "roc_auc", "roc_auc_ovr", "roc_auc_ovr_weighted",
        "r2", "explained_variance", "neg_mean_squared_error", "neg_root_mean_squared_error",
        "neg_mean_absolute_error", "neg_median_absolute_error",
    ]

    /// The model's own `score` (accuracy for classifiers, R² for regressors): scikit-learn's `scoring=None`.
    public static let modelScore = Scorer(name: "score", rule: .estimatorScore)

    private init(name: String, rule: Rule) {
        self.name = name
        self.rule = rule
    }

    /// The scorer called `name`; throws ``SwiftLearnError/unknownName(_:)`` listing the valid names.
    public init(_ name: String) throws {
        guard Scorer.names.contains(name) else {
            throw SwiftLearnError.unknownName("Scorer: '\(name)' is not a valid scoring value. Valid names are: \(Scorer.names.joined(separator: ", "))")
        }
        switch name {
        case "neg_log_loss": self.init(name: name, rule: .logLoss)
        case "roc_auc": self.init(name: name, rule: .rocAuc)
        case "roc_auc_ovr": self.init(name: name, rule: .rocAucOneVsRest(.macro))
        case "roc_auc_ovr_weighted": self.init(name: name, rule: .rocAucOneVsRest(.weighted))
        default: self.init(name: name, rule: .prediction(negate: name.hasPrefix("neg_")))
        }
    }

    public var description: String { name }

    /// The metric of `model` on `x` and `y`, signed so that higher is better.
    public func score(_ model: any Predictor, _ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Double {
        // A pipeline is scored as its final estimator on the transformed x, so probability and
        // decision-function scorers reach the classifier at its end.
        if let pipeline = model as? FittedPipeline, let final = pipeline.finalPredictor {
            return try score(final, pipeline.transformBeforeFinal(x), y, sampleWeight: sampleWeight)
        }
        switch rule {
        case .estimatorScore:
            return try model.score(x, y, sampleWeight: sampleWeight)
        case .prediction(let negate):
            let value = try metric(y, model.predict(x), sampleWeight: sampleWeight)
            return negate ? -value : value
        case .logLoss:
            guard let p = model as? any ProbabilisticClassifier else {
                throw SwiftLearnError.invalidArgument("Scorer '\(name)': \(type(of: model)) has no predictProba")
            }
            return -(try logLoss(y, p.predictProba(x), labels: p.classes, sampleWeight: sampleWeight))
        case .rocAuc:
            if let d = model as? any DecisionFunctionClassifier, d.classes.count == 2 {
                return try rocAucScore(y, d.decisionFunction(x), sampleWeight: sampleWeight)
            }
            if let p = model as? any ProbabilisticClassifier, p.classes.count == 2 {
                let proba = try p.predictProba(x)
                let positive = Tensor(stride(from: 1, to: proba.scalarCount, by: 2).map { proba.scalars[$0] })
                return try rocAucScore(y, positive, sampleWeight: sampleWeight)
            }
            throw SwiftLearnError.invalidArgument("Scorer '\(name)': needs a binary classifier with decisionFunction or predictProba, received \(type(of: model))")
        case .rocAucOneVsRest(let average):
            guard let p = model as? any ProbabilisticClassifier else {
                throw SwiftLearnError.invalidArgument("Scorer '\(name)': needs a classifier with predictProba, received \(type(of: model))")
            }
            let proba = try p.predictProba(x)
            if p.classes.count == 2 { // scikit-learn scores a binary target as plain ROC AUC
                let positive = Tensor(stride(from: 1, to: proba.scalarCount, by: 2).map { proba.scalars[$0] })
                return try rocAucScore(y, positive, sampleWeight: sampleWeight)
            }
            return try rocAucScore(y, proba, oneVsRest: average, labels: p.classes, sampleWeight: sampleWeight)
        }
    }

    private func metric(_ y: Tensor, _ p: Tensor, sampleWeight: Tensor?) throws -> Double {
        let parts = name.split(separator: "_", maxSplits: 1).map(String.init)
        let average = parts.count == 2 ? ClassAverage(rawValue: parts[1]) : nil
        switch parts[0] {
        case "precision": return try precisionScore(y, p, average: average ?? .binary, sampleWeight: sampleWeight)
        case "recall": return try recallScore(y, p, average: average ?? .binary, sampleWeight: sampleWeight)
        case "f1": return try f1Score(y, p, average: average ?? .binary, sampleWeight: sampleWeight)
        default: break
        }
        switch name {
        case "accuracy": return try accuracyScore(y, p, sampleWeight: sampleWeight)
        case "balanced_accuracy": return try balancedAccuracyScore(y, p, sampleWeight: sampleWeight)
        case "r2": return try r2Score(y, p, sampleWeight: sampleWeight)
        case "explained_variance": return try explainedVarianceScore(y, p, sampleWeight: sampleWeight)
        case "neg_mean_squared_error": return try meanSquaredError(y, p, sampleWeight: sampleWeight)
        case "neg_root_mean_squared_error": return try rootMeanSquaredError(y, p, sampleWeight: sampleWeight)
        case "neg_mean_absolute_error": return try meanAbsoluteError(y, p, sampleWeight: sampleWeight)
        default:
            guard sampleWeight == nil else {
                throw SwiftLearnError.invalidArgument("Scorer '\(name)': sample weights are not supported")
            }
            return try medianAbsoluteError(y, p)
        }
    }
}
