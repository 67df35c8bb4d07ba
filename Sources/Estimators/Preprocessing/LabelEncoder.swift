import TensorCore

/// Encodes target labels as 0 ..< classCount in sorted order (scikit-learn's `LabelEncoder`).
///
/// Works on a `[n]` tensor of numeric labels through ``Transformer``, or on any comparable
/// labels (strings, integers) through ``fit(labels:)``.
public struct LabelEncoder: Transformer, HyperparameterSettable, Equatable {
    /// A label encoder (it has no hyperparameters).
    public init() {}

    /// Learns the sorted distinct values of the `[n]` (or `[n, 1]`) label tensor `y`.
    public func fit(_ y: Tensor) throws -> FittedLabelEncoder<Float> {
        let labels = try InputChecks.vector(y, "LabelEncoder.fit")
        return try fit(labels: labels)
    }

    /// Learns the sorted distinct values of `labels` (`classes_`).
    public func fit<Label: Hashable & Comparable & Sendable>(labels: [Label]) throws -> FittedLabelEncoder<Label> {
        guard !labels.isEmpty else { throw SwiftLearnError.invalidArgument("LabelEncoder.fit: y is empty; at least one label is needed") }
        return FittedLabelEncoder(classes: Array(Set(labels)).sorted())
    }

    public static let typeName = "LabelEncoder"
    public static var defaultParams: [String: ParameterValue] { [:] }
    public var params: [String: ParameterValue] { [:] }
    public mutating func setParam(_ name: String, to value: ParameterValue) throws { throw Self.unknownParameter(name) }
}

/// A fitted ``LabelEncoder``: the sorted ``classes`` and the maps to and from their indices.
public struct FittedLabelEncoder<Label: Hashable & Comparable & Sendable>: Sendable {
    /// The distinct labels, sorted (`classes_`); label `classes[i]` is encoded as `i`.
    public let classes: [Label]
    private let index: [Label: Int]

    init(classes: [Label]) {
        self.classes = classes
        index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    }

    /// Each label's index in ``classes``; throws naming the first labels not seen in `fit`.
    public func encode(_ labels: [Label]) throws -> [Int] {
        let unseen = labels.filter { index[$0] == nil }
        guard unseen.isEmpty else {
            let shown = Array(Set(unseen)).sorted().prefix(10).map { "\($0)" }.joined(separator: ", ")
            throw SwiftLearnError.invalidArgument("LabelEncoder.transform: y contains previously unseen labels: [\(shown)]")
        }
        return labels.map { index[$0] ?? 0 }
    }

    /// The labels at `codes`; throws naming a code outside 0 ..< classes.count.
    public func decode(_ codes: [Int]) throws -> [Label] {
        if let bad = codes.first(where: { $0 < 0 || $0 >= classes.count }) {
            throw SwiftLearnError.invalidArgument("LabelEncoder.inverseTransform: y contains previously unseen labels: [\(bad)] (valid codes are 0..<\(classes.count))")
        }
        return codes.map { classes[$0] }
    }
}

extension FittedLabelEncoder: FittedTransformer, InvertibleTransformer where Label == Float {
    /// The `[n]` tensor of class indices of the `[n]` label tensor `y`.
    public func transform(_ y: Tensor) throws -> Tensor {
        Tensor(try encode(InputChecks.vector(y, "LabelEncoder.transform")).map(Float.init))
    }

    /// The labels of a `[n]` tensor of class indices; throws for a non-integer or out-of-range code.
    public func inverseTransform(_ y: Tensor) throws -> Tensor {
        let codes = try InputChecks.vector(y, "LabelEncoder.inverseTransform")
        if let bad = codes.first(where: { $0.rounded() != $0 || abs($0) > 1e9 }) {
            throw SwiftLearnError.invalidArgument("LabelEncoder.inverseTransform: y contains a non-integer code \(bad)")
        }
        return Tensor(try decode(codes.map { Int($0) }))
    }
}
