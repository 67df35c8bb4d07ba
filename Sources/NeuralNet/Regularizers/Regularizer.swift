import TensorCore

/// A weight or activity penalty added to the training loss (Keras' `keras.regularizers`).
///
/// Give one to a layer (`Dense(64, kernelRegularizer: L2(0.01))`): at every training step the
/// penalty of each regularized trainable weight, computed on the weight before the update, is
/// added to the loss, so it is part of both the gradient and the reported `loss` (and of
/// `evaluate`'s loss), as in Keras 3. ``Layer/losses`` lists the current penalties.
///
/// ``penalty(_:)`` must use differentiable tensor operations (`abs`, `square`, `summed`...), so
/// that the tape differentiates it; conform your own type for a custom penalty.
public protocol Regularizer {
    /// The penalty of `x` as a scalar tensor.
    func penalty(_ x: Tensor) throws -> Tensor
    /// The Keras class name (`L2`).
    var className: String { get }
    /// The Keras config (`{"l2": 0.01}`).
    var config: [(String, JSONValue)] { get }
}

extension Regularizer {
    /// The Keras 3 serialized form: `{"module": "keras.regularizers", "class_name": "L2", "config": {...}, "registered_name": null}`.
    public var serialized: JSONValue {
        .object([("module", "keras.regularizers"), ("class_name", .string(className)),
                 ("config", .object(config)), ("registered_name", .null)])
    }
}

/// `l1 · Σ|x|` (Keras' `L1`, default `l1 = 0.01`). The derivative of `|x|` at 0 is 0, as in Keras.
public struct L1: Regularizer, Sendable {
    public let l1: Float
    public init(_ l1: Float = 0.01) { self.l1 = l1 }
    public func penalty(_ x: Tensor) throws -> Tensor { x.abs().summed() * l1 }
    public var className: String { "L1" }
    /// Keras 3 keeps `l1` as a float32 tensor, so its config holds the float32 value widened
    /// (`0.009999999776482582` for 0.01); so does this one.
    public var config: [(String, JSONValue)] { [("l1", .float32(l1))] }
}

/// `l2 · Σx²` (Keras' `L2`, default `l2 = 0.01`).
public struct L2: Regularizer, Sendable {
    public let l2: Float
    public init(_ l2: Float = 0.01) { self.l2 = l2 }
    public func penalty(_ x: Tensor) throws -> Tensor { x.square().summed() * l2 }
    public var className: String { "L2" }
    public var config: [(String, JSONValue)] { [("l2", kerasFloat(l2))] }
}

/// `l1 · Σ|x| + l2 · Σx²` (Keras' `L1L2`). As in Keras, both factors default to 0 here, and to
/// 0.01 when the regularizer is named by the string `"l1_l2"`; a zero factor adds no term.
public struct L1L2: Regularizer, Sendable {
    public let l1: Float
    public let l2: Float
    public init(l1: Float = 0, l2: Float = 0) { self.l1 = l1; self.l2 = l2 }
    public func penalty(_ x: Tensor) throws -> Tensor {
        var total = Tensor(0)
        if l1 != 0 { total = try total + x.abs().summed() * l1 }
        if l2 != 0 { total = try total + x.square().summed() * l2 }
        return total
    }
    public var className: String { "L1L2" }
    public var config: [(String, JSONValue)] { [("l1", kerasFloat(l1)), ("l2", kerasFloat(l2))] }
}

/// Regularizers from their Keras names and configs.
public enum Regularizers {
    /// A regularizer from a Keras string (`"l1"`, `"l2"`, `"l1_l2"`, with Keras' default factors
    /// 0.01) or a serialized object (`{"class_name": "L2", "config": {"l2": 0.05}}`).
    /// Throws ``SwiftLearnError/unknownName(_:)`` for another name and
    /// ``SwiftLearnError/invalidConfig(_:)`` for a malformed config.
    public static func make(config json: JSONValue) throws -> Regularizer {
        if let name = json.stringValue {
            switch name.lowercased() {
            case "l1": return L1()
            case "l2": return L2()
            case "l1_l2", "l1l2": return L1L2(l1: 0.01, l2: 0.01)
            default: throw SwiftLearnError.unknownName("regularizer '\(name.prefix(80))'; known: l1, l2, l1_l2, or an object with class_name L1, L2 or L1L2")
            }
        }
        let entry = try ConfigReader(json, context: "regularizer")
        let className = try entry.string("class_name")
        let c = try ConfigReader(json["config"] ?? .object([]), context: "\(className.prefix(80)) regularizer config")
        switch className {
        case "L1": return L1(try nonNegative(c, "l1", default: 0.01))
        case "L2": return L2(try nonNegative(c, "l2", default: 0.01))
        case "L1L2": return L1L2(l1: try nonNegative(c, "l1", default: 0), l2: try nonNegative(c, "l2", default: 0))
        default:
            throw SwiftLearnError.unknownName("regularizer class '\(className.prefix(80))'; known: L1, L2, L1L2")
        }
    }

    /// The serialized form of an optional regularizer (`null` when absent), as Keras writes it.
    static func serialize(_ r: Regularizer?) -> JSONValue { r?.serialized ?? .null }

    private static func nonNegative(_ c: ConfigReader, _ key: String, default fallback: Float) throws -> Float {
        let v = try c.finiteFloat(key, default: fallback)
        guard v >= 0 else { throw c.error(key, "must be a non-negative number, received \(v)") }
        return v
    }
}

extension ConfigReader {
    /// The value under `key` decoded by `decode` (a regularizer, a constraint), `nil` when the
    /// key is absent or null; errors name this config and the key.
    func optional<T>(_ key: String, _ decode: (JSONValue) throws -> T) throws -> T? {
        guard has(key) else { return nil }
        return try self.decode(key, default: .null, decode)
    }
}

// Keras' lower-case shortcuts: `Dense(64, kernelRegularizer: .l2(0.01))`.
extension Regularizer where Self == L1 {
    /// `L1(l1)` (Keras' `regularizers.l1`).
    public static func l1(_ l1: Float = 0.01) -> L1 { L1(l1) }
}
extension Regularizer where Self == L2 {
    /// `L2(l2)` (Keras' `regularizers.l2`).
    public static func l2(_ l2: Float = 0.01) -> L2 { L2(l2) }
}
extension Regularizer where Self == L1L2 {
    /// `L1L2(l1:l2:)` with Keras' `regularizers.l1_l2` defaults, 0.01 each.
    public static func l1l2(l1: Float = 0.01, l2: Float = 0.01) -> L1L2 { L1L2(l1: l1, l2: l2) }
}
