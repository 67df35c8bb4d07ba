import TensorCore

/// Straightforward Double-precision references that the kernels are checked against.
enum Naive {
    /// A row-major `rows x columns` matrix laid out as BLAS reads `op(X)`: transposed
    /// (`columns x rows`) when `transpose`.
    static func stored(_ x: [Float], rows: Int, columns: Int, transpose: Bool) -> [Float] {
        // An empty matrix may have one huge dimension (e.g. 2^40 x 0): nothing to move, no loop.
        guard transpose, !x.isEmpty else { return x }
        var out = [Float](repeating: 0, count: x.count)
        for i in 0..<rows {
            for j in 0..<columns { out[j * rows + i] = x[i * columns + j] }
        }
        return out
    }

    /// `alpha * A · B + beta * C` for row-major `A` (`m x k`), `B` (`k x n`), `C` (`m x n`);
    /// with `beta == 0` `C` is not read (BLAS semantics). Also returns, per element, the sum of
    /// the magnitudes of the terms, which bounds the rounding error of a Float32 computation.
    static func gemm(m: Int, n: Int, k: Int, alpha: Float, a: [Float], b: [Float], beta: Float, c: [Float]) -> (value: [Double], magnitude: [Double]) {
        if m == 0 || n == 0 { return ([], []) }  // (m or n may be huge when the other is 0)
        var value = [Double](repeating: 0, count: m * n), magnitude = value
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0, mag = 0.0
                for p in 0..<k {
                    let t = Double(a[i * k + p]) * Double(b[p * n + j])
                    s += t
                    mag += abs(t)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * n + j])
                value[i * n + j] = Double(alpha) * s + old
                magnitude[i * n + j] = abs(Double(alpha)) * mag + abs(old)
            }
        }
        return (value, magnitude)
    }

    /// The index of the first element where `actual` is not within `relative * magnitude`
    /// (plus a tiny absolute slack) of `expected`, NaN counting as a mismatch; nil when all agree.
    /// The counts must be equal, else index 0 is returned.
    static func firstMismatch(_ actual: [Float], _ expected: [Double], magnitude: [Double]? = nil, relative: Double) -> Int? {
        guard actual.count == expected.count else { return 0 }
        for i in actual.indices {
            let scale = magnitude?[i] ?? abs(expected[i])
            let error = abs(Double(actual[i]) - expected[i])
            if !(error <= relative * scale + 1e-30) { return i }
        }
        return nil
    }

    /// Float32 values in `-1..<1` from a seeded generator.
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in g.nextUniform(-1, 1) }
    }
}
