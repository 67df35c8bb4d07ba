import Foundation
import TensorCore
import ZIPFoundation

/// Keras 3's `.keras` file: a zip holding `metadata.json`, `config.json` (the model's
/// architecture and `compile_config`) and `model.weights.h5` (``KerasWeightsFile``, optimizer
/// variables included), all stored uncompressed as Keras writes them.
enum KerasArchive {
    static let configMember = "config.json"
    static let metadataMember = "metadata.json"
    static let weightsMember = "model.weights.h5"
    /// The largest `config.json` read (64 MiB); a larger one is refused as corrupt.
    static let maximumConfigSize: Int64 = 64 << 20

    // MARK: Writing

    /// The model's `config.json` in Keras 3's form.
    static func configJSON(for model: Model, includeOptimizer: Bool) throws -> JSONValue {
        guard model is Sequential || model.graph != nil || LayerRegistry.classNames.contains(model.className) else {
            throw SwiftLearnError.invalidArgument("cannot save model '\(model.name)' (\(model.className)) as a .keras file: its class is not registered, so it could not be rebuilt from its config; use saveWeights(to:) with a .weights.h5 file (Keras' advice for subclassed models too), or register the class with LayerRegistry.register(className:_:)")
        }
        var entry = nativeEntry(model.serialized)
        let inputShape: JSONValue = model.graph == nil ? (model.builtInputShape.map { .shape($0) } ?? .null) : .null
        let compile: JSONValue = model.compiled.map { compiled in
            guard includeOptimizer else { return .null }
            return CompileConfig.json(for: compiled)
        } ?? .null
        if case .object(var pairs) = entry {
            pairs += [("build_config", .object([("input_shape", inputShape)])), ("compile_config", compile)]
            entry = .object(pairs)
        }
        return entry
    }

    /// Adds Keras 3's `module` and `registered_name` to an entry and, recursively, to the entries
    /// of its `layers` list.
    static func nativeEntry(_ json: JSONValue) -> JSONValue {
        guard case .object(let pairs) = json, let className = json["class_name"]?.stringValue else { return json }
        var config = json["config"] ?? .object([])
        if case .object(var inner) = config, let i = inner.firstIndex(where: { $0.0 == "layers" }), let layers = inner[i].1.arrayValue {
            inner[i].1 = .array(layers.map(nativeEntry))
            config = .object(inner)
        }
        let module: String, registered: JSONValue
        switch className {
        case "Sequential": (module, registered) = ("keras", .null)
        case "Functional", "Model": (module, registered) = ("keras.src.models.functional", "Functional")
        default: (module, registered) = ("keras.layers", .null)
        }
        var out: [(String, JSONValue)] = [("module", .string(module)), ("class_name", .string(className == "Model" ? "Functional" : className)),
                                         ("config", config), ("registered_name", registered)]
        out += pairs.filter { !["module", "class_name", "config", "registered_name"].contains($0.0) }
        return .object(out)
    }

    /// Writes the zip to `path` (a temporary file the caller renames into place).
    static func write(_ model: Model, to path: String, includeOptimizer: Bool) throws {
        let config = try configJSON(for: model, includeOptimizer: includeOptimizer).jsonText
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let metadata = JSONValue.object([("keras_version", "3.15.1"), ("date_saved", .string(formatter.string(from: Date()))),
                                         ("saved_by", "SwiftLearn")]).jsonText
        let weights = AtomicFileWrite.temporaryPath(near: path, suffix: ".weights.h5")
        defer { unlink(weights) }
        try KerasWeightsFile.write(model, to: weights, includeOptimizer: includeOptimizer)
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
            let epoch = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01, as Keras stamps its JSON members
            for (member, text) in [(metadataMember, metadata), (configMember, config)] {
                let data = Data(text.utf8)
                try archive.addEntry(with: member, type: .file, uncompressedSize: Int64(data.count), modificationDate: epoch,
                                     compressionMethod: .none) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            try archive.addEntry(with: weightsMember, fileURL: URL(fileURLWithPath: weights), compressionMethod: .none)
        } catch let e as SwiftLearnError {
            throw e
        } catch {
            throw SwiftLearnError.io("cannot write the .keras file '\(path)': \(error)")
        }
    }

    // MARK: Reading

    /// Opens the zip at `path`; `io` error naming the file when it is not a readable zip.
    static func open(_ path: String) throws -> Archive {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw SwiftLearnError.io(".keras file '\(path)': no such file") }
        // (ZIPFoundation loops forever on a folder.)
        guard !isFolder.boolValue else { throw SwiftLearnError.io(".keras file '\(path)': is a folder, not a file") }
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw SwiftLearnError.io(".keras file '\(path)': not a readable zip archive (\(error)); a .keras file is a zip holding config.json and model.weights.h5")
        }
    }

    /// The bytes of `member`, its CRC checked.
    static func data(of member: String, in archive: Archive, path: String) throws -> Data {
        let entry = try requireEntry(member, in: archive, path: path)
        guard entry.uncompressedSize <= maximumConfigSize else {
            throw SwiftLearnError.io(".keras file '\(path)': member '\(member)' claims \(entry.uncompressedSize) bytes, more than the \(maximumConfigSize) allowed")
        }
        var data = Data()
        try extract(entry, member: member, from: archive, path: path) { data.append($0) }
        return data
    }

    /// Extracts `member` to the file `destination`, its CRC checked.
    static func extract(_ member: String, in archive: Archive, path: String, to destination: String) throws {
        let entry = try requireEntry(member, in: archive, path: path)
        guard FileManager.default.createFile(atPath: destination, contents: nil), let handle = FileHandle(forWritingAtPath: destination) else {
            throw SwiftLearnError.io(".keras file '\(path)': cannot create the temporary file '\(destination)' to extract '\(member)'")
        }
        defer { try? handle.close() }
        var writeError: Error?
        try extract(entry, member: member, from: archive, path: path) { chunk in
            do { try handle.write(contentsOf: chunk) } catch { writeError = error }
        }
        if let writeError { throw SwiftLearnError.io(".keras file '\(path)': extracting '\(member)' failed: \(writeError)") }
    }

    private static func requireEntry(_ member: String, in archive: Archive, path: String) throws -> Entry {
        guard let entry = archive[member] else {
            let present = archive.map(\.path)
            throw SwiftLearnError.io(".keras file '\(path)': missing member '\(member)' (the zip holds \(present.isEmpty ? "nothing" : present.joined(separator: ", ")))")
        }
        return entry
    }

    private static func extract(_ entry: Entry, member: String, from archive: Archive, path: String, _ consume: @escaping (Data) -> Void) throws {
        let crc: CRC32
        do {
            crc = try archive.extract(entry, skipCRC32: false) { consume($0) }
        } catch {
            throw SwiftLearnError.io(".keras file '\(path)': member '\(member)' cannot be read: \(error)")
        }
        guard crc == entry.checksum else {
            throw SwiftLearnError.io(".keras file '\(path)': member '\(member)' is corrupted (CRC-32 \(String(crc, radix: 16)) instead of \(String(entry.checksum, radix: 16)))")
        }
    }

    /// The model in the zip at `path`, compiled from its `compile_config` when `compile` is true,
    /// with its weights and optimizer state.
    static func load(from path: String, compile: Bool) throws -> Model {
        let archive = try open(path)
        let configData = try data(of: configMember, in: archive, path: path)
        let json: JSONValue
        do {
            json = try JSONValue.parse(utf8: [UInt8](configData))
        } catch let e as SwiftLearnError {
            throw SwiftLearnError.invalidConfig(".keras file '\(path)': \(configMember): \(e.message)")
        }
        let model = try withContext(".keras file '\(path)': \(configMember)") { () throws -> Model in
            guard let model = try LayerRegistry.layer(from: json) as? Model else {
                throw SwiftLearnError.invalidConfig("the top-level object is a \(json["class_name"]?.stringValue ?? "?"), not a model")
            }
            if !model.isBuilt, let shape = json["build_config"]?["input_shape"], shape != .null {
                let reader = try ConfigReader(.object([("input_shape", shape)]), context: "build_config")
                try model.buildIfNeeded(inputShape: reader.shape("input_shape"))
            }
            if compile, let compileConfig = json["compile_config"], compileConfig != .null {
                try CompileConfig.compile(model, from: compileConfig, context: "compile_config")
            }
            return model
        }
        try loadWeights(into: model, fromArchive: archive, path: path)
        return model
    }

    /// Loads `model.weights.h5` from the zip into `model`.
    static func loadWeights(into model: Model, fromArchive archive: Archive, path: String) throws {
        let weights = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-\(UUID().uuidString).weights.h5").path
        defer { unlink(weights) }
        try extract(weightsMember, in: archive, path: path, to: weights)
        try KerasWeightsFile.read(into: model, from: weights, displayName: "\(path)' member '\(weightsMember)")
    }

    /// Runs `body`, prefixing the message of any error it throws with `context` (the case is kept).
    static func withContext<T>(_ context: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as SwiftLearnError {
            throw e.prefixed(context)
        }
    }
}
