/// The heap buffer behind a ``Tensor``: `count` Float32 values, 64-byte aligned.
///
/// Tensors share a storage until one of them writes (copy-on-write), so the class is
/// only ever mutated through a uniquely referenced instance.
public final class TensorStorage: @unchecked Sendable {
    /// Alignment of every buffer in bytes (one cache line, one AVX-512 register).
    public static let alignment = 64

    /// The first element.
    public let base: UnsafeMutablePointer<Float>
    /// Number of Float32 elements.
    public let count: Int

    /// Allocates `count` uninitialized elements.
    public init(uninitializedCount count: Int) {
        self.count = count
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Self.alignment)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Allocates `count` elements set to `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    /// A copy of this storage.
    public func copy() -> TensorStorage {
        let other = TensorStorage(uninitializedCount: count)
        other.base.update(from: base, count: count)
        return other
    }

    deinit {
        UnsafeMutableRawPointer(base).deallocate()
    }
}
