import Foundation
import Testing
@testable import NeuralNet

/// A small, independent reader of TensorFlow event files for the tests: checks the TFRecord
/// framing and both masked CRCs of every record, and decodes the `Event` fields that
/// `TensorBoard` writes with a generic protobuf field parser.
enum EventReader {
    struct ReadError: Error, CustomStringConvertible { let description: String }

    /// One decoded summary value.
    struct Value {
        var wallTime: Double
        var step: Int
        var tag: String
        var plugin: String
        var dtype: Int
        var dims: [Int]
        var content: [UInt8]
        /// The `string_val` entries of a `DT_STRING` tensor.
        var strings: [String] = []
        /// The plugin's `content` bytes.
        var pluginContent: [UInt8] = []
        /// The rank-0 float of a scalar summary.
        var float: Float? {
            guard dtype == 1, dims.isEmpty, content.count == 4 else { return nil }
            return Float(bitPattern: content.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian)
        }
        /// The doubles of a `DT_DOUBLE` tensor (a histogram's `[k, 3]` rows).
        var doubles: [Double] {
            stride(from: 0, to: content.count, by: 8).map { i in
                Double(bitPattern: content[i..<i + 8].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian)
            }
        }
    }

    struct File {
        var records: [[UInt8]]
        var fileVersion: String?
        var values: [Value]
        /// `(step, value)` of every scalar with `tag`, in file order.
        func scalars(_ tag: String) -> [(step: Int, value: Float)] {
            values.filter { $0.tag == tag && $0.plugin == "scalars" }.compactMap { v in v.float.map { (v.step, $0) } }
        }
    }

    /// The reference CRC-32C, bit by bit (no table): independent of the library's table.
    static func crc32cBitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0x82F6_3B78 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    static func masked(_ bytes: [UInt8]) -> UInt32 {
        let c = crc32cBitwise(bytes)
        return ((c >> 15) | (c << 17)) &+ 0xA282_EAD8
    }

    static func le<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, as: T.Type) -> T {
        bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }

    /// Splits a file into records, checking the framing and CRCs.
    static func records(_ data: [UInt8]) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        var i = 0
        while i < data.count {
            guard i + 12 <= data.count else { throw ReadError(description: "truncated header at \(i)") }
            let length = Int(le(data[i..<i + 8], as: UInt64.self))
            guard le(data[i + 8..<i + 12], as: UInt32.self) == masked(Array(data[i..<i + 8])) else {
                throw ReadError(description: "bad length CRC at \(i)")
            }
            guard i + 12 + length + 4 <= data.count else { throw ReadError(description: "truncated record at \(i)") }
            let body = Array(data[i + 12..<i + 12 + length])
            guard le(data[i + 12 + length..<i + 16 + length], as: UInt32.self) == masked(body) else {
                throw ReadError(description: "bad data CRC at \(i)")
            }
            out.append(body)
            i += 16 + length
        }
        return out
    }

    /// A protobuf field: number and either an integer (varint, fixed64) or bytes.
    struct Field { var number: Int; var int: UInt64; var bytes: [UInt8] }

    static func fields(_ m: [UInt8]) throws -> [Field] {
        var out: [Field] = []
        var i = 0
        func varint() throws -> UInt64 {
            var v: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard i < m.count else { throw ReadError(description: "truncated varint") }
                let b = m[i]; i += 1
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return v }
                shift += 7
            }
        }
        while i < m.count {
            let key = try varint()
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: out.append(Field(number: number, int: try varint(), bytes: []))
            case 1:
                guard i + 8 <= m.count else { throw ReadError(description: "truncated fixed64") }
                out.append(Field(number: number, int: le(m[i..<i + 8], as: UInt64.self), bytes: [])); i += 8
            case 2:
                let n = Int(try varint())
                guard i + n <= m.count else { throw ReadError(description: "truncated bytes") }
                out.append(Field(number: number, int: 0, bytes: Array(m[i..<i + n]))); i += n
            case 5:
                guard i + 4 <= m.count else { throw ReadError(description: "truncated fixed32") }
                out.append(Field(number: number, int: UInt64(le(m[i..<i + 4], as: UInt32.self)), bytes: [])); i += 4
            default: throw ReadError(description: "wire type \(key & 7)")
            }
        }
        return out
    }

    static func read(path: String) throws -> File {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let recs = try records(data)
        var file = File(records: recs, fileVersion: nil, values: [])
        for r in recs {
            let event = try fields(r)
            let wall = Double(bitPattern: event.first { $0.number == 1 }?.int ?? 0)
            let step = Int(event.first { $0.number == 2 }?.int ?? 0)
            if let v = event.first(where: { $0.number == 3 }) { file.fileVersion = String(decoding: v.bytes, as: UTF8.self) }
            guard let summary = event.first(where: { $0.number == 5 }) else { continue }
            for valueField in try fields(summary.bytes) where valueField.number == 1 {
                let value = try fields(valueField.bytes)
                let tag = String(decoding: value.first { $0.number == 1 }?.bytes ?? [], as: UTF8.self)
                let tensor = try fields(value.first { $0.number == 8 }?.bytes ?? [])
                let meta = try fields(value.first { $0.number == 9 }?.bytes ?? [])
                let pluginData = try fields(meta.first { $0.number == 1 }?.bytes ?? [])
                let plugin = String(decoding: pluginData.first { $0.number == 1 }?.bytes ?? [], as: UTF8.self)
                let shape = try fields(tensor.first { $0.number == 2 }?.bytes ?? [])
                let dims = try shape.filter { $0.number == 2 }.map { d in Int(try fields(d.bytes).first { $0.number == 1 }?.int ?? 0) }
                file.values.append(Value(wallTime: wall, step: step, tag: tag, plugin: plugin,
                                         dtype: Int(tensor.first { $0.number == 1 }?.int ?? 0), dims: dims,
                                         content: tensor.first { $0.number == 4 }?.bytes ?? [],
                                         strings: tensor.filter { $0.number == 8 }.map { String(decoding: $0.bytes, as: UTF8.self) },
                                         pluginContent: pluginData.first { $0.number == 2 }?.bytes ?? []))
            }
        }
        return file
    }

    /// The single event file in `directory` (throws if there is not exactly one).
    static func onlyFile(in directory: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains("tfevents") }
        guard names.count == 1 else { throw ReadError(description: "\(names.count) event files in \(directory)") }
        return (directory as NSString).appendingPathComponent(names[0])
    }

    static func hex(_ s: String) -> [UInt8] {
        let digits = Array(s.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16) ?? 0 }
    }
}

/// CRC-32C and the TFRecord framing against published vectors and the Keras reference bytes.
struct TensorBoardReaderTests {
    @Test func crc32cMatchesKnownVectors() {
        // The standard check value, and RFC 3720 (iSCSI) B.4 vectors.
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        // The test reader's bitwise CRC agrees with the table on arbitrary data.
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        #expect(CRC32C.checksum(data) == EventReader.crc32cBitwise(data))
    }

    @Test func framingMatchesTheReferenceRecord() {
        // keras-formats.md §5.3: Event{wall_time 1700000000.5, step 3, simple_value "epoch_loss" 0.25}
        // framed by TensorFlow as `2000000000000000 29eda950 <data> 277b7e33`.
        let data = EventReader.hex("09 000020 40fc54d941 1003 2a13 0a11 0a0a 65706f63685f6c6f7373 15 0000803e")
        #expect(data.count == 32)
        let framed = EventFileWriter.frame(data)
        #expect(Array(framed[0..<12]) == EventReader.hex("2000000000000000 29eda950"))
        #expect(Array(framed[12..<44]) == data)
        #expect(Array(framed[44...]) == EventReader.hex("277b7e33"))
    }

    @Test func scalarEventMatchesKerasBytes() {
        // keras-formats.md §5.1: Keras 3's `epoch_accuracy = 0.3125` at step 0, byte for byte.
        let wallTime = Double(bitPattern: UInt64(littleEndian: EventReader.hex("ea03c65b49c3da41").withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
        let keras = EventReader.hex("""
            09 ea03c65b49c3da41 2a 2b 0a 29 0a 0e 65706f63685f6163637572616379
            42 0a 08 01 12 00 22 04 0000a03e 4a 0b 0a 09 0a 07 7363616c617273
            """)
        #expect(EventFileWriter.scalarEvent(tag: "epoch_accuracy", value: 0.3125, step: 0, wallTime: wallTime) == keras)
        // At step 1 the bytes `10 01` follow the wall time.
        let step1 = Array(keras[0..<9]) + [0x10, 0x01] + Array(keras[9...])
        #expect(EventFileWriter.scalarEvent(tag: "epoch_accuracy", value: 0.3125, step: 1, wallTime: wallTime) == step1)
    }

    @Test func readerRejectsACorruptedRecord() throws {
        var framed = EventFileWriter.frame(EventFileWriter.scalarEvent(tag: "epoch_loss", value: 1, step: 2, wallTime: 5))
        #expect(try EventReader.records(framed).count == 1)
        framed[framed.count - 1] ^= 0x01
        #expect(throws: EventReader.ReadError.self) { try EventReader.records(framed) }
    }
}
