import TensorCore

/// A regressor fitted on a transformed target, whose predictions are transformed back
/// (scikit-learn's `TransformedTargetRegressor`): `fit` trains `regressor` on transform(y);
/// `predict` returns inverse(regressor's prediction); `score` is R² in the original space.
///
/// The transform is either a ``Transformer`` whose fitted form is invertible (fitted on y as a
/// `[n, 1]` column), or a pair of element-wise closures `function` / `inverseFunction`.
public struct TransformedTargetRegressor<Wrapped: Estimator & HyperparameterSettable>: Estimator, HyperparameterSettable, ReprNodeConvertible
where Wrapped.Fitted: Predictor {
    /// The regressor trained on the transformed target (`regressor`).
    public var regressor: Wrapped
    /// The target transformer (`transformer`), or `nil`.
    public var transformer: (any Transformer & HyperparameterSettable)?
    /// The element-wise target transform (`func`) and its inverse (`inverse_func`), or `nil`.
    public var function: (@Sendable (Float) -> Float)?, inverseFunction: (@Sendable (Float) -> Float)?
    /// Check on every max(1, n/10)-th target that inverse(transform(y)) ≈ y (`check_inverse`);
    /// the result is ``FittedTransformedTargetRegressor/inverseCheckPassed``.
    public var checkInverse = true

    /// `regressor` on the target transformed by `transformer` (e.g. a ``StandardScaler``).
    public init<T: Transformer & HyperparameterSettable>(regressor: Wrapped, transformer: T) where T.Fitted: InvertibleTransformer {
        self.regressor = regressor
        self.transformer = transformer
    }

    /// `regressor` on `function(y)`, predicting `inverseFunction(prediction)`.
    public init(regressor: Wrapped, function: @escaping @Sendable (Float) -> Float, inverseFunction: @escaping @Sendable (Float) -> Float) {
        self.regressor = regressor
        self.function = function
        self.inverseFunction = inverseFunction
    }

    /// Fits the target transform on `y`, then `regressor` on the transformed target.
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> FittedTransformedTargetRegressor<Wrapped.Fitted> {
        let context = "TransformedTargetRegressor.fit"
        let target = try InputChecks.vector(y, context)
        guard !target.isEmpty else { throw SwiftLearnError.invalidArgument("\(context): y is empty; at least one sample is needed") }
        let column = matrixTensor(rows: target.count, columns: 1, target)
        let transform: FittedTransformedTargetRegressor<Wrapped.Fitted>.TargetTransform
        if let transformer {
            guard function == nil, inverseFunction == nil else {
                throw SwiftLearnError.invalidArgument("\(context): 'transformer' and functions 'func'/'inverse_func' cannot both be set")
            }
            guard let fitted = try transformer.fit(column) as? any InvertibleTransformer else {
                throw SwiftLearnError.invalidArgument("\(context): the fitted form of transformer \(type(of: transformer).typeName) has no inverseTransform")
            }
            transform = .transformer(fitted)
        } else if let function, let inverseFunction {
            transform = .functions(function, inverseFunction)
        } else {
            throw SwiftLearnError.invalidArgument("\(context): set a transformer or both 'func' and 'inverse_func'")
        }
        let transformed = try transform.forward(column)
        var passed = true
        if checkInverse {
            let step = max(1, target.count / 10)
            let idx = Array(stride(from: 0, to: target.count, by: step))
            let back = try transform.inverse(selectRows(transformed, idx)).scalars
            passed = zip(idx, back).allSatisfy { abs(Double($1) - Double(target[$0])) <= 1e-8 + 1e-5 * abs(Double(target[$0])) }
        }
        let model = try regressor.fit(x, Tensor(transformed.scalars), sampleWeight: sampleWeight)
        return FittedTransformedTargetRegressor(regressor: model, transform: transform, inverseCheckPassed: passed)
    }

    public static var typeName: String { "TransformedTargetRegressor" }
    public static var defaultParams: [String: ParameterValue] {
        ["check_inverse": true, "func": .none, "inverse_func": .none, "regressor": .none, "transformer": .none]
    }
    public var params: [String: ParameterValue] {
        var all: [String: ParameterValue] = ["check_inverse": .bool(checkInverse), "regressor": .string(Estimators.reprNode(of: regressor).flat),
                                             "func": function == nil ? .none : "<closure>", "inverse_func": inverseFunction == nil ? .none : "<closure>",
                                             "transformer": transformer.map { .string(Estimators.reprNode(of: $0).flat) } ?? .none]
        all.merge(NestedParameters.prefixed("regressor", regressor)) { a, _ in a }
        all.merge(NestedParameters.prefixed("transformer", transformer)) { a, _ in a }
        return all
    }
    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "check_inverse": checkInverse = try value.bool(for: name); return
        case "regressor", "transformer", "func", "inverse_func":
            guard value == params[name] else {
                throw SwiftLearnError.invalidArgument("TransformedTargetRegressor: '\(name)' cannot be replaced by name (received \(value)); set the property, or its parameters as \(name)__param")
            }
            return
        default: break
        }
        guard let (outer, inner) = NestedParameters.split(name) else { throw Self.unknownParameter(name) }
        if outer == "regressor" { try regressor.setParam(inner, to: value); return }
        guard outer == "transformer", var t = transformer else { throw Self.unknownParameter(name) }
        try t.setParam(inner, to: value)
        transformer = t
    }

    var reprNode: ReprNode {
        var params: [(String, ReprNode)] = []
        if !checkInverse { params.append(("check_inverse", .atom("False"))) }
        if function != nil { params.append(("func", .atom("<closure>"))) }
        if inverseFunction != nil { params.append(("inverse_func", .atom("<closure>"))) }
        params.append(("regressor", Estimators.reprNode(of: regressor)))
        if let transformer { params.append(("transformer", Estimators.reprNode(of: transformer))) }
        return .estimator(name: Self.typeName, params: params)
    }
}

/// A fitted ``TransformedTargetRegressor``.
public struct FittedTransformedTargetRegressor<Model: Predictor>: Regressor {
    /// The fitted target transform.
    public enum TargetTransform: Sendable {
        case transformer(any InvertibleTransformer)
        case functions(@Sendable (Float) -> Float, @Sendable (Float) -> Float)

        func forward(_ column: Tensor) throws -> Tensor {
            switch self {
            case .transformer(let t): return try t.transform(column)
            case .functions(let f, _): return matrixTensor(rows: column.shape[0], columns: 1, column.scalars.map(f))
            }
        }

        func inverse(_ column: Tensor) throws -> Tensor {
            switch self {
            case .transformer(let t): return try t.inverseTransform(column)
            case .functions(_, let g): return matrixTensor(rows: column.shape[0], columns: 1, column.scalars.map(g))
            }
        }
    }

    /// The regressor fitted on the transformed target (`regressor_`).
    public let regressor: Model
    /// The fitted target transform (`transformer_`).
    public let transform: TargetTransform
    /// Whether the inverse reproduced the sampled targets (scikit-learn warns when it does not).
    public let inverseCheckPassed: Bool

    public var featureCount: Int { regressor.featureCount }

    /// The regressor's predictions mapped back to the original target space.
    public func predict(_ x: Tensor) throws -> Tensor {
        let p = try regressor.predict(x)
        return Tensor(try transform.inverse(matrixTensor(rows: p.scalarCount, columns: 1, p.scalars)).scalars)
    }
}

/// The rows `indices` of the matrix `x` (indices already checked).
func selectRows(_ x: Tensor, _ indices: [Int]) -> Tensor {
    let d = x.shape[1], v = x.scalars
    return matrixTensor(rows: indices.count, columns: d, indices.flatMap { v[$0 * d ..< ($0 + 1) * d] })
}
