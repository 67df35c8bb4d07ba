import Foundation
import TensorCore

/// Reads the IDX format of MNIST and Fashion-MNIST (optionally gzip-compressed).
///
/// Header: two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions, then
/// one big-endian UInt32 per dimension; the data follows in row-major order.
public enum IDX {
    /// The tensor stored in an IDX file (gzip-compressed files, `.gz`, are decompressed first).
    public static func load(_ url: URL) throws -> Tensor {
        let raw: Data
        do { raw = try Data(contentsOf: url) } catch {
            throw SwiftLearnError.io("cannot read \(url.path): \(fileErrorReason(error, path: url.path))")
        }
        let gzipped = url.pathExtension == "gz" || (raw.count >= 2 && raw[raw.startIndex] == 0x1F && raw[raw.startIndex + 1] == 0x8B)
        let bytes = gzipped ? try Gzip.decompress(raw, source: url.path) : raw
        return try parse(bytes, source: url.path)
    }

    /// Parses IDX bytes; `source` names the file in errors.
    public static func parse(_ data: Data, source: String) throws -> Tensor {
        let b = [UInt8](data)
        guard b.count >= 4, b[0] == 0, b[1] == 0 else {
            throw SwiftLearnError.io("\(source): not an IDX file (expected two zero bytes at the start)")
        }
        guard b[2] == 0x08 else {
            throw SwiftLearnError.io("\(source): IDX element type 0x\(String(b[2], radix: 16)) is not supported (only 0x08, unsigned byte)")
        }
        let rank = Int(b[3])
        guard rank >= 1, b.count >= 4 + 4 * rank else {
            throw SwiftLearnError.io("\(source): truncated IDX header (\(b.count) bytes for \(rank) dimensions)")
        }
        var shape: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            shape.append(Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3]))
        }
        let offset = 4 + 4 * rank
        let count: Int
        do { count = try Tensor.elementCount(of: shape, context: "IDX") } catch {
            throw SwiftLearnError.io("\(source): IDX header announces shape \(formatShape(shape)), too large to count")
        }
        guard b.count - offset == count else {
            throw SwiftLearnError.io("\(source): IDX header announces shape \(formatShape(shape)) (\(count) values) but the file holds \(b.count - offset)")
        }
        var t = try Tensor(uninitializedShape: shape)
        t.withUnsafeMutableBufferPointer { dst in
            for i in 0..<count { dst[i] = Float(b[offset + i]) }
        }
        return t
    }
}
