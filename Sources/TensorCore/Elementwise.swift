/// Elementwise kernels over raw buffers, vectorized with `SIMD16<Float>`.
///
/// Each applies a SIMD body to 16 elements at a time and a scalar body to the tail.
/// Source and destination may be the same buffer.

/// `y[i] = f(x[i])`.
@inlinable @inline(__always)
public func vectorMap(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int,
    _ simd: (SIMD16<Float>) -> SIMD16<Float>, _ scalar: (Float) -> Float
) {
    let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y)
    var i = 0
    while i &+ 16 <= n {
        let v = xr.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
        yr.storeBytes(of: simd(v), toByteOffset: i &* 4, as: SIMD16<Float>.self)
        i &+= 16
    }
    while i < n { y[i] = scalar(x[i]); i &+= 1 }
}

/// `z[i] = f(x[i], y[i])`.
@inlinable @inline(__always)
public func vectorZip(
    _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, count n: Int,
    _ simd: (SIMD16<Float>, SIMD16<Float>) -> SIMD16<Float>, _ scalar: (Float, Float) -> Float
) {
    let xr = UnsafeRawPointer(x), yr = UnsafeRawPointer(y), zr = UnsafeMutableRawPointer(z)
    var i = 0
    while i &+ 16 <= n {
        let a = xr.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
        let b = yr.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
        zr.storeBytes(of: simd(a, b), toByteOffset: i &* 4, as: SIMD16<Float>.self)
        i &+= 16
    }
    while i < n { z[i] = scalar(x[i], y[i]); i &+= 1 }
}

/// `x[i] *= factor`.
@inlinable
public func scale(_ x: UnsafeMutablePointer<Float>, count n: Int, by factor: Float) {
    if factor == 0 { x.update(repeating: 0, count: n); return }
    let f = SIMD16<Float>(repeating: factor)
    vectorMap(x, x, count: n, { $0 * f }, { $0 * factor })
}

/// `y[i] += alpha * x[i]`.
@inlinable
public func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
    let a = SIMD16<Float>(repeating: alpha)
    vectorZip(x, y, y, count: n, { $1 + a * $0 }, { $1 + alpha * $0 })
}

/// `z[i] = x[i] + y[i]`.
@inlinable
public func add(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, count n: Int) {
    vectorZip(x, y, z, count: n, { $0 + $1 }, { $0 + $1 })
}

/// `z[i] = x[i] - y[i]`.
@inlinable
public func subtract(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, count n: Int) {
    vectorZip(x, y, z, count: n, { $0 - $1 }, { $0 - $1 })
}

/// `z[i] = x[i] * y[i]`.
@inlinable
public func multiply(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, count n: Int) {
    vectorZip(x, y, z, count: n, { $0 * $1 }, { $0 * $1 })
}

/// `z[i] = x[i] / y[i]`.
@inlinable
public func divide(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, count n: Int) {
    vectorZip(x, y, z, count: n, { $0 / $1 }, { $0 / $1 })
}

/// Adds `row` (length `columns`) to each of the `rows` rows of `x` (a bias add), in place.
@inlinable
public func addRow(_ row: UnsafePointer<Float>, to x: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    for r in 0..<rows {
        let p = x + r &* columns
        add(p, row, p, count: columns)
    }
}

/// Copies `row` into each of the `rows` rows of `x`.
@inlinable
public func broadcastRow(_ row: UnsafePointer<Float>, to x: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    for r in 0..<rows { (x + r &* columns).update(from: row, count: columns) }
}

/// Whether every element is finite.
@inlinable
public func allFinite(_ x: UnsafeBufferPointer<Float>) -> Bool {
    guard let p = x.baseAddress else { return true }
    let n = x.count
    let raw = UnsafeRawPointer(p)
    // x - x is 0 for finite x and NaN for NaN or infinity; NaN poisons the running sum.
    var acc = SIMD16<Float>()
    var i = 0
    while i &+ 16 <= n {
        let v = raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
        acc += v - v
        i &+= 16
    }
    var tail: Float = 0
    while i < n { tail += p[i] - p[i]; i &+= 1 }
    return acc.sum() == 0 && tail == 0
}
