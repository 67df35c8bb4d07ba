import PropertyBased
import TensorCore

/// Random inputs for the property tests.
enum Arbitrary {
    /// Dimensions that can never be allocated on their own (at least 2^36 Float32 = 256 GiB,
    /// so the allocation fails at once instead of taking memory) or whose products overflow.
    static let hugeDimensions = [1 << 36, 1 << 40, Int(Int32.max) << 8, Int.max / 2, Int.max / 2 + 1, Int.max]

    /// A dimension: mostly small (0 and sizes around 16 included), sometimes negative, sometimes huge.
    static let dimension = Gen.frequency(
        (weight: 8, gen: Gen.int(in: 0...20)),
        (weight: 1, gen: Gen.int(in: -3 ... -1)),
        (weight: 1, gen: Gen.element(of: hugeDimensions).map { $0 ?? 0 }),
        (weight: 1, gen: Gen.element(of: [Int.min, -1 << 40]).map { $0 ?? 0 })
    )

    /// A shape of rank 0 to 4 from ``dimension``.
    static let shape = dimension.array(of: 0...4)

    /// A valid, small shape (rank 0 to 3, each dimension 0 to 9).
    static let smallShape = Gen.int(in: 0...9).array(of: 0...3)

    /// The shape of a tensor that can exist: a ``shape`` of at most 4,096 elements, so huge
    /// dimensions come with an empty one (`(0, 9223372036854775807)`).
    static let tensorShape = shape.filter { shape in count(shape).map { $0 <= 4096 } ?? false }

    /// A size for a kernel: 0 to 70, so both sides of every multiple of 16 up to 64 occur.
    static let size = Gen.int(in: 0...70)

    /// A seed for the values of one case.
    static let seed = Gen.uint64(in: 0...UInt64.max)

    /// Whether `shape` is a shape a tensor can have, by NumPy's rule: no negative dimension,
    /// and the product of the non-zero dimensions fits in `Int`.
    static func isValid(_ shape: [Int]) -> Bool {
        guard shape.allSatisfy({ $0 >= 0 }) else { return false }
        var product = 1
        for d in shape where d != 0 {
            let (next, overflow) = product.multipliedReportingOverflow(by: d)
            if overflow { return false }
            product = next
        }
        return true
    }

    /// The number of elements of a valid shape, or nil.
    static func count(_ shape: [Int]) -> Int? {
        isValid(shape) ? (shape.contains(0) ? 0 : shape.reduce(1, *)) : nil
    }

    /// Whether a tensor of `shape` is small enough that creating it must succeed (at most
    /// 2^30 elements); larger valid shapes in these tests are at least 2^36 and must throw.
    static func isAllocatable(_ shape: [Int]) -> Bool {
        guard let n = count(shape) else { return false }
        return n <= 1 << 30
    }
}
