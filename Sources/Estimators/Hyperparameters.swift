import TensorCore

/// One hyperparameter value, as scikit-learn's `get_params` returns it: a number, a flag, a
/// name, a tuple of integers (`hidden_layer_sizes`), or `None`.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case ints([Int])
    case none

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(nilLiteral: ()) { self = .none }

    /// The value as Python prints it (`0.001`, `True`, `'adam'`, `(30, 10)`, `None`).
    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return pythonRepr(v)
        case .bool(let v): return v ? "True" : "False"
        case .string(let v): return "'\(v)'"
        case .ints(let v): return v.count == 1 ? "(\(v[0]),)" : "(" + v.map(String.init).joined(separator: ", ") + ")"
        case .none: return "None"
        }
    }

    private var kindName: String {
        switch self {
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a Bool"
        case .string: return "a string"
        case .ints: return "a list of integers"
        case .none: return "None"
        }
    }

    private func mismatch(_ name: String, _ expected: String) -> SwiftLearnError {
        .invalidArgument("parameter '\(name)' expects \(expected), received \(kindName) (\(self))")
    }

    /// The value as a `Double` (integers are accepted, as Python accepts them); throws naming `name`.
    public func double(for name: String) throws -> Double {
        switch self {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: throw mismatch(name, "a number")
        }
    }

    /// The value as an `Int` (a whole `Double` is accepted); throws naming `name`.
    public func int(for name: String) throws -> Int {
        switch self {
        case .int(let v): return v
        case .double(let v) where v.rounded() == v && abs(v) < 9e15: return Int(v)
        default: throw mismatch(name, "an integer")
        }
    }

    /// The value as a `Bool`; throws naming `name`.
    public func bool(for name: String) throws -> Bool {
        guard case .bool(let v) = self else { throw mismatch(name, "a Bool") }
        return v
    }

    /// The value as a `String`; throws naming `name`.
    public func string(for name: String) throws -> String {
        guard case .string(let v) = self else { throw mismatch(name, "a string") }
        return v
    }

    /// The value as a list of integers (a single integer becomes a one-element list); throws naming `name`.
    public func ints(for name: String) throws -> [Int] {
        switch self {
        case .ints(let v): return v
        case .int(let v): return [v]
        default: throw mismatch(name, "a list of integers")
        }
    }

    /// `nil` for `.none`, otherwise the value as a `Double`.
    public func optionalDouble(for name: String) throws -> Double? {
        self == .none ? nil : try double(for: name)
    }

    /// `nil` for `.none`, otherwise the value as an `Int`.
    public func optionalInt(for name: String) throws -> Int? {
        self == .none ? nil : try int(for: name)
    }
}

/// Python's `repr` of a float (Swift's shortest round-trip description is the same text).
func pythonRepr(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    return v.description
}

/// An estimator whose hyperparameters are readable and settable by their scikit-learn names
/// (`get_params` / `set_params`), and printed as scikit-learn prints an estimator: its type
/// name and the parameters that differ from the defaults, sorted by name
/// (`MLPRegressor(alpha=0.01, hidden_layer_sizes=(30,))`).
///
/// Composite estimators (`Pipeline`) expose their parts' parameters as `step__param`.
/// Setting never validates the value's range (``Estimator/fit(_:_:sampleWeight:)`` does, as in
/// scikit-learn), but an unknown name or a value of the wrong kind throws at once.
public protocol HyperparameterSettable: Sendable {
    /// The scikit-learn class name used when printing (`"MLPRegressor"`).
    static var typeName: String { get }
    /// Every hyperparameter by its scikit-learn name (`get_params(deep=True)`).
    var params: [String: ParameterValue] { get }
    /// The parameters of a default-constructed estimator, so printing shows only changed ones.
    static var defaultParams: [String: ParameterValue] { get }
    /// Sets one hyperparameter by name; throws ``SwiftLearnError/unknownName(_:)`` for a name the
    /// estimator does not have (listing those it has) and ``SwiftLearnError/invalidArgument(_:)``
    /// for a value of the wrong kind.
    mutating func setParam(_ name: String, to value: ParameterValue) throws
}

extension HyperparameterSettable {
    /// A copy with one hyperparameter changed (`set_params(name=value)`).
    public func setting(_ name: String, to value: ParameterValue) throws -> Self {
        var copy = self
        try copy.setParam(name, to: value)
        return copy
    }

    /// A copy with several hyperparameters changed, applied in name order.
    public func setting(_ values: [String: ParameterValue]) throws -> Self {
        var copy = self
        for name in values.keys.sorted() { try copy.setParam(name, to: values[name]!) }
        return copy
    }

    /// A copy with the hyperparameter at `keyPath` changed.
    public func setting<Value>(_ keyPath: WritableKeyPath<Self, Value>, to value: Value) -> Self {
        var copy = self
        copy[keyPath: keyPath] = value
        return copy
    }

    /// The estimator as scikit-learn prints it: `Name(param=value, ...)`, changed parameters only.
    public var parameterDescription: String {
        let defaults = Self.defaultParams
        let changed = params.filter { defaults[$0.key] != $0.value }.sorted { $0.key < $1.key }
        return Self.typeName + "(" + changed.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
    }

    /// The error for a name this estimator does not have, listing the valid names.
    public static func unknownParameter(_ name: String) -> SwiftLearnError {
        .unknownName("\(typeName) has no parameter '\(name)'; valid parameters: "
            + defaultParams.keys.sorted().joined(separator: ", "))
    }
}
