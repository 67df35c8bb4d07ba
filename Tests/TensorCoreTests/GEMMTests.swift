import Testing
@testable import TensorCore

@Suite struct GEMMTests {
    /// `sgemm` for one shape and every transpose combination against the Double reference.
    /// `C` starts as NaN when `beta == 0`: BLAS semantics say it is then not read at all.
    static func checkSGEMM(m: Int, n: Int, k: Int, alpha: Float, beta: Float, seed: UInt64,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let a = Naive.values(m * k, seed: seed), b = Naive.values(k * n, seed: seed &+ 1)
        let c0 = beta == 0 ? [Float](repeating: .nan, count: m * n) : Naive.values(m * n, seed: seed &+ 2)
        let reference = Naive.gemm(m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: c0)
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                let aStored = Naive.stored(a, rows: m, columns: k, transpose: transposeA)
                let bStored = Naive.stored(b, rows: k, columns: n, transpose: transposeB)
                // One spare element on each buffer, so that an empty matrix still has an address.
                var c = c0 + [Float(-7)]
                sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                      a: aStored + [0], lda: max(transposeA ? m : k, 1), b: bStored + [0], ldb: max(transposeB ? k : n, 1),
                      beta: beta, c: &c, ldc: max(n, 1))
                #expect(c.last == -7, "sgemm wrote past C", sourceLocation: sourceLocation)
                let bad = Naive.firstMismatch(Array(c.dropLast()), reference.value, magnitude: reference.magnitude,
                                              relative: Double(k + 2) * 1.2e-7)
                #expect(bad == nil, "m \(m) n \(n) k \(k) transposeA \(transposeA) transposeB \(transposeB) beta \(beta): element \(bad ?? -1) is \(bad.map { c[$0] } ?? 0), expected \(bad.map { reference.value[$0] } ?? 0)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Small shapes, and shapes large enough to be split across threads.
    @Test(arguments: [(3, 4, 5), (70, 90, 40), (200, 30, 64), (8, 300, 100)])
    func sgemmMatchesNaive(m: Int, n: Int, k: Int) {
        Self.checkSGEMM(m: m, n: n, k: k, alpha: 2, beta: 0.5, seed: 5)
        Self.checkSGEMM(m: m, n: n, k: k, alpha: 1, beta: 0, seed: 6)
    }

    /// An empty inner dimension gives `beta * C` (zeros for `beta == 0`, even over NaN); an
    /// empty `m` or `n` writes nothing.
    @Test(arguments: [(0, 3, 4), (3, 0, 4), (3, 4, 0), (0, 0, 4), (0, 3, 0), (3, 0, 0), (0, 0, 0), (1, 1, 0), (17, 33, 0)])
    func sgemmWithZeroDimensions(m: Int, n: Int, k: Int) {
        Self.checkSGEMM(m: m, n: n, k: k, alpha: 1, beta: 0, seed: 9)
        Self.checkSGEMM(m: m, n: n, k: k, alpha: 2, beta: 0.5, seed: 10)
        Self.checkSGEMM(m: m, n: n, k: k, alpha: 0, beta: 1, seed: 11)
    }

    /// `matmul` with an empty inner dimension is all zeros, over heap memory that was just NaN.
    @Test(arguments: [(3, 4), (1, 1), (40, 17)])
    func matmulWithEmptyInnerDimensionIsZero(m: Int, n: Int) throws {
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                for _ in 0..<4 {
                    // Leave NaN in freed memory of the result's size, which malloc tends to hand back.
                    _ = try Tensor(shape: [m, n], repeating: .nan)
                    let a = try Tensor(zeros: transposeA ? [0, m] : [m, 0])
                    let b = try Tensor(zeros: transposeB ? [n, 0] : [0, n])
                    let c = try matmul(a, b, transposeA: transposeA, transposeB: transposeB)
                    #expect(c.shape == [m, n])
                    #expect(c.scalars == [Float](repeating: 0, count: m * n), "transposeA \(transposeA) transposeB \(transposeB)")
                }
            }
        }
    }

    @Test func matmulChecksShapes() throws {
        let a = try Tensor(zeros: [2, 3]), b = try Tensor(zeros: [4, 3])
        #expect(throws: SwiftLearnError.self) { try matmul(a, b) }
        #expect(try matmul(a, b, transposeB: true).shape == [2, 4])
        #expect(throws: SwiftLearnError.self) { try matmul(Tensor(zeros: [3]), b) }
        // A result whose size overflows Int, or that no memory can hold, throws.
        let tall = try Tensor(zeros: [Int.max / 2, 0]), wide = try Tensor(zeros: [0, 4])
        #expect(throws: SwiftLearnError.self) { try matmul(tall, wide) }
        let huge = try Tensor(zeros: [1 << 40, 0]), one = try Tensor(zeros: [0, 1])
        #expect(throws: SwiftLearnError.self) { try matmul(huge, one) }
        #expect(try matmul(tall, Tensor(zeros: [0, 0])).shape == [Int.max / 2, 0])
    }

    @Test func blasDimensionLimit() throws {
        let limit = BLAS.maximumDimension
        #expect(limit == Int(Int32.max))
        try BLAS.checkDimensions(m: limit, n: limit, k: limit, context: "test")
        try BLAS.checkDimensions(m: Int.max, n: 0, k: 5, context: "test")
        try BLAS.checkDimensions(m: 3, n: Int.max, k: 0, context: "test")
        for (m, n, k) in [(limit + 1, 1, 1), (1, limit + 1, 1), (1, 1, limit + 1)] {
            #expect(throws: SwiftLearnError.self, "\(m) \(n) \(k)") { try BLAS.checkDimensions(m: m, n: n, k: k, context: "test") }
        }
    }
}
