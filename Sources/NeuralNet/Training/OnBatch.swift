import TensorCore

extension Model {
    /// One optimization step on one batch (Keras' `train_on_batch(..., return_dict=True)`):
    /// the loss and metrics of this batch alone (computed before the update, as Keras).
    /// `sampleWeight` and `classWeight` cannot both be given (as Keras).
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil) throws -> Logs {
        guard let compiled else {
            throw SwiftLearnError.invalidState("trainOnBatch: model '\(name)' must be compiled first: call compile(loss:optimizer:metrics:)")
        }
        if sampleWeight != nil, classWeight != nil {
            throw SwiftLearnError.invalidArgument("trainOnBatch: give sampleWeight or classWeight, not both (as Keras)")
        }
        try validate(x: x, y: y, context: "trainOnBatch")
        guard x.shape[0] > 0 else { throw SwiftLearnError.invalidArgument("trainOnBatch: x has no samples") }
        let weights = try sampleWeights(y: y, sampleWeight: sampleWeight, classWeight: classWeight, context: "trainOnBatch")
        if !isBuilt { try buildIfNeeded(inputShape: [nil] + x.shape.dropFirst().map { Optional($0) }) }
        if layers.contains(where: { !$0.isBuilt }) { _ = try self(x, training: false) }
        try checkTargets(y, loss: compiled.loss, context: "trainOnBatch")
        let variables = trainableWeights
        try prepare(compiled.optimizer, for: variables)
        defer { tape.releaseBuffers() }
        let (loss, prediction) = try trainStep(x, y, sampleWeight: weights.map { Tensor($0) }, compiled: compiled, variables: variables)
        var trackers = EpochTrackers(metrics: compiled.metrics)
        try trackers.update(loss: loss, yTrue: y, yPred: prediction)
        return trackers.logs
    }

    /// The loss and metrics of one batch, without training (Keras' `test_on_batch(..., return_dict=True)`).
    public func testOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Logs {
        try evaluate(x, y, batchSize: Swift.max(x.shape.first ?? 1, 1), verbose: .silent, sampleWeight: sampleWeight)
    }

    /// The model's outputs for one batch (Keras' `predict_on_batch`): no progress bar, no splitting.
    public func predictOnBatch(_ x: Tensor) throws -> Tensor {
        try predict(x, batchSize: Swift.max(x.shape.first ?? 1, 1), verbose: .silent)
    }
}

/// Class indices as one-hot rows (Keras' `to_categorical`): `[2, 0]` → `[[0, 0, 1], [1, 0, 0]]`.
/// `numClasses` defaults to the largest label + 1; every label must be an integer in `0..<numClasses`.
public func toCategorical(_ labels: Tensor, numClasses: Int? = nil) throws -> Tensor {
    let values = labels.scalars
    for (i, v) in values.enumerated() where !(v >= 0 && v < 16_777_216 && v == v.rounded()) {
        throw SwiftLearnError.invalidArgument("toCategorical: labels must be non-negative integers below 2^24, received \(v) at index \(i)")
    }
    let count = numClasses ?? (values.max().map { Int($0) + 1 } ?? 0)
    guard count > 0 else { throw SwiftLearnError.invalidArgument("toCategorical: numClasses must be positive, received \(count)") }
    if let bad = values.firstIndex(where: { Int($0) >= count }) {
        throw SwiftLearnError.invalidArgument("toCategorical: label \(values[bad]) at index \(bad) is not below numClasses=\(count)")
    }
    let shape = (labels.rank > 1 && labels.shape.last == 1 ? Array(labels.shape.dropLast()) : labels.shape) + [count]
    var out = try Tensor(zeros: shape)
    out.withUnsafeMutableBufferPointer { p in
        for (i, v) in values.enumerated() { p[i * count + Int(v)] = 1 }
    }
    return out
}
