import Foundation
import TensorCore

/// A NumPy array as stored in a `.npy` file: its shape, its dtype and its elements in row-major
/// (C) order, kept as the file's raw bytes so that every value (an Int64 beyond 2^53, a NaN's
/// payload) survives unchanged; the typed accessors convert.
///
/// Read one with `NPY.loadArray(_:)` or `NPY.parse(_:source:)`; write it with `NPY.save(_:to:)`.
public struct NPYArray: Equatable, Sendable {
    /// The array's dimensions; `[]` for a NumPy scalar (shape `()`).
    public let shape: [Int]
    /// The element type, including its byte order.
    public let dtype: NPYDType
    /// The elements in row-major order, `dtype.itemSize` bytes each, in the dtype's byte order.
    public let bytes: [UInt8]

    /// The number of elements (the product of `shape`).
    public var count: Int { dtype.itemSize == 0 ? 0 : bytes.count / dtype.itemSize }

    /// Wraps row-major element bytes; throws `SwiftLearnError.invalidArgument` when `bytes` does
    /// not hold exactly the shape's element count.
    public init(shape: [Int], dtype: NPYDType, bytes: [UInt8]) throws {
        let count = try Tensor.elementCount(of: shape, context: "NPYArray(shape:dtype:bytes:)")
        let (size, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow, size == bytes.count else {
            throw SwiftLearnError.invalidArgument("NPYArray(shape:dtype:bytes:): shape \(formatShape(shape)) of \(dtype) needs \(overflow ? "more than Int.max" : String(size)) bytes, received \(bytes.count)")
        }
        self.init(uncheckedShape: shape, dtype: dtype, bytes: bytes)
    }

    init(uncheckedShape shape: [Int], dtype: NPYDType, bytes: [UInt8]) {
        self.shape = shape
        self.dtype = dtype
        self.bytes = bytes
    }

    /// A little-endian Float32 (`'<f4'`) array with the tensor's shape and elements.
    public init(_ tensor: Tensor) {
        let values = tensor.scalars
        self.init(uncheckedShape: tensor.shape, dtype: .float32, bytes: Self.littleEndianBytes(values.map(\.bitPattern)))
    }

    /// A little-endian Float64 (`'<f8'`) array; throws when `doubles` does not fit `shape`.
    public init(shape: [Int], doubles: [Double]) throws {
        try self.init(shape: shape, dtype: .float64, bytes: Self.littleEndianBytes(doubles.map(\.bitPattern)))
    }

    /// A little-endian Int64 (`'<i8'`) array; throws when `integers` does not fit `shape`.
    public init(shape: [Int], integers: [Int]) throws {
        try self.init(shape: shape, dtype: .int64, bytes: Self.littleEndianBytes(integers.map { UInt64(bitPattern: Int64($0)) }))
    }

    private static func littleEndianBytes<T: FixedWidthInteger>(_ words: [T]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: words.count * MemoryLayout<T>.size)
        out.withUnsafeMutableBytes { raw in
            for (i, w) in words.enumerated() { raw.storeBytes(of: w.littleEndian, toByteOffset: i * MemoryLayout<T>.size, as: T.self) }
        }
        return out
    }

    /// `transform` applied to every element's bits (native order, zero-extended to 64 bits).
    @inline(__always)
    private func mapBits<R>(_ transform: (UInt64) throws -> R) rethrows -> [R] {
        try bytes.withUnsafeBytes { raw in
            switch dtype.itemSize {
            case 1: return try raw.map { try transform(UInt64($0)) }
            case 2: return try Self.mapWords(raw, UInt16.self, dtype.isBigEndian, transform)
            case 4: return try Self.mapWords(raw, UInt32.self, dtype.isBigEndian, transform)
            default: return try Self.mapWords(raw, UInt64.self, dtype.isBigEndian, transform)
            }
        }
    }

    @inline(__always)
    private static func mapWords<T: FixedWidthInteger & UnsignedInteger, R>(
        _ raw: UnsafeRawBufferPointer, _: T.Type, _ bigEndian: Bool, _ transform: (UInt64) throws -> R
    ) rethrows -> [R] {
        let size = MemoryLayout<T>.size
        var out: [R] = []
        out.reserveCapacity(raw.count / size)
        for offset in stride(from: 0, to: raw.count - size + 1, by: size) {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: T.self)
            try out.append(transform(UInt64(bigEndian ? T(bigEndian: word) : T(littleEndian: word))))
        }
        return out
    }

    /// Sign-extends `itemSize` bytes of bits.
    @inline(__always)
    private func signed(_ v: UInt64) -> Int64 {
        let shift = UInt64(64 - 8 * dtype.itemSize)
        return Int64(bitPattern: v << shift) >> shift
    }

    /// Every element as a `Double`: exact for floats and for integers up to 2^53 in magnitude;
    /// bools are 0 or 1.
    public var doubles: [Double] {
        switch (dtype.kind, dtype.itemSize) {
        case (.float, 4): return mapBits { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case (.float, _): return mapBits { Double(bitPattern: $0) }
        case (.signedInteger, _): return mapBits { Double(signed($0)) }
        case (.unsignedInteger, _): return mapBits { Double($0) }
        case (.bool, _): return mapBits { $0 == 0 ? 0 : 1 }
        }
    }

    /// Every element as a `Float` (what `tensor` holds): float64 values are rounded, and
    /// integers above 2^24 in magnitude lose exactness.
    public var floats: [Float] {
        switch (dtype.kind, dtype.itemSize) {
        case (.float, 4): return mapBits { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) }
        case (.float, _): return mapBits { Float(Double(bitPattern: $0)) }
        case (.signedInteger, _): return mapBits { Float(signed($0)) }
        case (.unsignedInteger, _): return mapBits { Float($0) }
        case (.bool, _): return mapBits { $0 == 0 ? 0 : 1 }
        }
    }

    /// Every element as an exact `Int`, for integer and bool dtypes (bools are 0 or 1).
    /// Throws `SwiftLearnError.invalidState` for float dtypes (use `doubles`) and for a `u8`
    /// value above `Int.max`.
    public func integers() throws -> [Int] {
        switch dtype.kind {
        case .float:
            throw SwiftLearnError.invalidState("NPYArray.integers(): dtype '\(dtype)' holds floats; use doubles")
        case .signedInteger: return mapBits { Int(signed($0)) }
        case .bool: return mapBits { $0 == 0 ? 0 : 1 }
        case .unsignedInteger:
            return try mapBits { v in
                guard v <= UInt64(Int.max) else {
                    throw SwiftLearnError.invalidState("NPYArray.integers(): element value \(v) is above Int.max")
                }
                return Int(v)
            }
        }
    }

    /// The array as a Float32 `Tensor` of the same shape (see `floats` for the conversion:
    /// float64 is rounded and integers above 2^24 lose exactness).
    public func tensor() throws -> Tensor {
        try Tensor(shape: shape, scalars: floats)
    }
}
