import TensorCore

/// Gathers mini-batches of rows into buffers that are reused from step to step.
struct BatchGatherer {
    let source: Tensor
    private var full: Tensor
    private var partial: Tensor?

    init(source: Tensor, batchSize: Int) {
        self.source = source
        self.full = Tensor(uncheckedShape: [batchSize] + source.shape.dropFirst())
    }

    /// The rows `indices` of the source, in a reused buffer.
    mutating func gather(_ indices: ArraySlice<Int>) -> Tensor {
        if indices.count == full.shape[0] {
            indices.withUnsafeBufferPointer { gatherRows(from: source, indices: $0, into: &full) }
            return full
        }
        if partial?.shape[0] != indices.count {
            partial = Tensor(uncheckedShape: [indices.count] + source.shape.dropFirst())
        }
        indices.withUnsafeBufferPointer { gatherRows(from: source, indices: $0, into: &partial!) }
        return partial!
    }
}

/// The sample weights of a batch, or nil.
func batchWeights(_ weights: [Float]?, _ indices: ArraySlice<Int>) -> Tensor? {
    weights.map { w in Tensor(indices.map { w[$0] }) }
}
