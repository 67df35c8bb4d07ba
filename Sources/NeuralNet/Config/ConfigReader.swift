import TensorCore

/// Typed access to a Keras config object, with errors that name the layer and the key.
public struct ConfigReader {
    public let object: JSONValue
    /// Where the config came from, for errors: e.g. `Dense config`.
    public let context: String

    public init(_ object: JSONValue, context: String) throws {
        guard case .object = object else {
            throw SwiftLearnError.io("\(context): expected a JSON object, received \(object.jsonText.prefix(80))")
        }
        self.object = object
        self.context = context
    }

    public func has(_ key: String) -> Bool { object[key] != nil && object[key] != .null }

    public func string(_ key: String, default fallback: String? = nil) throws -> String {
        try read(key, fallback, "a string") { $0.stringValue }
    }

    public func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        try read(key, fallback, "an integer") { $0.intValue }
    }

    public func float(_ key: String, default fallback: Float? = nil) throws -> Float {
        try read(key, fallback, "a number") { $0.doubleValue.map(Float.init) }
    }

    public func bool(_ key: String, default fallback: Bool? = nil) throws -> Bool {
        try read(key, fallback, "true or false") { $0.boolValue }
    }

    /// The value under `key` converted by `convert`; `fallback` when absent or null.
    private func read<T>(_ key: String, _ fallback: T?, _ expected: String, _ convert: (JSONValue) -> T?) throws -> T {
        if let v = object[key], v != .null {
            guard let value = convert(v) else { throw mismatch(key, expected, v) }
            return value
        }
        if let fallback { return fallback }
        throw missing(key)
    }

    /// A shape such as `[null, 28, 28]` (nulls become nil).
    public func shape(_ key: String) throws -> [Int?] {
        guard let v = object[key], let items = v.arrayValue else { throw missing(key) }
        return try items.map { item -> Int? in
            if item == .null { return nil }
            guard let i = item.intValue, i >= 0 else { throw mismatch(key, "a list of non-negative integers or null", v) }
            return i
        }
    }

    /// The per-sample input shape a layer declares (`batch_shape` or `batch_input_shape`, batch dropped).
    public func declaredInputShape() throws -> [Int]? {
        for key in ["batch_shape", "batch_input_shape"] where has(key) {
            let dims = try shape(key).dropFirst()
            guard dims.allSatisfy({ $0 != nil }) else { throw mismatch(key, "known dimensions after the batch dimension", object[key]!) }
            return dims.map { $0! }
        }
        return nil
    }

    func missing(_ key: String) -> SwiftLearnError {
        .io("\(context): missing key '\(key)'")
    }

    func mismatch(_ key: String, _ expected: String, _ value: JSONValue) -> SwiftLearnError {
        .io("\(context): '\(key)' must be \(expected), received \(value.jsonText.prefix(80))")
    }
}
