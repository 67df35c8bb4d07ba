import Foundation
import TensorCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes NumPy's `.npy` format (`numpy.save` / `numpy.load`).
///
/// Reading accepts format versions 1.0 and 2.0 (a 2- or 4-byte header length, Latin-1 header)
/// and 3.0 (UTF-8 header); the dtypes of `NPYDType` in either byte order; C order and Fortran
/// order (transposed into row-major on reading); every rank, including shape `()` and zero
/// dimensions. Bad files throw `SwiftLearnError.io` naming the file and what is wrong.
///
/// Writing produces what `numpy.save` produces, byte for byte: version 1.0 (2.0 only for a header
/// longer than 65535 bytes), C order, the header padded with spaces to a multiple of 64 bytes.
/// Writes are atomic: the bytes go to a temporary file in the destination folder, which is then
/// renamed over the destination, so a failed write leaves any previous file intact.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The array of a `.npy` file as a Float32 tensor. Float64 values are rounded to Float32 and
    /// integers above 2^24 in magnitude lose exactness; use `loadArray(_:)` for exact values.
    public static func load(_ url: URL) throws -> Tensor {
        try loadArray(url).tensor()
    }

    /// The array of a `.npy` file with its dtype and exact values.
    public static func loadArray(_ url: URL) throws -> NPYArray {
        let raw: Data
        do { raw = try Data(contentsOf: url) } catch {
            throw SwiftLearnError.io("cannot read \(url.path): \(fileErrorReason(error, path: url.path))")
        }
        return try parse(raw, source: url.path)
    }

    /// Parses the bytes of a `.npy` file; `source` names the file in errors.
    public static func parse(_ data: Data, source: String) throws -> NPYArray {
        let b = [UInt8](data)
        guard b.count >= 8, Array(b[0..<6]) == magic else {
            throw SwiftLearnError.io("\(source): not a .npy file (it does not start with \\x93NUMPY)")
        }
        let (major, minor) = (b[6], b[7])
        guard [1, 2, 3].contains(major), minor == 0 else {
            throw SwiftLearnError.io("\(source): .npy format version \(major).\(minor) is not supported (1.0, 2.0, 3.0)")
        }
        let lengthBytes = major == 1 ? 2 : 4
        guard b.count >= 8 + lengthBytes else {
            throw SwiftLearnError.io("\(source): truncated .npy header (the file ends after \(b.count) bytes, inside the header length)")
        }
        var headerLength = 0
        for k in stride(from: lengthBytes - 1, through: 0, by: -1) { headerLength = headerLength << 8 | Int(b[8 + k]) }
        let headerStart = 8 + lengthBytes
        guard b.count - headerStart >= headerLength else {
            throw SwiftLearnError.io("\(source): truncated .npy header (it announces \(headerLength) bytes, the file holds \(b.count - headerStart) after the length)")
        }
        let headerBytes = b[headerStart..<headerStart + headerLength]
        if major == 3, String(validating: headerBytes, as: UTF8.self) == nil {
            throw SwiftLearnError.io("\(source): .npy version 3.0 header is not valid UTF-8")
        }
        let header = try NPYHeader.parse(headerBytes, source: source)
        let dtype = try NPYDType(descr: header.descr, source: source)
        let count: Int
        do { count = try Tensor.elementCount(of: header.shape, context: "NPY") } catch {
            throw SwiftLearnError.io("\(source): .npy shape \(formatShape(header.shape)) is too large to count")
        }
        let dataStart = headerStart + headerLength
        let available = b.count - dataStart
        let (needed, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow, needed == available else {
            let claim = overflow ? "more than \(Int.max)" : "\(needed)"
            throw SwiftLearnError.io("\(source): .npy header claims shape \(formatShape(header.shape)) of \(dtype) (\(claim) bytes of data) but the file holds \(available)")
        }
        let payload = Array(b[dataStart...])
        let rowMajor = header.fortranOrder && header.shape.count > 1
            ? transposeFortran(payload, shape: header.shape, itemSize: dtype.itemSize) : payload
        return NPYArray(uncheckedShape: header.shape, dtype: dtype, bytes: rowMajor)
    }

    /// Reorders column-major (Fortran) element bytes into row-major order.
    static func transposeFortran(_ src: [UInt8], shape: [Int], itemSize: Int) -> [UInt8] {
        let rank = shape.count
        guard !src.isEmpty else { return src }
        // Column-major strides, in elements: the first index varies fastest.
        var strides = [Int](repeating: 1, count: rank)
        for d in 1..<rank { strides[d] = strides[d - 1] * shape[d - 1] }
        var dst = [UInt8](repeating: 0, count: src.count)
        var index = [Int](repeating: 0, count: rank)
        var from = 0
        src.withUnsafeBytes { s in
            dst.withUnsafeMutableBytes { d in
                for to in 0..<(src.count / itemSize) {
                    for k in 0..<itemSize { d[to * itemSize + k] = s[from * itemSize + k] }
                    // Advance the row-major multi-index (last index fastest).
                    var axis = rank - 1
                    while axis >= 0 {
                        index[axis] += 1
                        from += strides[axis]
                        if index[axis] < shape[axis] { break }
                        from -= strides[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return dst
    }

    /// The bytes `numpy.save` writes for `array` (C order).
    public static func encode(_ array: NPYArray) -> Data {
        let text = Array(NPYHeader(descr: array.dtype.descr, fortranOrder: false, shape: array.shape).text.utf8)
        // Header text + padding + "\n" ends on a multiple of 64 bytes, counting magic, version and length.
        func wrapped(lengthBytes: Int) -> (total: Int, padding: Int) {
            let unpadded = 8 + lengthBytes + text.count + 1
            let padding = 64 - unpadded % 64  // as NumPy: a whole 64 when already aligned
            return (text.count + padding + 1, padding)
        }
        var lengthBytes = 2
        var (total, padding) = wrapped(lengthBytes: 2)
        if total > 0xFFFF {
            lengthBytes = 4
            (total, padding) = wrapped(lengthBytes: 4)
        }
        var out = Data(magic)
        out.append(contentsOf: [lengthBytes == 2 ? 1 : 2, 0])
        for k in 0..<lengthBytes { out.append(UInt8(truncatingIfNeeded: total >> (8 * k))) }
        out.append(contentsOf: text)
        out.append(contentsOf: [UInt8](repeating: 0x20, count: padding))
        out.append(0x0A)
        out.append(contentsOf: array.bytes)
        return out
    }

    /// Writes `tensor` as a little-endian Float32 (`'<f4'`) `.npy` file, atomically.
    public static func save(_ tensor: Tensor, to url: URL) throws {
        try save(NPYArray(tensor), to: url)
    }

    /// Writes `array` with its dtype (see `NPYArray(shape:doubles:)` and
    /// `NPYArray(shape:integers:)` for Float64 and Int64), atomically. Throws
    /// `SwiftLearnError.io` naming the file when the folder is missing or not writable;
    /// nothing is left behind then, and a previous file at `url` is unchanged.
    public static func save(_ array: NPYArray, to url: URL) throws {
        try writeAtomically(encode(array), to: url)
    }

    /// Writes `data` to a new temporary file next to `url`, then renames it over `url`.
    /// `beforeRename` runs between the two steps (tests use it to fail there); on any error the
    /// temporary file is removed.
    static func writeAtomically(_ data: Data, to url: URL, beforeRename: () throws -> Void = {}) throws {
        let folder = url.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temp, options: .withoutOverwriting)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw SwiftLearnError.io("cannot write \(url.path): \(fileErrorReason(error, path: url.path))")
        }
        do {
            try beforeRename()
            guard rename(temp.path, url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                throw SwiftLearnError.io("cannot write \(url.path): renaming the temporary file failed: \(reason)")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error as? SwiftLearnError ?? SwiftLearnError.io("cannot write \(url.path): \(error)")
        }
    }
}
