import TensorCore

/// A projection applied to a weight after every optimizer update (Keras' `keras.constraints`):
/// `Dense(64, kernelConstraint: MaxNorm(2))`. The training step applies it in place to each
/// constrained trainable weight after the optimizer has updated it, as Keras 3's optimizer does.
public protocol Constraint {
    /// Projects `values` (a weight of shape `shape`, row-major) in place.
    func apply(to values: UnsafeMutableBufferPointer<Float>, shape: [Int]) throws
    /// The Keras class name (`MaxNorm`).
    var className: String { get }
    /// The Keras config (`{"max_value": 2, "axis": 0}`).
    var config: [(String, JSONValue)] { get }
}

extension Constraint {
    /// The constrained copy of `w` (Keras' `constraint(w)`).
    public func callAsFunction(_ w: Tensor) throws -> Tensor {
        var out = Tensor(uncheckedShape: w.shape, storage: w.storage.copy())
        try out.withUnsafeMutableBufferPointer { try apply(to: $0, shape: w.shape) }
        return out
    }

    /// The Keras 3 serialized form: `{"module": "keras.constraints", "class_name": ..., "config": {...}, "registered_name": null}`.
    public var serialized: JSONValue {
        .object([("module", "keras.constraints"), ("class_name", .string(className)),
                 ("config", .object(config)), ("registered_name", .null)])
    }
}

/// Scales each slice along `axis` so that its norm is at most `maxValue` (Keras' `MaxNorm`,
/// defaults 2 and axis 0: for a Dense kernel `[inputs, units]`, the weights into each unit):
/// `w · clip(‖w‖, 0, maxValue) / (1e-7 + ‖w‖)`.
public struct MaxNorm: Constraint, Sendable {
    public let maxValue: Float
    public let axis: Int
    public init(_ maxValue: Float = 2, axis: Int = 0) { self.maxValue = maxValue; self.axis = axis }
    public func apply(to values: UnsafeMutableBufferPointer<Float>, shape: [Int]) throws {
        try NormConstraint.rescale(values, shape: shape, axis: axis, context: "MaxNorm") { Swift.min(Swift.max($0, 0), maxValue) }
    }
    public var className: String { "MaxNorm" }
    public var config: [(String, JSONValue)] { [("max_value", kerasFloat(maxValue)), ("axis", .number(Double(axis)))] }
}

/// Sets negative weights to 0 (Keras' `NonNeg`).
public struct NonNeg: Constraint, Sendable {
    public init() {}
    public func apply(to values: UnsafeMutableBufferPointer<Float>, shape: [Int]) throws {
        for i in values.indices where !(values[i] >= 0) && !values[i].isNaN { values[i] = 0 }
    }
    public var className: String { "NonNeg" }
    public var config: [(String, JSONValue)] { [] }
}

/// Scales each slice along `axis` to norm 1: `w / (1e-7 + ‖w‖)` (Keras' `UnitNorm`, axis 0).
public struct UnitNorm: Constraint, Sendable {
    public let axis: Int
    public init(axis: Int = 0) { self.axis = axis }
    public func apply(to values: UnsafeMutableBufferPointer<Float>, shape: [Int]) throws {
        try NormConstraint.rescale(values, shape: shape, axis: axis, context: "UnitNorm") { _ in 1 }
    }
    public var className: String { "UnitNorm" }
    public var config: [(String, JSONValue)] { [("axis", .number(Double(axis)))] }
}

/// Moves each slice's norm towards `[minValue, maxValue]` (Keras' `MinMaxNorm`):
/// desired `= rate · clip(‖w‖, min, max) + (1 − rate) · ‖w‖`, then `w · desired / (1e-7 + ‖w‖)`.
public struct MinMaxNorm: Constraint, Sendable {
    public let minValue: Float
    public let maxValue: Float
    public let rate: Float
    public let axis: Int
    public init(minValue: Float = 0, maxValue: Float = 1, rate: Float = 1, axis: Int = 0) {
        self.minValue = minValue; self.maxValue = maxValue; self.rate = rate; self.axis = axis
    }
    public func apply(to values: UnsafeMutableBufferPointer<Float>, shape: [Int]) throws {
        try NormConstraint.rescale(values, shape: shape, axis: axis, context: "MinMaxNorm") {
            rate * Swift.min(Swift.max($0, minValue), maxValue) + (1 - rate) * $0
        }
    }
    public var className: String { "MinMaxNorm" }
    public var config: [(String, JSONValue)] {
        [("min_value", kerasFloat(minValue)), ("max_value", kerasFloat(maxValue)), ("rate", kerasFloat(rate)), ("axis", .number(Double(axis)))]
    }
}

/// The shared slice-norm rescaling of the norm constraints.
enum NormConstraint {
    /// For every slice along `axis`: `w ← w · (desired(‖w‖) / (1e-7 + ‖w‖))`, in float32 as Keras.
    /// No allocation: the slices are walked with strides.
    static func rescale(_ w: UnsafeMutableBufferPointer<Float>, shape: [Int], axis: Int, context: String,
                        desired: (Float) -> Float) throws {
        let rank = Swift.max(shape.count, 1)
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < rank else {
            throw SwiftLearnError.invalidArgument("\(context): axis \(axis) is out of range for a weight of shape \(formatShape(shape))")
        }
        let dims = shape.isEmpty ? [1] : shape
        let n = dims[a]
        let inner = dims[(a + 1)...].reduce(1, *)
        let outer = dims[..<a].reduce(1, *)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                var sum: Float = 0
                for k in 0..<n { let v = w[base + k * inner]; sum += v * v }
                let norm = sum.squareRoot()
                let factor = desired(norm) / (1e-7 + norm)
                for k in 0..<n { w[base + k * inner] *= factor }
            }
        }
    }
}

/// Constraints from their Keras names and configs.
public enum Constraints {
    /// A constraint from a Keras string (`"max_norm"`, `"non_neg"`, `"unit_norm"`, `"min_max_norm"`)
    /// or a serialized object (`{"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}`).
    public static func make(config json: JSONValue) throws -> Constraint {
        if let name = json.stringValue {
            switch name.lowercased() {
            case "max_norm", "maxnorm": return MaxNorm()
            case "non_neg", "nonneg": return NonNeg()
            case "unit_norm", "unitnorm": return UnitNorm()
            case "min_max_norm", "minmaxnorm": return MinMaxNorm()
            default: throw SwiftLearnError.unknownName("constraint '\(name.prefix(80))'; known: max_norm, non_neg, unit_norm, min_max_norm")
            }
        }
        let entry = try ConfigReader(json, context: "constraint")
        let className = try entry.string("class_name")
        let c = try ConfigReader(json["config"] ?? .object([]), context: "\(className.prefix(80)) constraint config")
        func axis() throws -> Int {
            if let v = c.object["axis"], v.intValue == nil, v != .null {
                throw c.mismatch("axis", "a single integer axis (lists of axes are not supported)", v)
            }
            return try c.int("axis", default: 0, in: -8...8)
        }
        switch className {
        case "MaxNorm": return MaxNorm(try c.finiteFloat("max_value", default: 2), axis: try axis())
        case "NonNeg": return NonNeg()
        case "UnitNorm": return UnitNorm(axis: try axis())
        case "MinMaxNorm":
            return MinMaxNorm(minValue: try c.finiteFloat("min_value", default: 0), maxValue: try c.finiteFloat("max_value", default: 1),
                              rate: try c.finiteFloat("rate", default: 1), axis: try axis())
        default:
            throw SwiftLearnError.unknownName("constraint class '\(className.prefix(80))'; known: MaxNorm, NonNeg, UnitNorm, MinMaxNorm")
        }
    }

    /// The serialized form of an optional constraint (`null` when absent), as Keras writes it.
    static func serialize(_ c: Constraint?) -> JSONValue { c?.serialized ?? .null }
}

// Keras' lower-case shortcuts: `Dense(64, kernelConstraint: .maxNorm(3))`.
extension Constraint where Self == MaxNorm {
    /// `MaxNorm(maxValue, axis:)` (Keras' `constraints.max_norm`).
    public static func maxNorm(_ maxValue: Float = 2, axis: Int = 0) -> MaxNorm { MaxNorm(maxValue, axis: axis) }
}
extension Constraint where Self == NonNeg {
    /// `NonNeg()` (Keras' `constraints.non_neg`).
    public static var nonNeg: NonNeg { NonNeg() }
}
extension Constraint where Self == UnitNorm {
    /// `UnitNorm(axis:)` (Keras' `constraints.unit_norm`).
    public static func unitNorm(axis: Int = 0) -> UnitNorm { UnitNorm(axis: axis) }
}
extension Constraint where Self == MinMaxNorm {
    /// `MinMaxNorm(...)` (Keras' `constraints.min_max_norm`).
    public static func minMaxNorm(minValue: Float = 0, maxValue: Float = 1, rate: Float = 1, axis: Int = 0) -> MinMaxNorm {
        MinMaxNorm(minValue: minValue, maxValue: maxValue, rate: rate, axis: axis)
    }
}
