/// Reductions over raw buffers.

/// The sum of `n` elements: SIMD partial sums over blocks of 4,096 elements, the blocks added in
/// Double, so long sums (a whole data set) keep Float32 accuracy.
@inlinable
public func sum(_ x: UnsafePointer<Float>, count n: Int) -> Float {
    let raw = UnsafeRawPointer(x)
    var total: Double = 0
    var i = 0
    while i < n {
        let end = min(i &+ 4096, n)
        var acc = SIMD16<Float>()
        while i &+ 16 <= end {
            acc += raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            i &+= 16
        }
        var s = acc.sum()
        while i < end { s += x[i]; i &+= 1 }
        total += Double(s)
    }
    return Float(total)
}

/// Column sums of a `rows x columns` matrix: `out[j] (+)= Σ_r x[r, j]`.
/// With `accumulate` false `out` is overwritten, otherwise added to.
@inlinable
public func sumColumns(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>, accumulate: Bool) {
    if !accumulate { out.update(repeating: 0, count: columns) }
    for r in 0..<rows { add(out, x + r &* columns, out, count: columns) }
}

/// Row sums of a `rows x columns` matrix.
@inlinable
public func sumRows(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0..<rows { out[r] = sum(x + r &* columns, count: columns) }
}

/// The index of the largest element of each row; ties go to the first index (as NumPy and Keras).
@inlinable
public func argmaxRows(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        let p = x + r &* columns
        var best = 0
        var bestValue = p[0]
        for j in 1..<max(columns, 1) where p[j] > bestValue {
            best = j
            bestValue = p[j]
        }
        out[r] = Float(best)
    }
}

extension Tensor {
    /// The sum of all elements.
    public func sum() -> Float {
        withUnsafeBufferPointer { TensorCore.sum($0.baseAddress!, count: $0.count) }
    }

    /// The mean of all elements (NaN for an empty tensor).
    public func mean() -> Float {
        scalarCount == 0 ? .nan : sum() / Float(scalarCount)
    }

    /// The largest element, or nil when empty.
    public func max() -> Float? { scalars.max() }

    /// The index of the largest element along the last axis, as Float class indices.
    public func argmax() throws -> Tensor {
        guard rank >= 1, let columns = shape.last, columns > 0 else {
            throw SwiftLearnError.shapeMismatch("argmax: expected a non-empty last axis, received shape \(formatShape(shape))")
        }
        let rows = scalarCount / columns
        var out = Tensor(uncheckedShape: Array(shape.dropLast()))
        out.withUnsafeMutableBufferPointer { o in argmaxRows(storage.base, rows: rows, columns: columns, into: o.baseAddress!) }
        return out
    }
}
