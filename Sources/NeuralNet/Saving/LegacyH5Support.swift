import Foundation
import HDF5
import TensorCore

/// Shared pieces of the legacy Keras HDF5 format (`model.save("m.h5")`, `save_weights("w.h5")`):
/// the version attributes, weight names as Keras 3 writes them, and atomic writing.
enum LegacyH5 {
    /// The Keras version written to `@keras_version` (the version whose loader the files target).
    static let kerasVersion = "3.15.1"
    /// The backend written to `@backend`.
    static let backend = "jax"
    /// The group holding SwiftLearn's optimizer state. Keras 3 fails to train a model loaded from
    /// a `.h5` with an `optimizer_weights` group (keras-formats §1.8) and ignores groups it does
    /// not know, so the state lives under this name instead (see `LegacyH5Optimizer.swift`).
    static let optimizerGroup = "swiftlearn_optimizer_state"
    /// The largest `model_config` / `training_config` attribute read (64 MiB of JSON).
    static let maximumJSONBytes = 64 << 20

    /// The weights of `layer` in the order Keras saves them: trainable first, then non-trainable.
    static func orderedWeights(of layer: Layer) -> [Variable] {
        layer.trainableWeights + layer.nonTrainableWeights
    }

    /// The name Keras 3 gives a weight in `@weight_names`: the variable's path, prefixed with the
    /// model's name for a Sequential model (`sequential/dense/kernel`), bare for a functional one
    /// (`dense/kernel`), keras-formats §1.6.
    static func weightName(_ variable: Variable, in model: Model) -> String {
        model is Sequential ? "\(model.name)/\(variable.path)" : variable.path
    }

    /// Whether the name stored in a file (`sequential/dense/kernel`, tf.keras 2's
    /// `dense/kernel:0`) names `variable`: its last component, without `:0`, is the variable's name.
    static func storedName(_ stored: String, matches variable: Variable) -> Bool {
        var last = Substring(stored.split(separator: "/").last ?? "")
        if let colon = last.lastIndex(of: ":"), last[last.index(after: colon)...].allSatisfy(\.isNumber) {
            last = last[..<colon]
        }
        return last == variable.name
    }

    /// Writes a file at `url` atomically (``AtomicFileWrite``): `body` fills a new HDF5 file at a
    /// temporary path in the same folder, which is then closed, synced and renamed over `url`.
    static func writeAtomically(to url: URL, _ body: (File) throws -> Void) throws {
        try AtomicFileWrite.write(to: url.path) { temporary in
            let file = try File(temporary, mode: .truncate)
            defer { file.close() }
            try body(file)
            try file.flush()
        }
    }

    /// Opens `url` for reading, with errors that name the file: missing, empty, not HDF5, truncated.
    static func openForReading(_ url: URL) throws -> File {
        let path = url.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw SwiftLearnError.io("HDF5 file '\(path)': no such file")
        }
        if attributes[.type] as? FileAttributeType == .typeDirectory {
            throw SwiftLearnError.io("HDF5 file '\(path)': is a folder, not a file")
        }
        if (attributes[.size] as? NSNumber)?.intValue == 0 {
            throw SwiftLearnError.io("HDF5 file '\(path)': the file is empty (0 bytes), not a Keras .h5 file")
        }
        return try File(path, mode: .readOnly)
    }

    /// A string attribute holding JSON, parsed; errors name the file, object and attribute.
    static func readJSON(_ object: HDF5Object, attribute name: String) throws -> JSONValue {
        let attribute = try object.attribute(name)
        guard attribute.elementType == .string else {
            throw SwiftLearnError.io("HDF5 file '\(object.filePath)', object '\(object.path)', attribute '\(name)': has element type \(attribute.elementType), expected a JSON string")
        }
        let text = try attribute.readString()
        guard text.utf8.count <= maximumJSONBytes else {
            throw SwiftLearnError.io("HDF5 file '\(object.filePath)', object '\(object.path)', attribute '\(name)': \(text.utf8.count) bytes of JSON exceed the limit of \(maximumJSONBytes)")
        }
        do {
            return try JSONValue.parse(text)
        } catch let e as SwiftLearnError {
            throw SwiftLearnError.io("HDF5 file '\(object.filePath)', object '\(object.path)', attribute '\(name)': broken JSON: \(e.message)")
        }
    }

    /// A name-list attribute (`layer_names`, `weight_names`): strings, or an empty (float64)
    /// array as Keras writes for a layer without weights, or absent (empty). Keras' split form
    /// (`layer_names0`, `layer_names1`, ...) for very long lists is read too.
    static func readNames(_ object: HDF5Object, attribute name: String, required: Bool = false) throws -> [String] {
        if try object.hasAttribute(name) { return try readNameAttribute(object, name) }
        var names: [String] = []
        var chunk = 0
        while try object.hasAttribute("\(name)\(chunk)") {
            names += try readNameAttribute(object, "\(name)\(chunk)")
            chunk += 1
        }
        if chunk == 0, required {
            throw SwiftLearnError.io("HDF5 file '\(object.filePath)', object '\(object.path)': missing attribute '\(name)'")
        }
        return names
    }

    private static func readNameAttribute(_ object: HDF5Object, _ name: String) throws -> [String] {
        let attribute = try object.attribute(name)
        if attribute.elementType == .string { return try attribute.readStrings() }
        if attribute.shape.reduce(1, *) == 0 { return [] }
        throw SwiftLearnError.io("HDF5 file '\(object.filePath)', object '\(object.path)', attribute '\(name)': has element type \(attribute.elementType) and shape \(attribute.shape), expected a list of strings")
    }

    /// Writes a name list as Keras does: strings, or an empty float64 array when there are none.
    static func writeNames(_ names: [String], to object: HDF5Object, attribute name: String) throws {
        if names.isEmpty {
            try object.setAttribute(name, [Double]())
        } else {
            try object.setAttribute(name, names)
        }
    }

    /// Creates the groups along `path` below `group` that do not exist yet.
    static func createParents(of path: String, in group: Group) throws {
        let parts = path.split(separator: "/").dropLast()
        var prefix = ""
        for part in parts {
            prefix += prefix.isEmpty ? String(part) : "/" + part
            if try !group.exists(prefix) { try group.createGroup(prefix) }
        }
    }
}
