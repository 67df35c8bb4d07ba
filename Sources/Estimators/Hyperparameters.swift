import TensorCore

/// One hyperparameter value, as scikit-learn's `get_params` returns it: a number, a flag, a
/// name, a tuple of integers (`hidden_layer_sizes`), a tuple of floats (`feature_range`), a
/// dictionary (`class_weight`), or `None`.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByStringLiteral, ExpressibleByNilLiteral, ExpressibleByDictionaryLiteral {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case ints([Int])
    /// A tuple of floats, printed as Python prints one: `(-0.5, 2.5)`.
    case doubles([Double])
    /// A dictionary with integer or string keys, printed as scikit-learn prints one: keys
    /// sorted, integers before strings (`{0: 2.0, 1: 0.5}`).
    case dictionary([ParameterKey: ParameterValue])
    case none

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(nilLiteral: ()) { self = .none }
    /// A dictionary (`[0: 2.0, 1: 0.5]`); a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (ParameterKey, ParameterValue)...) {
        self = .dictionary(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The value as Python prints it (`0.001`, `True`, `'adam'`, `(30, 10)`, `None`).
    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return pythonRepr(v)
        case .bool(let v): return v ? "True" : "False"
        case .string(let v): return "'\(v)'"
        case .ints(let v): return pythonTuple(v.map(String.init))
        case .doubles(let v): return pythonTuple(v.map(pythonRepr))
        case .dictionary(let d): return "{" + d.keys.sorted().map { "\($0): \(d[$0] ?? .none)" }.joined(separator: ", ") + "}"
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
        case .doubles: return "a tuple of numbers"
        case .dictionary: return "a dictionary"
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

    /// The value as a list of numbers (a tuple of integers is accepted, as Python accepts
    /// `(0, 1)` for floats); throws naming `name`.
    public func doubles(for name: String) throws -> [Double] {
        switch self {
        case .doubles(let v): return v
        case .ints(let v): return v.map(Double.init)
        default: throw mismatch(name, "a tuple of numbers")
        }
    }

    /// The value as a pair of numbers (`feature_range=(0, 1)`); throws naming `name` unless it
    /// is a tuple of exactly two numbers.
    public func doublePair(for name: String) throws -> (Double, Double) {
        let v = try doubles(for: name)
        guard v.count == 2 else { throw mismatch(name, "a tuple of two numbers (low, high)") }
        return (v[0], v[1])
    }

    /// The value as a dictionary; throws naming `name`.
    public func dictionary(for name: String) throws -> [ParameterKey: ParameterValue] {
        guard case .dictionary(let v) = self else { throw mismatch(name, "a dictionary") }
        return v
    }

    /// The value as a dictionary of numbers (`class_weight={0: 2.0, 1: 0.5}`; integer values
    /// are accepted); throws naming `name` and the key whose value is not a number.
    public func doubleDictionary(for name: String) throws -> [ParameterKey: Double] {
        var out: [ParameterKey: Double] = [:]
        for (key, value) in try dictionary(for: name) {
            out[key] = try value.double(for: "\(name)[\(key)]")
        }
        return out
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

/// A dictionary key in a ``ParameterValue/dictionary(_:)``: an integer or a string, ordered as
/// scikit-learn's printer sorts mixed keys (integers by value, then strings).
public enum ParameterKey: Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case int(Int)
    case string(String)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }

    /// The key as Python prints it (`0`, `'a'`).
    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .string(let v): return "'\(v)'"
        }
    }

    public static func < (a: ParameterKey, b: ParameterKey) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.string(let x), .string(let y)): return x < y
        case (.int, .string): return true
        case (.string, .int): return false
        }
    }
}

/// A Python tuple of already printed items: `(a,)` for one, `(a, b)` otherwise.
func pythonTuple(_ items: [String]) -> String {
    items.count == 1 ? "(\(items[0]),)" : "(" + items.joined(separator: ", ") + ")"
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

    /// The estimator as scikit-learn prints it: `Name(param=value, ...)`, changed parameters
    /// only, wrapped at 80 columns as scikit-learn's `_EstimatorPrettyPrinter` wraps them
    /// (continuation lines aligned after `Name(`, long tuples and dictionaries split inside);
    /// composites (`Pipeline`, `ColumnTransformer`) print their parts. scikit-learn's elision of
    /// reprs over 700 characters is not applied.
    public var parameterDescription: String { reprNode(of: self).formatted }

    /// The error for a name this estimator does not have, listing the valid names.
    public static func unknownParameter(_ name: String) -> SwiftLearnError {
        .unknownName("\(typeName) has no parameter '\(name)'; valid parameters: "
            + defaultParams.keys.sorted().joined(separator: ", "))
    }
}
