import TensorCore

/// A fitted classifier whose classes are labels of any value — integers, strings, enums — kept
/// and returned as given (scikit-learn's `classes_` of any dtype).
///
/// Made by ``Estimator/fit(_:labels:sampleWeight:)`` on any estimator whose fitted model is a
/// ``Classifier``: the labels are sorted (as NumPy's `np.unique` sorts them), the base model is
/// fitted on their positions `0, 1, …, K − 1`, and predictions are mapped back. Because the
/// encoding keeps the sorted order, the base model trains exactly as scikit-learn does on the
/// original labels (for two classes, the positive class is the larger label).
///
/// ```swift
/// let model = try Perceptron().fit(x, labels: ["cat", "ant", "bird", ...])
/// model.classes            // ["ant", "bird", "cat"]
/// try model.predict(xNew)  // ["bird", "cat", ...]
/// ```
public struct LabeledClassifier<Base: Classifier, Label: Hashable & Comparable & Sendable>: Sendable {
    /// The model fitted on the class positions (its ``Classifier/classes`` are `0 ..< K`).
    public let base: Base
    /// The class labels seen in `fit`, sorted ascending (`classes_`).
    public let classes: [Label]
    private let position: [Label: Int]

    init(base: Base, classes: [Label]) {
        self.base = base
        self.classes = classes
        position = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    }

    /// The number of features the model was fitted on (`n_features_in_`).
    public var featureCount: Int { base.featureCount }

    /// The predicted label of each row of `x`.
    public func predict(_ x: Tensor) throws -> [Label] {
        try base.predict(x).scalars.map { value in
            let k = Int(exactly: value) ?? -1
            guard classes.indices.contains(k) else {
                throw SwiftLearnError.invalidState("LabeledClassifier.predict: the base model predicted \(value), which is not a class position 0..<\(classes.count)")
            }
            return classes[k]
        }
    }

    /// The positions of `labels` in ``classes`` as a tensor; a label never seen in `fit` is −1.
    public func encode(_ labels: [Label]) -> Tensor {
        Tensor(labels.map { Float(position[$0] ?? -1) })
    }

    /// The (weighted) fraction of rows whose predicted label equals `labels` (accuracy);
    /// labels never seen in `fit` count as wrong.
    public func score(_ x: Tensor, _ labels: [Label], sampleWeight: Tensor? = nil) throws -> Double {
        try base.score(x, encode(labels), sampleWeight: sampleWeight)
    }
}

extension LabeledClassifier where Base: ProbabilisticClassifier {
    /// The probability of each class, columns in ``classes`` order, shape `[n, classes]`.
    public func predictProba(_ x: Tensor) throws -> Tensor { try base.predictProba(x) }
}

extension LabeledClassifier where Base: DecisionFunctionClassifier {
    /// The base model's decision function: shape `[n]` for two classes (positive means
    /// `classes[1]`), `[n, classes]` otherwise.
    public func decisionFunction(_ x: Tensor) throws -> Tensor { try base.decisionFunction(x) }
}

extension Estimator where Fitted: Classifier {
    /// Fits on class labels of any `Hashable & Comparable` type (integers, strings, enums) and
    /// returns a model that predicts those labels; ``LabeledClassifier/classes`` lists them sorted.
    ///
    /// - Throws: ``SwiftLearnError/shapeMismatch(_:)`` when `labels` and the rows of `x` differ in
    ///   number, ``SwiftLearnError/invalidArgument(_:)`` for a label not equal to itself (NaN) or
    ///   more than 2²⁴ classes, and whatever the estimator's own `fit` throws.
    public func fit<Label: Hashable & Comparable & Sendable>(
        _ x: Tensor, labels: [Label], sampleWeight: Tensor? = nil
    ) throws -> LabeledClassifier<Fitted, Label> {
        let context = "fit(labels:)"
        guard x.rank >= 1, x.shape[0] == labels.count else {
            throw SwiftLearnError.shapeMismatch("\(context): x has shape \(formatShape(x.shape)) but \(labels.count) labels were given; one label per row is needed")
        }
        if let bad = labels.firstIndex(where: { $0 != $0 }) {
            throw SwiftLearnError.invalidArgument("\(context): label \(bad) (\(labels[bad])) is not equal to itself (NaN); labels must be comparable")
        }
        let classes = Array(Set(labels)).sorted()
        guard classes.count <= 1 << 24 else {
            throw SwiftLearnError.invalidArgument("\(context): \(classes.count) distinct labels; at most 2^24 are supported")
        }
        let model = LabeledClassifier<Fitted, Label>(base: try fitBase(x, classes: classes, labels: labels, sampleWeight), classes: classes)
        return model
    }

    private func fitBase<Label: Hashable & Comparable & Sendable>(_ x: Tensor, classes: [Label], labels: [Label],
                                                                  _ sampleWeight: Tensor?) throws -> Fitted {
        let position = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, Float($0)) })
        return try fit(x, Tensor(labels.map { position[$0] ?? -1 }), sampleWeight: sampleWeight)
    }
}
