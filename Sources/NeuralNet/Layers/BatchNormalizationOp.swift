import TensorCore

/// The differentiable batch normalization of ``BatchNormalization``, one fused tape operation
/// with its closed-form pullback.
enum BatchNormOp {
    /// The per-feature mean and biased variance (`mean((x − μ)²)`, as `jnp.var`) over every axis
    /// but the last, accumulated in Double.
    static func moments(_ x: Tensor, features: Int) -> (mean: [Float], variance: [Float]) {
        let rows = x.scalarCount / features
        var sums = [Double](repeating: 0, count: features), squares = sums
        x.withUnsafeBufferPointer { p in
            for r in 0..<rows { for f in 0..<features { sums[f] += Double(p[r * features + f]) } }
            for f in 0..<features { sums[f] /= Double(rows) }
            for r in 0..<rows {
                for f in 0..<features { let d = Double(p[r * features + f]) - sums[f]; squares[f] += d * d }
            }
        }
        return (sums.map { Float($0) }, squares.map { Float($0 / Double(rows)) })
    }

    /// `y = x · inv + (β − μ · inv)` with `inv = γ / √(σ² + ε)`, in float32 as Keras 3's
    /// `ops.batch_normalization`. With `batchStatistics`, μ and σ² are the statistics of `x`
    /// itself and the gradient of `x` flows through them:
    /// `dx = γ/√(σ²+ε) · (g − mean(g) − x̂ · mean(g · x̂))`; otherwise they are constants and
    /// `dx = g · γ/√(σ²+ε)`. In both cases `dγ = Σ g · x̂` and `dβ = Σ g`, with `x̂ = (x − μ)/√(σ²+ε)`.
    static func normalize(_ x: Tensor, gamma: Tensor?, beta: Tensor?, mean: Tensor, variance: Tensor,
                          epsilon: Float, batchStatistics: Bool) throws -> Tensor {
        let features = mean.scalarCount
        let rows = x.scalarCount / features
        var invStd = [Float](repeating: 0, count: features)
        var scale = [Float](repeating: 0, count: features), shift = scale
        for f in 0..<features {
            let g = gamma?.storage.base[f] ?? 1, b = beta?.storage.base[f] ?? 0
            invStd[f] = 1 / (variance.storage.base[f] + epsilon).squareRoot()
            scale[f] = invStd[f] * g
            shift[f] = b - mean.storage.base[f] * scale[f]
        }
        var out = Tensor.resultBuffer(sameShapeAs: x)
        out.withUnsafeMutableBufferPointer { y in
            let xp = x.storage.base
            for r in 0..<rows {
                for f in 0..<features { y[r * features + f] = xp[r * features + f] * scale[f] + shift[f] }
            }
        }
        let inputs = [x] + (gamma.map { [$0] } ?? []) + (beta.map { [$0] } ?? [])
        return GradientTape.recordOperation(out, inputs: inputs) { g, tape in
            let gp = g.storage.base, xp = x.storage.base, mp = mean.storage.base
            var sumG = [Double](repeating: 0, count: features), sumGX = sumG
            for r in 0..<rows {
                for f in 0..<features {
                    let i = r * features + f
                    let xhat = (xp[i] - mp[f]) * invStd[f]
                    sumG[f] += Double(gp[i])
                    sumGX[f] += Double(gp[i] * xhat)
                }
            }
            if let gamma { tape.accumulate(into: gamma, Tensor(sumGX.map { Float($0) })) }
            if let beta { tape.accumulate(into: beta, Tensor(sumG.map { Float($0) })) }
            guard tape.needsGradient(x) else { return }
            let n = Double(rows)
            let meanG = sumG.map { Float($0 / n) }, meanGX = sumGX.map { Float($0 / n) }
            tape.accumulate(into: x) { dst, overwrite in
                for r in 0..<rows {
                    for f in 0..<features {
                        let i = r * features + f
                        var v = gp[i]
                        if batchStatistics { v = v - meanG[f] - (xp[i] - mp[f]) * invStd[f] * meanGX[f] }
                        v *= scale[f]
                        dst[i] = overwrite ? v : dst[i] + v
                    }
                }
            }
        }
    }
}
