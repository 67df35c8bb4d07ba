import CSystemZlib
import Foundation
import TensorCore

/// gzip decompression through zlib.
public enum Gzip {
    /// The most bytes handed to zlib at once: its `avail_in` is a 32-bit count, so larger
    /// inputs (over 4 GiB) are fed in pieces.
    static let maximumInputChunk = Int(UInt32.max)

    /// The decompressed bytes of a gzip (or zlib) stream; `source` names the file in errors.
    ///
    /// Concatenated gzip members (as `cat a.gz b.gz` makes) are decompressed one after the other.
    /// Truncated or corrupt data, and bytes after the last member that are not another member,
    /// throw ``SwiftLearnError/io(_:)``.
    public static func decompress(_ data: Data, source: String) throws -> Data {
        try decompress(data, source: source, inputChunk: maximumInputChunk)
    }

    /// ``decompress(_:source:)`` handing zlib at most `inputChunk` bytes per call (tests use small chunks).
    package static func decompress(_ data: Data, source: String, inputChunk: Int) throws -> Data {
        let inputChunk = min(max(inputChunk, 1), maximumInputChunk)
        var stream = z_stream()
        // 15 window bits + 32: detect gzip or zlib headers automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SwiftLearnError.io("\(source): cannot initialize zlib")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let outChunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: outChunk)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let base = input.bindMemory(to: Bytef.self).baseAddress, input.count > 0 else {
                throw SwiftLearnError.io("\(source): empty gzip data")
            }
            var fed = 0  // bytes handed to zlib so far
            func consumed() -> Int { fed - Int(stream.avail_in) }
            while true {
                if stream.avail_in == 0 && fed < input.count {
                    let n = min(inputChunk, input.count - fed)
                    stream.next_in = UnsafeMutablePointer(mutating: base + fed)
                    stream.avail_in = uInt(n)
                    fed += n
                }
                let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(outChunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = outChunk - Int(stream.avail_out)
                output.append(contentsOf: buffer[0..<produced])
                switch status {
                case Z_STREAM_END:
                    let rest = input.count - consumed()
                    if rest == 0 { return }
                    let at = consumed()
                    guard rest >= 2, input[at] == 0x1F, input[at + 1] == 0x8B else {
                        throw SwiftLearnError.io("\(source): \(rest) bytes of trailing data after the gzip stream (byte \(at))")
                    }
                    guard inflateReset(&stream) == Z_OK else { throw SwiftLearnError.io("\(source): cannot reset zlib") }
                case Z_OK:
                    break
                case Z_BUF_ERROR where fed == input.count && stream.avail_in == 0:
                    throw SwiftLearnError.io("\(source): truncated gzip data (the stream ends after \(input.count) bytes without its end marker)")
                case Z_MEM_ERROR:
                    throw SwiftLearnError.io("\(source): out of memory while decompressing")
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    throw SwiftLearnError.io("\(source): corrupt gzip data near byte \(consumed()): \(detail)")
                }
                if status == Z_OK && produced == 0 && stream.avail_in == 0 && fed == input.count {
                    throw SwiftLearnError.io("\(source): truncated gzip data (the stream ends after \(input.count) bytes without its end marker)")
                }
            }
        }
        return output
    }
}
