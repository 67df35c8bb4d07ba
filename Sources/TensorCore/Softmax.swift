#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax over each row of a `rows x columns` matrix: `y = exp(x - max) / Σ exp(x - max)`.
@inlinable
public func softmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    for r in 0..<rows {
        let xi = x + r &* columns, yi = y + r &* columns
        var m = -Float.infinity
        for j in 0..<columns where xi[j] > m { m = xi[j] }
        var total: Float = 0
        for j in 0..<columns {
            let e = expf(xi[j] - m)
            yi[j] = e
            total += e
        }
        let inv = 1 / total
        for j in 0..<columns { yi[j] *= inv }
    }
}

/// The softmax pullback: `dx = y * (dy - Σ dy * y)` per row.
@inlinable
public func softmaxRowsBackward(_ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, rows: Int, columns: Int, accumulate: Bool) {
    for r in 0..<rows {
        let yi = y + r &* columns, gi = dy + r &* columns, di = dx + r &* columns
        var dot: Float = 0
        for j in 0..<columns { dot += gi[j] * yi[j] }
        for j in 0..<columns {
            let v = yi[j] * (gi[j] - dot)
            di[j] = accumulate ? di[j] + v : v
        }
    }
}
