import TensorCore

/// Helpers shared by the composites (Pipeline, ColumnTransformer, TransformedTargetRegressor)
/// for scikit-learn's nested `part__param` names.
enum NestedParameters {
    /// `params` of `part` with each key prefixed `name__`.
    static func prefixed(_ name: String, _ part: (any HyperparameterSettable)?) -> [String: ParameterValue] {
        var out: [String: ParameterValue] = [:]
        for (key, value) in part?.params ?? [:] { out[name + "__" + key] = value }
        return out
    }

    /// Splits `outer__inner` at the first `__`; `nil` when there is none.
    static func split(_ name: String) -> (outer: String, inner: String)? {
        guard let range = name.range(of: "__") else { return nil }
        return (String(name[..<range.lowerBound]), String(name[range.upperBound...]))
    }
}

extension PipelineStep.Component {
    /// The component with `inner` set on its value; throws for `'passthrough'`.
    func setting(_ inner: String, to value: ParameterValue, owner: String) throws -> Self {
        switch self {
        case .passthrough:
            throw SwiftLearnError.invalidArgument("\(owner) is 'passthrough' and has no parameter '\(inner)'")
        case .transformer(var t):
            try t.setParam(inner, to: value)
            return .transformer(t)
        case .estimator(var e):
            try e.setParam(inner, to: value)
            return .estimator(e)
        }
    }
}
