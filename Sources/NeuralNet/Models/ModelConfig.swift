import TensorCore

extension Model {
    /// Rebuilds a model from `{"class_name": ..., "config": {...}}` (``Layer/serialized``, Keras'
    /// `keras.saving.deserialize_keras_object`): a ``Sequential``, a functional model, or a
    /// subclassed model whose class is registered with ``LayerRegistry/register(className:_:)``.
    /// Throws ``SwiftLearnError/unknownName(_:)`` for an unregistered class and
    /// ``SwiftLearnError/invalidConfig(_:)`` for an entry that rebuilds a layer, not a model.
    public static func fromConfig(_ serialized: JSONValue) throws -> Model {
        let layer = try LayerRegistry.layer(from: serialized)
        guard let model = layer as? Model else {
            throw SwiftLearnError.invalidConfig("Model.fromConfig: expected the config of a model, received that of a \(layer.className) layer ('\(layer.name)')")
        }
        return model
    }

    /// Rebuilds a model of class `className` from its config (Keras' `Model.from_config(config)`,
    /// the pairs ``Layer/getConfig()`` returns).
    public static func fromConfig(_ config: [(String, JSONValue)], className: String) throws -> Model {
        try fromConfig(.object([("class_name", .string(className)), ("config", .object(config))]))
    }
}
