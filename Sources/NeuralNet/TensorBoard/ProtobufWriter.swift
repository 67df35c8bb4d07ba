/// A minimal protocol-buffer encoder for the few messages an event file needs
/// (`Event`, `Summary`, `TensorProto`, `SummaryMetadata`): keys, varints, doubles and
/// length-delimited fields, appended to ``bytes``.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    private mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    private mutating func appendKey(_ field: Int, wireType: UInt64) {
        appendVarint(UInt64(field) << 3 | wireType)
    }

    /// A varint field (wire type 0); negative values take ten bytes, as protobuf's int64.
    mutating func varint(_ field: Int, _ value: Int64) {
        appendKey(field, wireType: 0)
        appendVarint(UInt64(bitPattern: value))
    }

    /// A `double` field (wire type 1, 8 bytes little-endian).
    mutating func double(_ field: Int, _ value: Double) {
        appendKey(field, wireType: 1)
        appendLittleEndian(value.bitPattern)
    }

    /// A `bytes` field (wire type 2).
    mutating func bytes<C: Collection>(_ field: Int, _ data: C) where C.Element == UInt8 {
        appendKey(field, wireType: 2)
        appendVarint(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    /// A `string` field (UTF-8, wire type 2).
    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    /// An embedded message field (wire type 2), built by `build`.
    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        build(&inner)
        bytes(field, inner.bytes)
    }

    /// Raw little-endian bytes of an integer (no key): for packed tensor content.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
