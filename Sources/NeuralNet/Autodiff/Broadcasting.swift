import TensorCore

/// NumPy broadcasting: shapes are aligned on the right and each pair of dimensions must be
/// equal or contain a 1.
public func broadcastShape(_ a: [Int], _ b: [Int], operation: String = "broadcast") throws -> [Int] {
    let rank = max(a.count, b.count)
    var out = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
        let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
        let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
        guard da == db || da == 1 || db == 1 else {
            throw SwiftLearnError.shapeMismatch("\(operation): shapes \(formatShape(a)) and \(formatShape(b)) cannot be broadcast together (dimension \(i): \(da) vs \(db))")
        }
        out[i] = da == 1 ? db : da
    }
    return out
}

/// Strides of `source` viewed inside `target` (0 along broadcast dimensions).
func broadcastStrides(of source: [Int], in target: [Int]) -> [Int] {
    var strides = [Int](repeating: 0, count: target.count)
    var step = 1
    for i in (0..<target.count).reversed() {
        let si = i - (target.count - source.count)
        if si >= 0 {
            strides[i] = source[si] == 1 ? 0 : step
            step *= source[si]
        }
    }
    return strides
}

/// Visits every element of `shape` in row-major order, giving the flat offset in a source
/// whose strides are `strides`: `body(outputIndex, sourceOffset)`.
@inline(__always)
func forEachBroadcastOffset(shape: [Int], strides: [Int], _ body: (Int, Int) -> Void) {
    let total = shape.reduce(1, *)
    if total == 0 { return }
    var counter = [Int](repeating: 0, count: shape.count)
    var offset = 0
    for flat in 0..<total {
        body(flat, offset)
        var d = shape.count - 1
        while d >= 0 {
            counter[d] += 1
            offset += strides[d]
            if counter[d] < shape[d] { break }
            offset -= strides[d] * shape[d]
            counter[d] = 0
            d -= 1
        }
    }
}

extension Tensor {
    /// This tensor repeated along broadcast dimensions to `shape` (differentiable).
    public func broadcast(to shape: [Int]) throws -> Tensor {
        if self.shape == shape { return self }
        let target = try broadcastShape(self.shape, shape, operation: "broadcast(to:)")
        guard target == shape else {
            throw SwiftLearnError.shapeMismatch("broadcast(to:): cannot broadcast \(formatShape(self.shape)) to \(formatShape(shape))")
        }
        let strides = broadcastStrides(of: self.shape, in: shape)
        var out = try Tensor(uninitializedShape: shape)
        let src = storage.base
        out.withUnsafeMutableBufferPointer { dst in
            forEachBroadcastOffset(shape: shape, strides: strides) { i, o in dst[i] = src[o] }
        }
        let sourceShape = self.shape
        return GradientTape.recordOperation(out, inputs: [self]) { g, tape in
            tape.accumulate(into: self, g.summed(toShape: sourceShape, strides: strides))
        }
    }

    /// Sums a gradient of a broadcast result back to the source shape (not differentiable).
    func summed(toShape source: [Int], strides: [Int]) -> Tensor {
        var out = Tensor(uncheckedShape: source, repeating: 0)
        let g = storage.base
        out.withUnsafeMutableBufferPointer { dst in
            forEachBroadcastOffset(shape: shape, strides: strides) { i, o in dst[o] += g[i] }
        }
        return out
    }
}
