import Foundation
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// Matrix products. Every product in SwiftLearn goes through ``sgemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``
/// so that the backend (OpenBLAS on Linux, Accelerate on macOS) can change in one place.
public enum BLAS {
    /// How many blocks a large product is split into and run in parallel: the number of active
    /// processors (at most 8), or `SWIFTLEARN_NUM_THREADS`. The BLAS library itself then runs
    /// single-threaded, so the two levels of threading never compete.
    public static let partitions: Int = {
        #if !canImport(Accelerate)
        openblas_set_num_threads(1)
        #endif
        if let s = ProcessInfo.processInfo.environment["SWIFTLEARN_NUM_THREADS"], let n = Int(s), n >= 1 { return min(n, 64) }
        return min(ProcessInfo.processInfo.activeProcessorCount, 8)
    }()

    /// Products of fewer floating-point operations than this run on one thread.
    public static let parallelThreshold: Double = 4e6

    /// The largest dimension the BLAS backend takes (its integers have 32 bits).
    public static let maximumDimension = Int(Int32.max)

    /// Throws unless a product of `op(A)` `m x k` and `op(B)` `k x n` fits the BLAS backend.
    /// Products with a zero dimension never reach it and always fit.
    public static func checkDimensions(m: Int, n: Int, k: Int, context: String) throws {
        guard m == 0 || n == 0 || k == 0 || max(m, n, k) <= maximumDimension else {
            throw SwiftLearnError.invalidArgument("\(context): a product of \(m)x\(k) and \(k)x\(n) matrices has a dimension above \(maximumDimension), the largest the BLAS backend takes")
        }
    }

    /// The number of threads the BLAS backend uses for one call (1: SwiftLearn parallelizes above it).
    public static var threadCount: Int {
        #if canImport(Accelerate)
        return 1
        #else
        return Int(openblas_get_num_threads())
        #endif
    }

    /// The kernel family the backend picked at run time (e.g. `Cooperlake`, `Haswell`).
    public static var coreName: String {
        #if canImport(Accelerate)
        return "Accelerate"
        #else
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
        #endif
    }
}

/// Row-major single-precision GEMM: `C = alpha * op(A) * op(B) + beta * C`,
/// with `op(A)` of shape `m x k` and `op(B)` of shape `k x n`.
///
/// `lda`, `ldb` and `ldc` are the row strides of the matrices as stored (before `op`).
/// When `k == 0` the product is empty and `C` becomes `beta * C`, as BLAS defines it: with
/// `beta == 0` that is zeros, whatever `C` held (even NaN), so a freshly allocated `C` is never
/// left uninitialized. SwiftLearn does this itself rather than trust each BLAS library with the
/// corner case. When `m` or `n` is 0 there is nothing to write and no pointer is read.
///
/// The caller guarantees the buffers hold the matrices and that, when `m`, `n` and `k` are all
/// positive, every dimension and stride is at most ``BLAS/maximumDimension``
/// (``BLAS/checkDimensions(m:n:k:context:)`` throws otherwise).
///
/// Large products are split into ``BLAS/partitions`` independent blocks of rows or columns of
/// `C`, run in parallel with a single-threaded BLAS each: on the small-by-large shapes of
/// mini-batch training this scales better than the BLAS library's own threading.
public func sgemm(
    transposeA: Bool, transposeB: Bool,
    m: Int, n: Int, k: Int,
    alpha: Float,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        for i in 0..<m { scale(c + i * ldc, count: n, by: beta) }
        return
    }
    let parts = BLAS.partitions
    let flops = 2 * Double(m) * Double(n) * Double(k)
    guard parts > 1, flops >= BLAS.parallelThreshold, max(m, n) >= 2 * parts else {
        blasGEMM(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        return
    }
    let splitRows = m >= n
    let total = splitRows ? m : n
    // Twice as many blocks as threads, so a thread that starts late costs little; blocks of a
    // multiple of 16 rows/columns keep the BLAS kernels on full vector widths.
    let wanted = 2 * parts
    let block = ((total + wanted - 1) / wanted + 15) / 16 * 16
    let blocks = (total + block - 1) / block
    WorkerPool.shared.run(parts: blocks) { p in
        let lo = p * block, count = min(block, total - lo)
        if splitRows {
            let aBlock = transposeA ? a + lo : a + lo * lda
            blasGEMM(transposeA, transposeB, count, n, k, alpha, aBlock, lda, b, ldb, beta, c + lo * ldc, ldc)
        } else {
            let bBlock = transposeB ? b + lo * ldb : b + lo
            blasGEMM(transposeA, transposeB, m, count, k, alpha, a, lda, bBlock, ldb, beta, c + lo, ldc)
        }
    }
}

/// The one call into the BLAS library.
@inline(__always)
func blasGEMM(
    _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
) {
    #if canImport(Accelerate)
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    #else
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    #endif
}

/// `C = op(A) * op(B)` for rank-2 tensors, with shape checks.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
    guard a.rank == 2, b.rank == 2 else {
        throw SwiftLearnError.shapeMismatch("matmul: expected two rank-2 tensors, received \(formatShape(a.shape)) and \(formatShape(b.shape))")
    }
    let (m, ka) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    guard ka == kb else {
        throw SwiftLearnError.shapeMismatch("matmul: inner dimensions differ: \(formatShape(a.shape))\(transposeA ? "ᵀ" : "") x \(formatShape(b.shape))\(transposeB ? "ᵀ" : "") (\(ka) vs \(kb))")
    }
    try BLAS.checkDimensions(m: m, n: n, k: ka, context: "matmul")
    // The result can be far larger than both operands, so its allocation may fail: it throws.
    var c = try Tensor(resultShape: [m, n], context: "matmul")
    c.withUnsafeMutableBufferPointer { cp in
        sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka, alpha: 1,
              a: a.storage.base, lda: a.shape[1], b: b.storage.base, ldb: b.shape[1],
              beta: 0, c: cp.baseAddress!, ldc: n)
    }
    return c
}
