import TensorCore

/// Typed access to a Keras config object, with errors that name the layer and the key.
///
/// Every problem is reported as ``SwiftLearnError/invalidConfig(_:)``, e.g.
/// `invalid config: Dense config 'dense_1': key 'units' must be a positive integer, received -3`.
public struct ConfigReader {
    public let object: JSONValue
    /// Where the config came from, for errors: e.g. `Dense config 'dense_1'`.
    public let context: String

    /// The largest size a config may give (units, a dimension of a shape): 2^24 = 16,777,216.
    /// Larger values are refused as corrupt; a single Dense kernel of that many units would
    /// already need gigabytes of memory.
    public static let maximumSize = 1 << 24

    public init(_ object: JSONValue, context: String) throws {
        guard case .object = object else {
            throw SwiftLearnError.invalidConfig("\(context): expected a JSON object, received \(ConfigReader.preview(object))")
        }
        self.object = object
        self.context = context
    }

    /// Whether `key` is present and not null.
    public func has(_ key: String) -> Bool { object[key].map { $0 != .null } ?? false }

    public func string(_ key: String, default fallback: String? = nil) throws -> String {
        try read(key, fallback, "a string") { $0.stringValue }
    }

    /// An integer (a JSON number without a fraction that fits `Int`), within `range` if given.
    public func int(_ key: String, default fallback: Int? = nil, in range: ClosedRange<Int>? = nil) throws -> Int {
        let value = try read(key, fallback, "an integer") { $0.intValue }
        if let range, !range.contains(value) {
            throw error(key, "must be an integer in \(range.lowerBound)...\(range.upperBound), received \(ConfigReader.preview(object[key] ?? .number(Double(value))))")
        }
        return value
    }

    /// A positive integer size such as `units`, at most ``maximumSize``.
    public func size(_ key: String) throws -> Int {
        guard let v = object[key], v != .null else { throw missing(key) }
        guard let d = v.doubleValue, d == d.rounded(.towardZero) else { throw mismatch(key, "a positive integer", v) }
        guard d > 0 else { throw mismatch(key, "a positive integer", v) }
        guard d <= Double(ConfigReader.maximumSize) else {
            throw error(key, "must be at most \(ConfigReader.maximumSize), received \(ConfigReader.preview(v))")
        }
        return Int(d)
    }

    public func float(_ key: String, default fallback: Float? = nil) throws -> Float {
        try read(key, fallback, "a number") { $0.doubleValue.map(Float.init) }
    }

    /// A finite number (no NaN or infinity) that is representable as a Float.
    public func finiteFloat(_ key: String, default fallback: Float? = nil) throws -> Float {
        let value = try float(key, default: fallback)
        guard value.isFinite else {
            throw error(key, "must be a finite number, received \(ConfigReader.preview(object[key] ?? .null))")
        }
        return value
    }

    public func bool(_ key: String, default fallback: Bool? = nil) throws -> Bool {
        try read(key, fallback, "true or false") { $0.boolValue }
    }

    /// The list under `key`.
    public func array(_ key: String) throws -> [JSONValue] {
        try read(key, nil, "a list") { $0.arrayValue }
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

    /// The value under `key` decoded by `decode` (an activation, an initializer), with any error
    /// it throws reported as an invalid config naming this config and the key.
    public func decode<T>(_ key: String, default fallback: JSONValue, _ decode: (JSONValue) throws -> T) throws -> T {
        let value = object[key].flatMap { $0 == .null ? nil : $0 } ?? fallback
        do {
            return try decode(value)
        } catch let e as SwiftLearnError {
            throw SwiftLearnError.invalidConfig("\(context): key '\(key)': \(e.message)")
        }
    }

    /// A shape such as `[null, 28, 28]` (nulls become nil); each dimension in 0...``maximumSize``.
    public func shape(_ key: String) throws -> [Int?] {
        let items = try array(key)
        return try items.map { item -> Int? in
            if item == .null { return nil }
            guard let i = item.intValue, i >= 0, i <= ConfigReader.maximumSize else {
                throw mismatch(key, "a list of integers in 0...\(ConfigReader.maximumSize) or null", object[key] ?? .null)
            }
            return i
        }
    }

    /// The per-sample input shape a layer declares (`batch_shape` or `batch_input_shape`, batch dropped).
    public func declaredInputShape() throws -> [Int]? {
        for key in ["batch_shape", "batch_input_shape"] where has(key) {
            let full = try shape(key)
            guard !full.isEmpty else { throw mismatch(key, "a shape with a batch dimension", object[key] ?? .null) }
            var dims: [Int] = []
            for d in full.dropFirst() {
                guard let d else { throw mismatch(key, "known dimensions after the batch dimension", object[key] ?? .null) }
                dims.append(d)
            }
            return dims
        }
        return nil
    }

    /// ``declaredInputShape()``, or nil when a dimension after the batch one is unknown: tf.keras 2
    /// writes `"batch_input_shape": [null, null]` on an adapted Normalization that follows an
    /// InputLayer, a hint the layer does without (it is built from its input).
    public func declaredInputShapeIfKnown() throws -> [Int]? {
        for key in ["batch_shape", "batch_input_shape"] where has(key) {
            if try shape(key).dropFirst().contains(where: { $0 == nil }) { return nil }
        }
        return try declaredInputShape()
    }

    /// An invalid-config error about `key`: `<context>: key '<key>' <message>`.
    public func error(_ key: String, _ message: String) -> SwiftLearnError {
        .invalidConfig("\(context): key '\(key)' \(message)")
    }

    /// The error for a key that is absent (or null) but required.
    public func missing(_ key: String) -> SwiftLearnError {
        .invalidConfig("\(context): missing key '\(key)'")
    }

    /// The error for a key whose value has the wrong type or range.
    public func mismatch(_ key: String, _ expected: String, _ value: JSONValue) -> SwiftLearnError {
        error(key, "must be \(expected), received \(ConfigReader.preview(value))")
    }

    /// At most 80 characters of a value's JSON text, for messages.
    static func preview(_ value: JSONValue) -> String {
        let text = value.jsonText
        return text.count <= 80 ? text : text.prefix(77) + "..."
    }
}
