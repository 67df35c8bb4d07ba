import TensorCore

/// Differentiable reductions.
extension Tensor {
    /// The sum of all elements, as a scalar tensor.
    public func summed() -> Tensor {
        let out = Tensor(sum())
        let n = scalarCount
        return GradientTape.recordOperation(out, inputs: [self]) { g, tape in
            let v = g.storage.base[0]
            tape.accumulate(into: self) { dst, overwrite in
                if overwrite { dst.update(repeating: v, count: n) } else { for i in 0..<n { dst[i] += v } }
            }
        }
    }

    /// The mean of all elements, as a scalar tensor.
    public func averaged() -> Tensor {
        summed() * (1 / Float(Swift.max(scalarCount, 1)))
    }

    /// Sums over the last axis: shape `[..., k]` becomes `[...]`.
    public func summedAlongLastAxis() throws -> Tensor {
        guard let k = shape.last else {
            throw SwiftLearnError.shapeMismatch("summedAlongLastAxis: a scalar has no last axis")
        }
        let rows = k == 0 ? 0 : scalarCount / k
        var out = Tensor(uncheckedShape: Array(shape.dropLast()))
        out.withUnsafeMutableBufferPointer { o in sumRows(storage.base, rows: rows, columns: k, into: o.baseAddress!) }
        return GradientTape.recordOperation(out, inputs: [self]) { g, tape in
            tape.accumulate(into: self) { dst, overwrite in
                for r in 0..<rows {
                    let v = g.storage.base[r]
                    for j in 0..<k { dst[r * k + j] = overwrite ? v : dst[r * k + j] + v }
                }
            }
        }
    }

    /// Averages over the last axis.
    public func averagedAlongLastAxis() throws -> Tensor {
        try summedAlongLastAxis() * (1 / Float(Swift.max(shape.last ?? 1, 1)))
    }

    /// The same elements under a new shape (differentiable; `-1` infers one dimension).
    public func reshapedDifferentiably(to newShape: [Int]) throws -> Tensor {
        var out = try reshaped(to: newShape)
        out.trace = .none
        let source = self
        return GradientTape.recordOperation(out, inputs: [self]) { g, tape in
            // Cannot fail: same element count.
            if let r = try? g.reshaped(to: source.shape) { tape.accumulate(into: source, r) }
        }
    }
}
