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

/// The batches of several aligned arrays (a model's inputs or targets): the same rows of each,
/// gathered into buffers reused from step to step.
struct BatchSet {
    private var gatherers: [BatchGatherer]
    /// The current batch of each array; valid until the next `load`.
    private(set) var batch: [Tensor]
    private static let released = Tensor(uncheckedShape: [0])

    init(sources: [Tensor], batchSize: Int) {
        gatherers = sources.map { BatchGatherer(source: $0, batchSize: batchSize) }
        batch = sources
    }

    /// Gathers the rows `indices` of every array. The previous batch is released first so that
    /// each buffer is uniquely referenced and refilled in place, not copied.
    mutating func load(_ indices: ArraySlice<Int>) {
        for i in batch.indices {
            batch[i] = BatchSet.released
            batch[i] = gatherers[i].gather(indices)
        }
    }
}
