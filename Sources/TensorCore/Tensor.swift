/// An n-dimensional array of Float32 values: row-major, contiguous, value semantics.
///
/// Copies are cheap: two tensors share one ``TensorStorage`` until one of them is written
/// (copy-on-write). Class labels are stored as Float class indices, exact below 2^24.
///
/// `Tensor` carries a ``trace`` tag that the autodiff tape of `NeuralNet` uses to find the
/// node that produced it; TensorCore itself never reads it.
///
/// ## Why `Tensor` is `Sendable`
/// The compiler cannot prove it (the storage is a class holding a raw pointer), hence
/// `@unchecked`, but a tensor sent to another task is safe by copy-on-write: every API that
/// writes (``withUnsafeMutableBufferPointer(_:)``, the subscript setters, ``setElement(_:at:)``)
/// first calls ``makeUnique()``, which copies a storage that any other tensor still references.
/// So a storage that two tensors share, possibly in two threads, is only ever read, and the one
/// that is written belongs to a single tensor value, whose exclusive access Swift enforces like
/// that of any `var`. Reference counting is atomic, so `isKnownUniquelyReferenced` never reports
/// a storage as unique while another tensor holds it. The one way around this is writing
/// through ``TensorStorage/base`` directly, which is unsafe by name: package code does it only on
/// storage it has just allocated and not yet shared.
public struct Tensor: @unchecked Sendable {
    /// The size of each dimension; `[]` is a scalar.
    public private(set) var shape: [Int]
    /// The buffer; shared between copies until one writes.
    public private(set) var storage: TensorStorage
    /// Which recorded operation produced this value (set by the autodiff tape).
    public var trace: TraceTag = .none

    /// The number of elements: the product of the shape.
    @inlinable public var scalarCount: Int { storage.count }
    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// Wraps an existing storage; throws unless `shape` is valid and multiplies to `storage.count`.
    public init(shape: [Int], storage: TensorStorage) throws {
        let count = try Tensor.elementCount(of: shape, context: "Tensor(shape:storage:)")
        guard count == storage.count else {
            throw SwiftLearnError.shapeMismatch("Tensor(shape:storage:): shape \(formatShape(shape)) has \(count) elements, the storage holds \(storage.count)")
        }
        self.init(uncheckedShape: shape, storage: storage)
    }

    /// A tensor of the given shape whose elements are not yet set; the caller writes all.
    /// Throws for a negative dimension, a shape whose size overflows, or memory that cannot be had.
    public init(uninitializedShape shape: [Int]) throws {
        let count = try Tensor.elementCount(of: shape, context: "Tensor(uninitializedShape:)")
        self.init(uncheckedShape: shape, storage: try TensorStorage(uninitializedCount: count))
    }

    /// A tensor of the given shape with every element equal to `value`.
    public init(shape: [Int], repeating value: Float) throws {
        let count = try Tensor.elementCount(of: shape, context: "Tensor(shape:repeating:)")
        self.init(uncheckedShape: shape, storage: try TensorStorage(count: count, repeating: value))
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) throws { try self.init(shape: shape, repeating: 0) }

    /// A tensor of ones.
    public init(ones shape: [Int]) throws { try self.init(shape: shape, repeating: 1) }

    /// For code of this package whose shape is valid by construction (derived from existing
    /// tensors): wraps `storage`, which must hold exactly the shape's element count.
    package init(uncheckedShape shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.storage = storage
    }

    /// For code of this package whose shape is valid by construction: uninitialized elements.
    package init(uncheckedShape shape: [Int]) {
        self.init(uncheckedShape: shape, storage: TensorStorage(uncheckedCount: shape.reduce(1, *)))
    }

    /// For code of this package whose result shape is computed from valid tensors but may be
    /// larger than all of them (a matrix product): uninitialized elements; throws, naming
    /// `context`, when the size overflows or the memory cannot be had.
    package init(resultShape shape: [Int], context: String) throws {
        let count = try Tensor.elementCount(of: shape, context: context)
        guard let storage = try? TensorStorage(uninitializedCount: count) else {
            throw SwiftLearnError.invalidArgument("\(context): cannot allocate the result of shape \(formatShape(shape)) (\(count) Float32 elements): out of memory")
        }
        self.init(uncheckedShape: shape, storage: storage)
    }

    /// For code of this package whose shape is valid by construction: every element `value`.
    package init(uncheckedShape shape: [Int], repeating value: Float) {
        let storage = TensorStorage(uncheckedCount: shape.reduce(1, *))
        storage.base.initialize(repeating: value, count: storage.count)
        self.init(uncheckedShape: shape, storage: storage)
    }

    /// The number of elements of `shape`; throws for a negative dimension, or when the product
    /// of the non-zero dimensions overflows `Int` (NumPy's rule: `(2^62, 4, 0)` is too big even
    /// though it holds no element). So the product of any subset of a valid shape's dimensions
    /// (a row size, a batch size) fits in `Int` as well.
    public static func elementCount(of shape: [Int], context: String = "Tensor") throws -> Int {
        var product = 1, hasZero = false
        for d in shape {
            guard d >= 0 else {
                throw SwiftLearnError.invalidArgument("\(context): dimensions must be non-negative, received \(d) in shape \(formatShape(shape))")
            }
            if d == 0 { hasZero = true; continue }
            let (next, overflow) = product.multipliedReportingOverflow(by: d)
            guard !overflow else {
                throw SwiftLearnError.invalidArgument("\(context): shape \(formatShape(shape)) is too big: the product of its dimensions overflows Int")
            }
            product = next
        }
        return hasZero ? 0 : product
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Float) { self.init(uncheckedShape: [], repeating: value) }

    /// A tensor from row-major scalars; throws if `scalars.count` differs from the shape's size.
    public init(shape: [Int], scalars: [Float]) throws {
        let expected = try Tensor.elementCount(of: shape, context: "Tensor(shape:scalars:)")
        guard expected == scalars.count else {
            throw SwiftLearnError.shapeMismatch("Tensor(shape:scalars:): shape \(formatShape(shape)) needs \(expected) scalars, received \(scalars.count)")
        }
        self.init(uncheckedShape: shape)
        scalars.withUnsafeBufferPointer { if let p = $0.baseAddress { storage.base.initialize(from: p, count: expected) } }
    }

    /// A rank-1 tensor holding `scalars`.
    public init(_ scalars: [Float]) {
        // Cannot throw: the shape is derived from the count.
        self.init(uncheckedShape: [scalars.count])
        scalars.withUnsafeBufferPointer { if let p = $0.baseAddress { storage.base.initialize(from: p, count: scalars.count) } }
    }

    /// A rank-2 tensor from rows of equal length; throws on ragged rows.
    public init(rows: [[Float]]) throws {
        let width = rows.first?.count ?? 0
        if let i = rows.firstIndex(where: { $0.count != width }) {
            throw SwiftLearnError.shapeMismatch("Tensor(rows:): row \(i) has \(rows[i].count) values, expected \(width) like row 0")
        }
        try self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// The elements in row-major order.
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: storage.base, count: scalarCount))
    }

    /// The single element of a one-element tensor, or `nil`.
    public var scalar: Float? { scalarCount == 1 ? storage.base[0] : nil }

    /// Reads the elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// Writes the elements, copying the storage first if it is shared.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    /// Copies the storage if another tensor shares it.
    public mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Whether no other tensor shares this storage.
    public mutating func isUniquelyReferenced() -> Bool { isKnownUniquelyReferenced(&storage) }

    /// The same elements under another shape of equal size (shares storage); `-1` infers one dimension.
    public func reshaped(to newShape: [Int]) throws -> Tensor {
        var shape = newShape
        let inferred = shape.indices.filter { shape[$0] == -1 }
        if inferred.count > 1 || shape.contains(where: { $0 < -1 }) {
            throw SwiftLearnError.invalidArgument("reshaped(to:): invalid target shape \(formatShape(newShape)); dimensions must be non-negative, with at most one -1")
        }
        if let i = inferred.first {
            var known = shape
            known.remove(at: i)
            let knownCount = try Tensor.elementCount(of: known, context: "reshaped(to:)")
            guard knownCount > 0, scalarCount % knownCount == 0 else {
                throw SwiftLearnError.shapeMismatch("reshaped(to:): cannot reshape \(formatShape(self.shape)) (\(scalarCount) elements) to \(formatShape(newShape))")
            }
            shape[i] = scalarCount / knownCount
        }
        guard try Tensor.elementCount(of: shape, context: "reshaped(to:)") == scalarCount else {
            throw SwiftLearnError.shapeMismatch("reshaped(to:): cannot reshape \(formatShape(self.shape)) (\(scalarCount) elements) to \(formatShape(newShape))")
        }
        return Tensor(uncheckedShape: shape, storage: storage)
    }

    /// Rows `range` of the first dimension, copied.
    public func rows(_ range: Range<Int>) throws -> Tensor {
        guard rank >= 1, range.lowerBound >= 0, range.upperBound <= shape[0] else {
            throw SwiftLearnError.invalidArgument("rows(_:): range \(range) is outside 0..<\(shape.first ?? 0) of shape \(formatShape(shape))")
        }
        let rowSize = shape.dropFirst().reduce(1, *)
        let out = Tensor(uncheckedShape: [range.count] + shape.dropFirst())
        out.storage.base.update(from: storage.base + range.lowerBound * rowSize, count: range.count * rowSize)
        return out
    }

    /// The rows named by `indices` (first dimension), copied in that order.
    public func gathering(rows indices: [Int]) throws -> Tensor {
        guard let n = shape.first else {
            throw SwiftLearnError.shapeMismatch("gathering(rows:): a scalar (rank-0) tensor has no rows")
        }
        if let bad = indices.first(where: { $0 < 0 || $0 >= n }) {
            throw SwiftLearnError.invalidArgument("gathering(rows:): index \(bad) is outside 0..<\(n)")
        }
        // Many indices can make the result far larger than self, so its allocation may fail: it throws.
        var out = try Tensor(resultShape: [indices.count] + shape.dropFirst(), context: "gathering(rows:)")
        indices.withUnsafeBufferPointer { idx in
            gatherRows(from: self, indices: idx, into: &out)
        }
        return out
    }

    /// Whether every element is finite (no NaN, no infinity).
    public var isFinite: Bool {
        withUnsafeBufferPointer { allFinite($0) }
    }
}

/// Copies rows `indices` of `source` into the first `indices.count` rows of `destination`.
/// The caller guarantees the indices are in range and the row sizes match.
public func gatherRows(from source: Tensor, indices: UnsafeBufferPointer<Int>, into destination: inout Tensor) {
    let rowSize = source.shape.dropFirst().reduce(1, *)
    let src = source.storage.base
    destination.withUnsafeMutableBufferPointer { dst in
        guard let d = dst.baseAddress else { return }
        for (r, i) in indices.enumerated() {
            (d + r &* rowSize).update(from: src + i &* rowSize, count: rowSize)
        }
    }
}

/// Identifies the tape node that produced a tensor: which recording (`generation`) and which node.
public struct TraceTag: Equatable, Sendable {
    /// The recording this tag belongs to; 0 means untraced.
    public var generation: UInt32
    /// The node index inside that recording.
    public var index: Int32

    public init(generation: UInt32, index: Int32) {
        self.generation = generation
        self.index = index
    }

    /// Not produced by any recorded operation (a constant for autodiff).
    public static let none = TraceTag(generation: 0, index: -1)
}

extension Tensor: Equatable {
    /// Equal shapes and equal elements (the trace tag is ignored).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && (lhs.storage === rhs.storage || lhs.scalars == rhs.scalars)
    }
}
