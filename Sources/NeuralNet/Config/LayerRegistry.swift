import Foundation
import TensorCore

/// Maps Keras class names (`"Dense"`) to functions that build a layer from its config, so that
/// models can be rebuilt from the JSON Keras and SwiftLearn write. Open to user layers:
/// `LayerRegistry.register(className: "MyLayer") { try MyLayer(config: $0) }`.
public enum LayerRegistry {
    public typealias Factory = (ConfigReader) throws -> Layer

    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        var factories: [String: Factory] = [
            "Dense": { try Dense(config: $0) },
            "Flatten": { try Flatten(config: $0) },
            "Activation": { try ActivationLayer(config: $0) },
            "InputLayer": { try InputLayer(config: $0) },
            "Sequential": { try Sequential(config: $0) },
            "Functional": { try Model.functional(config: $0) },
            "Model": { try Model.functional(config: $0) },
            "Concatenate": { try Concatenate(config: $0) },
            "Add": { try mergeLayer(Add.init, $0) },
            "Subtract": { try mergeLayer(Subtract.init, $0) },
            "Multiply": { try mergeLayer(Multiply.init, $0) },
            "Average": { try mergeLayer(Average.init, $0) },
            "Maximum": { try mergeLayer(Maximum.init, $0) },
            "Minimum": { try mergeLayer(Minimum.init, $0) },
            "Dropout": { try Dropout(config: $0) },
            "Reshape": { try Reshape(config: $0) },
            "Normalization": { try Normalization(config: $0) },
            "BatchNormalization": { try BatchNormalization(config: $0) },
            "Lambda": { try Lambda.refuse(config: $0) },
            "LeakyReLU": { try ActivationLayer(activationLayerClass: "LeakyReLU", config: $0) },
            "ELU": { try ActivationLayer(activationLayerClass: "ELU", config: $0) },
        ]
    }
    private static let box = Box()

    /// Registers (or replaces) the factory for `className`.
    public static func register(className: String, _ factory: @escaping Factory) {
        box.lock.lock(); defer { box.lock.unlock() }
        box.factories[className] = factory
    }

    /// The class names that can be deserialized.
    public static var classNames: [String] {
        box.lock.lock(); defer { box.lock.unlock() }
        return box.factories.keys.sorted()
    }

    /// A layer from `{"class_name": ..., "config": {...}}`.
    ///
    /// A malformed config throws ``SwiftLearnError/invalidConfig(_:)`` naming the class, the layer
    /// and the key (`Dense config 'dense_1': key 'units' must be a positive integer, received -3`);
    /// a class that is not registered throws ``SwiftLearnError/unknownName(_:)``.
    public static func layer(from json: JSONValue) throws -> Layer {
        let entry = try ConfigReader(json, context: "layer entry")
        let className = try entry.string("class_name")
        box.lock.lock()
        let factory = box.factories[className]
        box.lock.unlock()
        guard let factory else {
            throw SwiftLearnError.unknownName("layer class '\(className.prefix(80))'; registered classes are \(classNames.joined(separator: ", ")); register custom layers with LayerRegistry.register(className:_:)")
        }
        let name = json["config"]?["name"]?.stringValue.map { " '\($0.prefix(80))'" } ?? ""
        let reader = try ConfigReader(json["config"] ?? .null, context: "\(className) config\(name)")
        do {
            return try factory(reader)
        } catch SwiftLearnError.io(let message) {
            // Factories read no files: what they report as I/O is a malformed config.
            throw SwiftLearnError.invalidConfig(message)
        }
    }
}

extension Layer {
    /// `{"class_name": ..., "config": {...}}`, the form Keras stores layers in.
    public var serialized: JSONValue {
        .object([("class_name", .string(className)), ("config", .object(config))])
    }
}

/// A merge layer with no options of its own, from its config (`name`, `trainable`).
private func mergeLayer(_ make: (String?, [Int]?) -> Merge, _ c: ConfigReader) throws -> Layer {
    let layer = make(c.has("name") ? try c.string("name") : nil, nil)
    layer.isTrainable = try c.bool("trainable", default: true)
    return layer
}
