import TensorCore

extension Model {
    /// One optimization step on one batch (Keras' `train_on_batch(..., return_dict=True)`):
    /// the loss and metrics of this batch alone (computed before the update, as Keras).
    /// `sampleWeight` and `classWeight` cannot both be given (as Keras).
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil) throws -> Logs {
        try trainOnBatch([x], [y], sampleWeight: sampleWeight, classWeight: classWeight)
    }

    /// One optimization step on one batch given by input and output name.
    @discardableResult
    public func trainOnBatch(_ x: [String: Tensor], _ y: [String: Tensor], sampleWeight: Tensor? = nil) throws -> Logs {
        try trainOnBatch(inputArrays(x, context: "trainOnBatch"), targetArrays(y, context: "trainOnBatch"), sampleWeight: sampleWeight)
    }

    /// One optimization step on one batch of one array per input and one per output.
    @discardableResult
    public func trainOnBatch(_ x: [Tensor], _ y: [Tensor], sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil) throws -> Logs {
        try trainOnBatchArrays(x, y, weights: sampleWeight.map { .all($0) }, classWeight: classWeight)
    }

    /// The common body of every `trainOnBatch`: sample weights in any of Keras' forms.
    func trainOnBatchArrays(_ x: [Tensor], _ y: [Tensor], weights sampleWeight: SampleWeightInput?, classWeight: [Int: Float]?) throws -> Logs {
        guard let compiled else {
            throw SwiftLearnError.invalidState("trainOnBatch: model '\(name)' must be compiled first: call compile(loss:optimizer:metrics:)")
        }
        try validate(xs: x, ys: y, context: "trainOnBatch")
        guard x[0].shape[0] > 0 else { throw SwiftLearnError.invalidArgument("trainOnBatch: x has no samples") }
        let weights = try outputSampleWeights(y: y, sampleWeight: sampleWeight, classWeight: classWeight, context: "trainOnBatch")
        if !isBuilt { try buildIfNeeded(inputShape: [nil] + x[0].shape.dropFirst().map { Optional($0) }) }
        if layers.contains(where: { !$0.isBuilt }) { _ = try self(x, training: false) }
        let plan = outputPlan(compiled)
        try checkTargets(y, plan: plan, context: "trainOnBatch")
        let variables = trainableWeights
        try prepare(compiled.optimizer, for: variables)
        defer { tape.releaseBuffers() }
        var outputLosses = [Float](repeating: 0, count: y.count)
        let (loss, prediction) = try trainStep(x, y, sampleWeights: weights.map { $0.map { Tensor($0) } }, plan: plan,
                                               optimizer: compiled.optimizer, variables: variables, outputLosses: &outputLosses)
        var trackers = EpochTrackers(plan: plan)
        try trackers.update(loss: loss, outputLosses: outputLosses, yTrue: y, yPred: prediction)
        return trackers.logs
    }

    /// The loss and metrics of one batch, without training (Keras' `test_on_batch(..., return_dict=True)`).
    public func testOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Logs {
        try testOnBatch([x], [y], sampleWeight: sampleWeight)
    }

    /// The loss and metrics of one batch given by input and output name, without training.
    public func testOnBatch(_ x: [String: Tensor], _ y: [String: Tensor], sampleWeight: Tensor? = nil) throws -> Logs {
        try testOnBatch(inputArrays(x, context: "testOnBatch"), targetArrays(y, context: "testOnBatch"), sampleWeight: sampleWeight)
    }

    /// The loss and metrics of one batch of one array per input and one per output, without training.
    public func testOnBatch(_ x: [Tensor], _ y: [Tensor], sampleWeight: Tensor? = nil) throws -> Logs {
        try evaluate(x, y, batchSize: Swift.max(x.first?.shape.first ?? 1, 1), verbose: .silent, sampleWeight: sampleWeight)
    }

    /// The model's outputs for one batch (Keras' `predict_on_batch`): no progress bar, no splitting.
    public func predictOnBatch(_ x: Tensor) throws -> Tensor {
        try predict(x, batchSize: Swift.max(x.shape.first ?? 1, 1), verbose: .silent)
    }

    /// The model's outputs for one batch given by input name, one per output.
    public func predictOnBatch(_ x: [String: Tensor]) throws -> [Tensor] {
        try predictOnBatch(inputArrays(x, context: "predictOnBatch"))
    }

    /// The model's outputs for one batch of one array per input, one per output.
    public func predictOnBatch(_ x: [Tensor]) throws -> [Tensor] {
        try predict(x, batchSize: Swift.max(x.first?.shape.first ?? 1, 1), verbose: .silent)
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
