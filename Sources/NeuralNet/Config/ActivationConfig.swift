import TensorCore

extension Activation {
    /// The activation as Keras 3 stores it under `"activation"` in a layer config.
    ///
    /// With Keras' default parameters this is the plain name (`"relu"`, `"leaky_relu"`), as Keras
    /// writes for its activation functions. `leakyRelu` with another slope and `elu` with another
    /// alpha are written as the Keras layer that computes them, which is what Keras 3 writes for
    /// `Dense(activation=keras.layers.LeakyReLU(negative_slope=0.1))` and loads back:
    /// `{"module": "keras.layers", "class_name": "LeakyReLU", "config": {..., "negative_slope": 0.1}, "registered_name": null}`.
    /// `gelu(approximate: true)` has no such form and is written as `"gelu"`.
    public var config: JSONValue {
        switch self {
        case .leakyRelu(let slope) where slope != Activation.leakyRelu.negativeSlope:
            return Activation.kerasLayer("LeakyReLU", [("name", "leaky_re_lu"), ("trainable", true), ("dtype", LayerNames.dtypePolicy),
                                                       ("negative_slope", Activation.shortest(slope))])
        case .elu(let alpha) where alpha != 1:
            return Activation.kerasLayer("ELU", [("name", "elu"), ("alpha", Activation.shortest(alpha)), ("trainable", true),
                                                 ("dtype", LayerNames.dtypePolicy)])
        default:
            return .string(name)
        }
    }

    /// An activation from its Keras form: a name (`"relu"`), a serialized LeakyReLU or ELU layer
    /// (see ``config``), or Keras 3's `{"class_name": "function", "config": "relu"}`.
    public init(config: JSONValue) throws {
        if let name = config.stringValue {
            try self.init(named: name)
            return
        }
        let entry = try ConfigReader(config, context: "activation")
        let className = try entry.string("class_name")
        if className == "function" {
            try self.init(named: entry.string("config"))
            return
        }
        guard Activation.layerClassNames.contains(className) else {
            throw SwiftLearnError.invalidConfig("activation: class '\(className)' is not supported; expected an activation name or one of the layers \(Activation.layerClassNames.joined(separator: ", "))")
        }
        let inner = try ConfigReader(config["config"] ?? .object([]), context: "\(className) config")
        self = try Activation(layerClass: className, config: inner)
    }

    /// The Keras activation layers that can stand for an activation.
    static let layerClassNames = ["LeakyReLU", "ELU"]

    /// The activation Keras' layer `className` (LeakyReLU or ELU) computes, with its parameters from `c`.
    init(layerClass className: String, config c: ConfigReader) throws {
        switch className {
        case "LeakyReLU":
            // Keras 3 writes negative_slope; tf.keras 2 wrote alpha. The layer's default is 0.3.
            let key = !c.has("negative_slope") && c.has("alpha") ? "alpha" : "negative_slope"
            let slope = try c.finiteFloat(key, default: 0.3)
            guard slope >= 0 else { throw c.error(key, "must be a number >= 0, received \(slope)") }
            self = .leakyRelu(negativeSlope: slope)
        case "ELU":
            self = .elu(alpha: try c.finiteFloat("alpha", default: 1))
        default:
            throw SwiftLearnError.invalidConfig("\(c.context): layer class '\(className)' is not an activation layer")
        }
    }

    private var negativeSlope: Float {
        if case .leakyRelu(let s) = self { return s }
        return 0
    }

    /// `{"module": "keras.layers", "class_name": ..., "config": ..., "registered_name": null}`.
    private static func kerasLayer(_ className: String, _ config: [(String, JSONValue)]) -> JSONValue {
        .object([("module", "keras.layers"), ("class_name", .string(className)), ("config", .object(config)), ("registered_name", .null)])
    }

    /// The shortest decimal that reads back as `value` (0.1, not 0.10000000149011612), as a user writes it in Keras.
    private static func shortest(_ value: Float) -> JSONValue {
        .float(Double("\(value)") ?? Double(value))
    }
}
