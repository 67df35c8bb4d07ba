import Testing
import TensorCore
@testable import NeuralNet

/// The chapter's wide and deep model as a `Model` subclass that provides its config (Keras'
/// `get_config` returning the constructor's arguments) and is rebuilt by its registered factory
/// (Keras' `register_keras_serializable` + `from_config`).
final class ConfiguredWideAndDeep: Model {
    let normalization = Normalization()
    let hidden1: Dense, hidden2: Dense, output = Dense(1)
    let units: Int, activation: Activation

    init(units: Int = 30, activation: Activation = .relu, name: String? = nil) {
        self.units = units
        self.activation = activation
        hidden1 = Dense(units, activation: activation)
        hidden2 = Dense(units, activation: activation)
        super.init(name: name)
    }

    convenience init(config c: ConfigReader) throws {
        try self.init(units: c.int("units"), activation: c.decode("activation", default: "relu") { try Activation(config: $0) },
                      name: c.has("name") ? c.string("name") : nil)
    }

    override var config: [(String, JSONValue)] {
        super.config + [("units", .number(Double(units))), ("activation", activation.config)]
    }

    override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let normalized = try normalization(input)
        let deep = try hidden2(try hidden1(normalized))
        return try output(try Tensor.concatenate([normalized, deep], axis: -1))
    }
}

/// The same model without a config or registration: it can be saved as weights only.
final class UnconfiguredWideAndDeep: Model {
    let hidden = Dense(4, activation: .relu), output = Dense(1)
    override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        try output(try Tensor.concatenate([input, try hidden(input)], axis: -1))
    }
}

@Suite struct SubclassedConfigTests {
    static let registered: Void = LayerRegistry.register(className: "ConfiguredWideAndDeep") { try ConfiguredWideAndDeep(config: $0) }

    static func data() throws -> Tensor {
        try Tensor(shape: [6, 3], scalars: (0..<18).map { Float($0 % 7) * 0.5 - 1 })
    }

    static func trainedModel() throws -> ConfiguredWideAndDeep {
        _ = registered
        let model = ConfiguredWideAndDeep(units: 5, activation: .tanh, name: "my_cool_model")
        try model.normalization.adapt(try data())
        _ = try model(try data())
        return model
    }

    @Test func configHoldsTheConstructorArgumentsAndRebuilds() throws {
        let model = try Self.trainedModel()
        let config = try model.getConfig()
        #expect(config.map(\.0) == ["name", "trainable", "dtype", "units", "activation"])
        #expect(JSONValue.object(config)["units"]?.intValue == 5)
        #expect(JSONValue.object(config)["activation"]?.stringValue == "tanh")
        let rebuilt = try Model.fromConfig(config, className: "ConfiguredWideAndDeep")
        let typed = try #require(rebuilt as? ConfiguredWideAndDeep)
        #expect(typed.name == "my_cool_model" && typed.units == 5 && typed.activation == .tanh)
        let fromSerialized = try Model.fromConfig(model.serialized)
        #expect(fromSerialized is ConfiguredWideAndDeep)
        // Fresh layers: built on the first call with the same shapes; with the weights set, the same function.
        _ = try typed(try Self.data())
        #expect(typed.weights.map(\.shape) == model.weights.map(\.shape))
        try typed.setWeights(model.getWeights())
        #expect(try typed(try Self.data()).scalars == model(try Self.data()).scalars)
    }

    @Test func cloneModelRebuildsASubclass() throws {
        let model = try Self.trainedModel()
        let copy = try cloneModel(model, copyWeights: true)
        #expect(copy is ConfiguredWideAndDeep && copy !== model)
        #expect(try copy(try Self.data()).scalars == model(try Self.data()).scalars)
        #expect(!zip(copy.weights, model.weights).contains { $0 === $1 })
        let fresh = try cloneModel(model)
        _ = try fresh(try Self.data())
        #expect(fresh.weights.map(\.shape) == model.weights.map(\.shape))
        #expect(try fresh(try Self.data()).scalars != model(try Self.data()).scalars)
    }

    @Test func aSubclassWithoutConfigSaysHowToFixIt() throws {
        let model = UnconfiguredWideAndDeep(name: "plain_subclass")
        _ = try model(try Self.data())
        let advice = "override config and register the class, or save weights only"
        #expect { _ = try model.getConfig() } throws: { error in
            guard case SwiftLearnError.invalidState(let m) = error else { return false }
            return m.contains(advice) && m.contains("'plain_subclass'") && m.contains("UnconfiguredWideAndDeep")
        }
        #expect { _ = try cloneModel(model) } throws: { error in
            (error as? SwiftLearnError)?.message.contains(advice) == true
        }
        #expect { _ = try Model.fromConfig(model.serialized) } throws: { error in
            guard case SwiftLearnError.unknownName(let m) = error else { return false }
            return m.contains("UnconfiguredWideAndDeep") && m.contains("LayerRegistry.register")
        }
        // Weights alone still round-trip.
        let other = UnconfiguredWideAndDeep()
        _ = try other(try Self.data())
        try other.setWeights(model.getWeights())
        #expect(try other(try Self.data()).scalars == model(try Self.data()).scalars)
    }

    @Test func fromConfigOfALayerIsNotAModel() throws {
        #expect { _ = try Model.fromConfig(Dense(3, name: "not_a_model").serialized) } throws: { error in
            guard case SwiftLearnError.invalidConfig(let m) = error else { return false }
            return m.contains("expected the config of a model") && m.contains("Dense") && m.contains("not_a_model")
        }
    }
}
