import TensorCore

/// The element type of a NumPy `.npy` array, as its `descr` string names it (`'<f4'`, `'>i8'`,
/// `'|u1'`, `'|b1'`...).
///
/// Supported: floats of 4 and 8 bytes, signed and unsigned integers of 1, 2, 4 and 8 bytes and
/// bool (`b1`), in little (`<`) or big (`>`) endian byte order; one-byte types may also use `|`
/// (no byte order), which is what NumPy writes for them.
public struct NPYDType: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The kind of number an element holds.
    public enum Kind: Character, Sendable {
        case float = "f", signedInteger = "i", unsignedInteger = "u", bool = "b"
    }

    /// What kind of number each element holds.
    public let kind: Kind
    /// Bytes per element (1, 2, 4 or 8).
    public let itemSize: Int
    /// Whether multi-byte elements are stored most significant byte first (`>`).
    public let isBigEndian: Bool

    /// Little-endian Float32, `'<f4'` (what `NPY.save(_:to:)` writes for a `Tensor`).
    public static let float32 = NPYDType(uncheckedKind: .float, itemSize: 4)
    /// Little-endian Float64, `'<f8'`.
    public static let float64 = NPYDType(uncheckedKind: .float, itemSize: 8)
    /// Little-endian Int64, `'<i8'`.
    public static let int64 = NPYDType(uncheckedKind: .signedInteger, itemSize: 8)

    init(uncheckedKind kind: Kind, itemSize: Int, isBigEndian: Bool = false) {
        self.kind = kind
        self.itemSize = itemSize
        self.isBigEndian = itemSize > 1 && isBigEndian
    }

    /// The dtype named by a NumPy `descr` string such as `'<f4'`; throws `SwiftLearnError.io`
    /// naming `source` for anything else (object arrays `'|O'`, strings, structured types...).
    public init(descr: String, source: String) throws {
        let chars = Array(descr)
        let supported = "supported: <f4 >f4 <f8 >f8, <i1/i2/i4/i8 and >..., |u1 <u2 <u4 <u8 and >..., |b1"
        guard chars.count >= 3, let order = chars.first, "<>|".contains(order),
              let kind = Kind(rawValue: chars[1]), let size = Int(String(chars[2...])) else {
            if descr.contains("O") {
                throw SwiftLearnError.io("\(source): .npy holds Python objects (descr '\(descr)'), which cannot be read without pickle")
            }
            throw SwiftLearnError.io("\(source): unknown .npy dtype '\(descr)' (\(supported))")
        }
        let allowed: Set<Int> = switch kind {
        case .float: [4, 8]
        case .signedInteger, .unsignedInteger: [1, 2, 4, 8]
        case .bool: [1]
        }
        guard allowed.contains(size), String(chars[2...]) == String(size) else {
            throw SwiftLearnError.io("\(source): unknown .npy dtype '\(descr)' (\(supported))")
        }
        guard order != "|" || size == 1 else {
            throw SwiftLearnError.io("\(source): .npy dtype '\(descr)' has no byte order ('|') but \(size)-byte elements")
        }
        self.init(uncheckedKind: kind, itemSize: size, isBigEndian: order == ">")
    }

    /// The `descr` string NumPy writes for this dtype (`'|'` for one-byte types).
    public var descr: String {
        let order = itemSize == 1 ? "|" : (isBigEndian ? ">" : "<")
        return "\(order)\(kind.rawValue)\(itemSize)"
    }

    public var description: String { descr }
}
