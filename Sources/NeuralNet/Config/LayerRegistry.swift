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
    public static func layer(from json: JSONValue) throws -> Layer {
        let entry = try ConfigReader(json, context: "layer entry")
        let className = try entry.string("class_name")
        box.lock.lock()
        let factory = box.factories[className]
        box.lock.unlock()
        guard let factory else {
            throw SwiftLearnError.unknownName("layer class '\(className)'; registered classes are \(classNames.joined(separator: ", ")); register custom layers with LayerRegistry.register(className:_:)")
        }
        let name = json["config"]?["name"]?.stringValue.map { " '\($0)'" } ?? ""
        return try factory(ConfigReader(json["config"] ?? .null, context: "\(className)\(name) config"))
    }
}

extension Layer {
    /// `{"class_name": ..., "config": {...}}`, the form Keras stores layers in.
    public var serialized: JSONValue {
        .object([("class_name", .string(className)), ("config", .object(config))])
    }
}
