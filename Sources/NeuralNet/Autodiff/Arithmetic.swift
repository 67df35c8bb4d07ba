import TensorCore

/// Differentiable elementwise arithmetic with NumPy broadcasting.
extension Tensor {
    /// Applies a same-shape binary kernel after broadcasting both operands.
    private static func binary(
        _ a: Tensor, _ b: Tensor, _ name: String,
        kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
        pullback: @escaping (_ g: Tensor, _ a: Tensor, _ b: Tensor, _ tape: GradientTape) -> Void
    ) throws -> Tensor {
        if a.shape != b.shape {
            let shape = try broadcastShape(a.shape, b.shape, operation: name)
            return try binary(a.broadcast(to: shape), b.broadcast(to: shape), name, kernel: kernel, pullback: pullback)
        }
        var out = Tensor.resultBuffer(sameShapeAs: a)
        out.withUnsafeMutableBufferPointer { o in kernel(a.storage.base, b.storage.base, o.baseAddress!, o.count) }
        return GradientTape.recordOperation(out, inputs: [a, b]) { g, tape in pullback(g, a, b, tape) }
    }

    /// Elementwise sum (broadcasting).
    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "+", kernel: { add($0, $1, $2, count: $3) }) { g, a, b, tape in
            tape.accumulate(into: a, g)
            tape.accumulate(into: b, g)
        }
    }

    /// Elementwise difference (broadcasting).
    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "-", kernel: { subtract($0, $1, $2, count: $3) }) { g, a, b, tape in
            tape.accumulate(into: a, g)
            if tape.needsGradient(b) { tape.accumulate(into: b, g.mapped({ -$0 }, { -$0 })) }
        }
    }

    /// Elementwise product (broadcasting).
    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "*", kernel: { multiply($0, $1, $2, count: $3) }) { g, a, b, tape in
            if tape.needsGradient(a) { tape.accumulate(into: a, g.zipped(b, { $0 * $1 }, { $0 * $1 })) }
            if tape.needsGradient(b) { tape.accumulate(into: b, g.zipped(a, { $0 * $1 }, { $0 * $1 })) }
        }
    }

    /// Elementwise quotient (broadcasting).
    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "/", kernel: { divide($0, $1, $2, count: $3) }) { g, a, b, tape in
            if tape.needsGradient(a) { tape.accumulate(into: a, g.zipped(b, { $0 / $1 }, { $0 / $1 })) }
            if tape.needsGradient(b) {
                // d(a/b)/db = -a / b²
                let q = a.zipped(b, { $0 / ($1 * $1) }, { $0 / ($1 * $1) })
                tape.accumulate(into: b, g.zipped(q, { -$0 * $1 }, { -$0 * $1 }))
            }
        }
    }

    /// Adds a scalar.
    public static func + (a: Tensor, s: Float) -> Tensor {
        let v = SIMD16<Float>(repeating: s)
        let out = a.mappedResult({ $0 + v }, { $0 + s })
        return GradientTape.recordOperation(out, inputs: [a]) { g, tape in tape.accumulate(into: a, g) }
    }

    /// Subtracts a scalar.
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }

    /// Multiplies by a scalar.
    public static func * (a: Tensor, s: Float) -> Tensor {
        let v = SIMD16<Float>(repeating: s)
        let out = a.mappedResult({ $0 * v }, { $0 * s })
        return GradientTape.recordOperation(out, inputs: [a]) { g, tape in
            tape.accumulate(into: a, g.mapped({ $0 * v }, { $0 * s }))
        }
    }

    /// Multiplies by a scalar.
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }

    /// Divides by a scalar.
    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }

    /// Negation.
    public static prefix func - (a: Tensor) -> Tensor { a * -1 }

    /// A new tensor `f(self)` elementwise (not recorded; a kernel helper for pullbacks).
    public func mapped(_ simd: (SIMD16<Float>) -> SIMD16<Float>, _ scalar: (Float) -> Float) -> Tensor {
        var out = Tensor(uncheckedShape: shape)
        out.withUnsafeMutableBufferPointer { o in vectorMap(storage.base, o.baseAddress!, count: o.count, simd, scalar) }
        return out
    }

    /// A new tensor `f(self, other)` elementwise for equal shapes (not recorded).
    public func zipped(_ other: Tensor, _ simd: (SIMD16<Float>, SIMD16<Float>) -> SIMD16<Float>, _ scalar: (Float, Float) -> Float) -> Tensor {
        var out = Tensor(uncheckedShape: shape)
        out.withUnsafeMutableBufferPointer { o in vectorZip(storage.base, other.storage.base, o.baseAddress!, count: o.count, simd, scalar) }
        return out
    }
}
