import TensorCore

/// Differentiable matrix products.

/// `a · b` for rank-2 tensors `[m, k]` and `[k, n]`.
public func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.rank == 2, b.rank == 2 else {
        throw SwiftLearnError.shapeMismatch("matmul: expected two rank-2 tensors, received \(formatShape(a.shape)) and \(formatShape(b.shape))")
    }
    guard b.shape[0] == a.shape[1] else {
        throw SwiftLearnError.shapeMismatch("matmul: inner dimensions differ: \(formatShape(a.shape)) · \(formatShape(b.shape))")
    }
    // A product of two matrices is the affine map without a bias; both share one pullback.
    return try affine(a, kernel: b, bias: nil)
}

/// The affine map of a dense layer, fused: `x · kernel + bias` over the last axis of `x`.
///
/// `x` has shape `[..., inputs]`, `kernel` `[inputs, units]`, `bias` `[units]`; the result has
/// shape `[..., units]`. One GEMM forward, at most two backward, and a column sum for the bias.
public func affine(_ x: Tensor, kernel: Tensor, bias: Tensor?) throws -> Tensor {
    guard kernel.rank == 2, x.rank >= 1, x.shape.last == kernel.shape[0] else {
        throw SwiftLearnError.shapeMismatch("affine: input of shape \(formatShape(x.shape)) does not fit a kernel of shape \(formatShape(kernel.shape)): expected last dimension \(kernel.rank == 2 ? kernel.shape[0] : -1)")
    }
    let (k, n) = (kernel.shape[0], kernel.shape[1])
    // The rows of x: the product of its leading dimensions (not scalarCount / k, which is 0/0 for k = 0).
    let m = x.shape.dropLast().reduce(1, *)
    if let bias, bias.shape != [n] {
        throw SwiftLearnError.shapeMismatch("affine: bias has shape \(formatShape(bias.shape)), expected \(formatShape([n]))")
    }
    let outShape = Array(x.shape.dropLast()) + [n]
    // With k = 0 the result can be larger than both operands: its size must not overflow.
    _ = try Tensor.elementCount(of: outShape, context: "affine")
    try BLAS.checkDimensions(m: m, n: n, k: k, context: "affine")
    var out = try Tensor.resultBuffer(shape: outShape)
    out.withUnsafeMutableBufferPointer { c in
        if let bias { broadcastRow(bias.storage.base, to: c.baseAddress!, rows: m, columns: n) }
        sgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1,
              a: x.storage.base, lda: k, b: kernel.storage.base, ldb: n,
              beta: bias == nil ? 0 : 1, c: c.baseAddress!, ldc: n)
    }
    return GradientTape.recordOperation(out, inputs: bias.map { [x, kernel, $0] } ?? [x, kernel]) { g, tape in
        tape.accumulate(into: x) { dst, overwrite in       // dX = G · Kᵀ
            sgemm(transposeA: false, transposeB: true, m: m, n: k, k: n, alpha: 1,
                  a: g.storage.base, lda: n, b: kernel.storage.base, ldb: n, beta: overwrite ? 0 : 1, c: dst, ldc: k)
        }
        // dX above was the last read of the kernel, so its update may now be fused in place.
        tape.accumulate(into: kernel) { dst, alpha, beta in  // dK = Xᵀ · G
            sgemm(transposeA: true, transposeB: false, m: k, n: n, k: m, alpha: alpha,
                  a: x.storage.base, lda: k, b: g.storage.base, ldb: n, beta: beta, c: dst, ldc: n)
        }
        if let bias {
            tape.accumulate(into: bias) { dst, alpha, beta in  // db = Σ rows of G
                if beta == 0 { dst.update(repeating: 0, count: n) }
                for r in 0..<m { axpy(alpha, g.storage.base + r * n, dst, count: n) }
            }
        }
    }
}
