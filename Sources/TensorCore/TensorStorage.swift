#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The heap buffer behind a ``Tensor``: `count` Float32 values, 64-byte aligned.
///
/// Tensors share a storage until one of them writes (copy-on-write), so the class is
/// only ever mutated through a uniquely referenced instance. Its own fields are immutable
/// (`let`); the elements behind ``base`` are the only mutable state, which is why it is
/// `@unchecked Sendable` (see ``Tensor`` for the argument).
public final class TensorStorage: @unchecked Sendable {
    /// Alignment of every buffer in bytes (one cache line, one AVX-512 register).
    public static let alignment = 64

    /// The first element.
    public let base: UnsafeMutablePointer<Float>
    /// Number of Float32 elements.
    public let count: Int

    /// Allocates `count` uninitialized elements; throws for a negative count or when the
    /// memory cannot be had (instead of stopping the process).
    public init(uninitializedCount count: Int) throws {
        guard count >= 0 else {
            throw SwiftLearnError.invalidArgument("TensorStorage: element count must be non-negative, received \(count)")
        }
        guard let raw = Self.allocate(count) else {
            throw SwiftLearnError.invalidArgument("TensorStorage: cannot allocate \(count) Float32 elements (\(count / (1 << 28)) GiB): out of memory")
        }
        self.count = count
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Allocates `count` elements set to `value`.
    public convenience init(count: Int, repeating value: Float) throws {
        try self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    /// For code of this package that allocates sizes derived from existing buffers.
    package init(uncheckedCount count: Int) {
        self.count = count
        // Sizes here come from buffers that already exist, so failure means the process is out of memory.
        guard let raw = Self.allocate(count) else { fatalError("SwiftLearn: out of memory allocating \(count) Float32 elements") }
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// `count` (at least one) aligned Float32 slots from `posix_memalign`, or nil.
    private static func allocate(_ count: Int) -> UnsafeMutableRawPointer? {
        let (bytes, overflow) = max(count, 1).multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        guard !overflow else { return nil }
        var raw: UnsafeMutableRawPointer?
        return posix_memalign(&raw, alignment, bytes) == 0 ? raw : nil
    }

    /// A copy of this storage.
    public func copy() -> TensorStorage {
        let other = TensorStorage(uncheckedCount: count)
        other.base.update(from: base, count: count)
        return other
    }

    deinit {
        free(UnsafeMutableRawPointer(base))
    }
}
