import Foundation

/// A JSON value with ordered object keys, for Keras-compatible layer and model configs.
///
/// Keys keep their insertion order so a config serializes to the same text Keras writes.
public indirect enum JSONValue: Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral {
    case null
    case bool(Bool)
    /// A number written without a fraction when it is whole (`3`, as Python writes an int).
    case number(Double)
    /// A number always written as Python writes a float (`0.0`, `0.5`, `1e-07`): Keras' float
    /// hyperparameters, which its loaders check as floats. Equal to a `number` of the same value.
    case float(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }

    /// A Float widened to Double the way Keras stores float32 hyperparameters (0.01 → 0.009999999776482582).
    public static func float32(_ value: Float) -> JSONValue { .float(Double(value)) }

    /// A shape with `nil` written as `null`.
    public static func shape(_ dims: [Int?]) -> JSONValue { .array(dims.map { $0.map { .number(Double($0)) } ?? .null }) }

    /// The value under `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var doubleValue: Double? {
        switch self {
        case .number(let d), .float(let d): return d
        default: return nil
        }
    }
    public var intValue: Int? { doubleValue.flatMap { $0 == $0.rounded() ? Int(exactly: $0) : nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)), let (.float(a), .float(b)),
             let (.number(a), .float(b)), let (.float(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Compact JSON text in Python's `json.dumps` style (`", "` and `": "` separators).
    public var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            if d == d.rounded(), Swift.abs(d) < 1e16 { return String(Int64(d)) }
            return "\(d)"
        case .float(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            return d.description  // Swift's shortest round-trip text is Python's float repr
        case .string(let s): return JSONValue.quote(s)
        case .array(let a): return "[" + a.map(\.jsonText).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.map { JSONValue.quote($0.0) + ": " + $0.1.jsonText }.joined(separator: ", ") + "}"
        }
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
