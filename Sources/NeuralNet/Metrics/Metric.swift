import TensorCore

/// A metric reported during `fit` and `evaluate`, averaged over samples as Keras' `Mean` metrics.
///
/// `.accuracy` picks its kind from the shapes, as Keras' `compile` does: binary when predictions
/// have one output, sparse categorical when targets are class indices, else categorical.
public struct Metric: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy
        case meanAbsoluteError, meanSquaredError
    }

    /// What the metric computes.
    public let kind: Kind
    /// The key in logs and `History` (the name the user gave, e.g. `"mae"`).
    public let name: String

    public init(_ kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    public static let accuracy = Metric(.accuracy, name: "accuracy")
    public static let binaryAccuracy = Metric(.binaryAccuracy, name: "binary_accuracy")
    public static let categoricalAccuracy = Metric(.categoricalAccuracy, name: "categorical_accuracy")
    public static let sparseCategoricalAccuracy = Metric(.sparseCategoricalAccuracy, name: "sparse_categorical_accuracy")
    public static let meanAbsoluteError = Metric(.meanAbsoluteError, name: "mean_absolute_error")
    public static let meanSquaredError = Metric(.meanSquaredError, name: "mean_squared_error")

    /// The metric called `name` in Keras (`"accuracy"`, `"acc"`, `"mae"`, `"mse"`...), logged under that name.
    public init(named name: String) throws {
        let kind: Kind
        switch name {
        case "accuracy", "acc": kind = .accuracy
        case "binary_accuracy": kind = .binaryAccuracy
        case "categorical_accuracy": kind = .categoricalAccuracy
        case "sparse_categorical_accuracy": kind = .sparseCategoricalAccuracy
        case "mae", "mean_absolute_error": kind = .meanAbsoluteError
        case "mse", "mean_squared_error": kind = .meanSquaredError
        default:
            throw SwiftLearnError.unknownName("metric '\(name)'; expected one of accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, mae, mse")
        }
        self.init(kind, name: name)
    }

    /// The concrete kind for these shapes (resolves `.accuracy`).
    public func resolved(targetShape: [Int], predictionShape: [Int]) -> Kind {
        guard kind == .accuracy else { return kind }
        if predictionShape.last == 1 { return .binaryAccuracy }
        if targetShape.count < predictionShape.count || (targetShape.last == 1 && (predictionShape.last ?? 1) > 1) {
            return .sparseCategoricalAccuracy
        }
        return .categoricalAccuracy
    }

    /// One value per sample (targets already checked by the loss).
    public static func values(_ kind: Kind, yTrue: Tensor, yPred: Tensor) throws -> [Float] {
        let k = Swift.max(yPred.shape.last ?? 1, 1)
        let rows = yPred.scalarCount / k
        let p = yPred.storage.base, t = yTrue.storage.base
        func check(_ count: Int) throws {
            guard yTrue.scalarCount == count else {
                throw SwiftLearnError.shapeMismatch("metric: targets of shape \(formatShape(yTrue.shape)) do not match predictions of shape \(formatShape(yPred.shape))")
            }
        }
        var out = [Float](repeating: 0, count: rows)
        switch kind {
        case .binaryAccuracy:
            try check(yPred.scalarCount)
            for r in 0..<rows {
                var hits: Float = 0
                for j in 0..<k { hits += ((p[r * k + j] > 0.5 ? 1 : 0) == t[r * k + j]) ? 1 : 0 }
                out[r] = hits / Float(k)
            }
        case .sparseCategoricalAccuracy, .accuracy:
            try check(rows)
            // Compared as Float: a label that is no class index (2.5, 1e30) is simply a miss.
            for r in 0..<rows { out[r] = Float(argmax(p + r * k, k)) == t[r] ? 1 : 0 }
        case .categoricalAccuracy:
            try check(yPred.scalarCount)
            for r in 0..<rows { out[r] = argmax(p + r * k, k) == argmax(t + r * k, k) ? 1 : 0 }
        case .meanAbsoluteError, .meanSquaredError:
            try check(yPred.scalarCount)
            for r in 0..<rows {
                var s: Float = 0
                for j in 0..<k {
                    let e = p[r * k + j] - t[r * k + j]
                    s += kind == .meanAbsoluteError ? Swift.abs(e) : e * e
                }
                out[r] = s / Float(k)
            }
        }
        return out
    }

    private static func argmax(_ p: UnsafePointer<Float>, _ k: Int) -> Int {
        var best = 0
        for j in 1..<Swift.max(k, 1) where p[j] > p[best] { best = j }
        return best
    }
}

/// A running weighted mean (Keras' `Mean`): `total += Σ vᵢ·wᵢ`, `count += Σ wᵢ`.
public struct MeanTracker: Sendable {
    public private(set) var total: Double = 0
    public private(set) var count: Double = 0
    public init() {}
    public mutating func add(_ value: Float, weight: Float = 1) {
        total += Double(value) * Double(weight)
        count += Double(weight)
    }
    public mutating func add(_ values: [Float], weights: [Float]? = nil) {
        for (i, v) in values.enumerated() { add(v, weight: weights?[i] ?? 1) }
    }
    /// The mean so far (0 before any value, as Keras).
    public var result: Float { count == 0 ? 0 : Float(total / count) }
    public mutating func reset() { self = MeanTracker() }
}
