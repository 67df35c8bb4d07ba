import TensorCore

/// Differentiable joining of several tensors: concatenation along an axis, and elementwise
/// maximum/minimum (whose gradient goes to the larger/smaller input, split evenly on ties, as JAX).
extension Tensor {
    /// `tensors` joined along `axis` (negative counts from the end); all other dimensions must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int = -1) throws -> Tensor {
        guard let first = tensors.first else {
            throw SwiftLearnError.invalidArgument("concatenate: needs at least one tensor")
        }
        let rank = first.rank
        let a = axis < 0 ? axis + rank : axis
        guard rank > 0, (0..<rank).contains(a) else {
            throw SwiftLearnError.invalidArgument("concatenate: axis \(axis) is outside the rank \(rank) of \(formatShape(first.shape))")
        }
        for t in tensors where t.rank != rank || t.shape[..<a] != first.shape[..<a] || t.shape[(a + 1)...] != first.shape[(a + 1)...] {
            throw SwiftLearnError.shapeMismatch("concatenate: shapes \(tensors.map { formatShape($0.shape) }.joined(separator: ", ")) differ outside axis \(axis)")
        }
        var shape = first.shape
        shape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        let outer = first.shape[..<a].reduce(1, *)
        let chunks = tensors.map { $0.shape[a...].reduce(1, *) }   // per outer index
        let width = chunks.reduce(0, +)
        var out = try Tensor.resultBuffer(shape: shape)
        out.withUnsafeMutableBufferPointer { o in
            var offset = 0
            for (t, chunk) in zip(tensors, chunks) {
                let src = t.storage.base
                for r in 0..<outer { (o.baseAddress! + r * width + offset).update(from: src + r * chunk, count: chunk) }
                offset += chunk
            }
        }
        return GradientTape.recordOperation(out, inputs: tensors) { g, tape in
            var offset = 0
            for (t, chunk) in zip(tensors, chunks) {
                defer { offset += chunk }
                guard tape.needsGradient(t) else { continue }
                let start = offset
                tape.accumulate(into: t) { dst, overwrite in
                    let src = g.storage.base
                    for r in 0..<outer {
                        let d = dst + r * chunk, s = src + r * width + start
                        if overwrite { d.update(from: s, count: chunk) } else { add(d, s, d, count: chunk) }
                    }
                }
            }
        }
    }

    /// Elementwise maximum (same shapes).
    public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try extremum(a, b, larger: true) }

    /// Elementwise minimum (same shapes).
    public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try extremum(a, b, larger: false) }

    private static func extremum(_ a: Tensor, _ b: Tensor, larger: Bool) throws -> Tensor {
        guard a.shape == b.shape else {
            throw SwiftLearnError.shapeMismatch("\(larger ? "maximum" : "minimum"): shapes \(formatShape(a.shape)) and \(formatShape(b.shape)) differ")
        }
        let out = larger ? a.zipped(b, { $0.replacing(with: $1, where: $1 .> $0) }, { Swift.max($0, $1) })
                         : a.zipped(b, { $0.replacing(with: $1, where: $1 .< $0) }, { Swift.min($0, $1) })
        return GradientTape.recordOperation(out, inputs: [a, b]) { g, tape in
            // Share of the gradient that goes to `x` against `y`: 1 if x wins, ½ on a tie, else 0.
            func share(_ x: Tensor, _ y: Tensor) -> Tensor {
                x.zipped(y, { x, y in
                    let wins = larger ? x .> y : x .< y
                    return SIMD16<Float>(repeating: 0).replacing(with: 0.5, where: x .== y).replacing(with: 1, where: wins)
                }, { x, y in x == y ? 0.5 : ((larger ? x > y : x < y) ? 1 : 0) })
            }
            if tape.needsGradient(a) { tape.accumulate(into: a, g.zipped(share(a, b), { $0 * $1 }, { $0 * $1 })) }
            if tape.needsGradient(b) { tape.accumulate(into: b, g.zipped(share(b, a), { $0 * $1 }, { $0 * $1 })) }
        }
    }
}
