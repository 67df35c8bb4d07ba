import TensorCore

extension Model {
    /// Trains the model for `epochs` passes over `(x, y)` (Keras' `fit`).
    ///
    /// Mini-batches of `batchSize` rows (the last one may be smaller) are drawn in a new random
    /// order each epoch when `shuffle` is true, from ``GlobalRandom`` (seed it with
    /// ``setRandomSeed(_:)`` for reproducible runs). `validationSplit` holds out the *last*
    /// fraction of the samples before shuffling, as Keras does; `validationData` gives the
    /// validation set explicitly. Calling `fit` again resumes from the current weights and
    /// optimizer state.
    ///
    /// - Returns: the ``History`` of per-epoch `loss`, metrics and `val_` values.
    @discardableResult
    public func fit(
        _ x: Tensor, _ y: Tensor,
        batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [],
        validationSplit: Double = 0, validationData: (x: Tensor, y: Tensor)? = nil,
        shuffle: Bool = true, classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil,
        initialEpoch: Int = 0
    ) throws -> History {
        guard let compiled else {
            throw SwiftLearnError.invalidState("fit: model '\(name)' must be compiled first: call compile(loss:optimizer:metrics:)")
        }
        guard batchSize > 0 else { throw SwiftLearnError.invalidArgument("fit: batchSize must be a positive integer, received \(batchSize)") }
        try verbose.validate(context: "fit")
        guard epochs >= 0 else { throw SwiftLearnError.invalidArgument("fit: epochs must be non-negative, received \(epochs)") }
        guard initialEpoch >= 0 else { throw SwiftLearnError.invalidArgument("fit: initialEpoch must be non-negative, received \(initialEpoch)") }
        guard validationSplit >= 0, validationSplit < 1 else {
            throw SwiftLearnError.invalidArgument("fit: validationSplit must be in [0, 1), received \(validationSplit)")
        }
        try validate(x: x, y: y, context: "fit")
        let weights = try sampleWeights(y: y, sampleWeight: sampleWeight, classWeight: classWeight, context: "fit")

        // Hold out the last fraction before any shuffling (Keras' train_validation_split).
        var trainCount = x.shape[0]
        var validation = validationData
        var validationWeight: Tensor?
        if validationSplit > 0, validationData == nil {
            trainCount = Int((Double(x.shape[0]) * (1 - validationSplit)).rounded(.down))
            guard trainCount > 0, trainCount < x.shape[0] else {
                throw SwiftLearnError.invalidArgument("fit: validationSplit=\(validationSplit) of \(x.shape[0]) samples leaves \(trainCount) for training and \(x.shape[0] - trainCount) for validation; both must be non-empty")
            }
            validation = (try x.rows(trainCount..<x.shape[0]), try y.rows(trainCount..<y.shape[0]))
            // The held-out rows keep their sample weights (not the class weights), as in Keras.
            validationWeight = try sampleWeight.map { w in try w.reshaped(to: [-1]).rows(trainCount..<x.shape[0]) }
        }
        guard trainCount > 0 else { throw SwiftLearnError.invalidArgument("fit: x has no samples") }
        if let v = validation { try validate(x: v.x, y: v.y, context: "fit(validationData:)") }

        // A batch larger than the data is the whole data (Keras); no buffer is sized by the request.
        let batchSize = min(batchSize, trainCount)
        if !isBuilt { try buildIfNeeded(inputShape: [nil] + x.shape.dropFirst().map { Optional($0) }) }
        if layers.contains(where: { !$0.isBuilt }) {
            // Layers of a custom model build on their first call: make one on a first batch
            // (as Keras does) so that every weight exists before the optimizer is set up.
            _ = try self(x.rows(0..<batchSize), training: false)
        }
        try checkTargets(y, loss: compiled.loss, context: "fit")
        let variables = trainableWeights
        try prepare(compiled.optimizer, for: variables)

        let steps = (trainCount + batchSize - 1) / batchSize
        let history = History()
        history.setParams(["epochs": epochs, "steps": steps, "verbose": verbose.level])
        let allCallbacks: [Callback] = callbacks + [history]
        for c in allCallbacks { c.setModel(self) }
        stopTraining = false
        defer { tape.releaseBuffers() } // the step buffers are not needed between fits

        var generator = GlobalRandom.makeGenerator()
        var xBatches = BatchGatherer(source: x, batchSize: batchSize)
        var yBatches = BatchGatherer(source: y, batchSize: batchSize)
        var order = Array(0..<trainCount)
        var lastLogs: Logs = [:]

        for c in allCallbacks { try c.onTrainBegin(logs: [:]) }
        for epoch in initialEpoch..<max(initialEpoch, epochs) {
            if verbose != .silent { Console.write("Epoch \(epoch + 1)/\(epochs)\n") }
            for c in allCallbacks { try c.onEpochBegin(epoch, logs: [:]) }
            if shuffle { generator.shuffle(&order) }
            var trackers = EpochTrackers(metrics: compiled.metrics)
            let bar = ProgressBar(target: steps, verbosity: verbose)
            for step in 0..<steps {
                let indices = order[(step * batchSize)..<min((step + 1) * batchSize, trainCount)]
                for c in callbacks { try c.onTrainBatchBegin(step, logs: [:]) }
                let xb = xBatches.gather(indices), yb = yBatches.gather(indices)
                let (loss, prediction) = try trainStep(xb, yb, sampleWeight: batchWeights(weights, indices), compiled: compiled, variables: variables)
                try trackers.update(loss: loss, yTrue: yb, yPred: prediction)
                if !callbacks.isEmpty {
                    let logs = trackers.logs
                    for c in callbacks { try c.onTrainBatchEnd(step, logs: logs) }
                }
                bar.update(step + 1, logs: trackers.logs)
            }
            var logs = trackers.logs
            if let v = validation {
                let valLogs = try evaluate(v.x, v.y, batchSize: batchSize, verbose: .silent, sampleWeight: validationWeight, callbacks: callbacks)
                for (k, value) in valLogs { logs["val_" + k] = value }
            }
            bar.finish(logs: logs)
            for c in allCallbacks { try c.onEpochEnd(epoch, logs: logs) }
            lastLogs = logs
            if stopTraining { break }
        }
        for c in allCallbacks { try c.onTrainEnd(logs: lastLogs) }
        return history
    }

    /// One optimization step on a batch: forward on the tape, backward, optimizer update.
    /// Returns the batch loss and the predictions (computed before the update, as Keras).
    func trainStep(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?, compiled: Compiled, variables: [Variable]) throws -> (Float, Tensor) {
        let scale = compiled.optimizer.inPlaceUpdateScale
        // In-place contract: only the optimizer's variables, each with storage of its own.
        if scale != nil { for v in variables { v.makeValueUnique() } }
        var (loss, prediction) = try tape.record {
            let p = try self(x, training: true)
            guard p.rank >= 1, p.shape[0] == x.shape[0] else {
                throw SwiftLearnError.shapeMismatch("fit: model '\(name)' returned an output of shape \(formatShape(p.shape)) for a batch of \(x.shape[0]) samples; the first dimension must be the batch")
            }
            return (try compiled.loss(y, p, sampleWeight: sampleWeight), p)
        }
        prediction.trace = .none
        if scale != nil { for v in variables { v.inPlaceUpdateGeneration = tape.generation } }
        tape.inPlaceUpdateScale = scale
        defer { tape.inPlaceUpdateScale = nil }
        // A model with nothing to train (every layer frozen) still reports its loss, as Keras.
        if tape.isTraced(loss) { try tape.backward(from: loss) }
        // Weights updated inside the backward pass have no stored gradient; the rest are applied here.
        let generation = tape.generation
        try compiled.optimizer.apply(to: variables.filter { $0.hasGradient(from: generation) })
        return (loss.scalar ?? .nan, prediction)
    }

    /// Builds the optimizer's state for `variables` on first use; an optimizer built for other
    /// variables (another model, or before layers were frozen) must be compiled again.
    func prepare(_ optimizer: Optimizer, for variables: [Variable]) throws {
        guard optimizer.isBuilt else { return try optimizer.build(for: variables) }
        let known = Set(optimizer.variables.map(\.id))
        if let stranger = variables.first(where: { !known.contains($0.id) }) {
            throw SwiftLearnError.invalidState("fit: the optimizer of model '\(name)' holds state for other variables (\(optimizer.variables.prefix(3).map(\.path).joined(separator: ", "))...) than '\(stranger.path)'; it was used by another model since this one was compiled, or layers were unfrozen: call compile again (it resets the optimizer) or use a new optimizer")
        }
    }

    /// Checks targets against the model's output shape before any training, when it is known.
    func checkTargets(_ y: Tensor, loss: Loss, context: String) throws {
        guard let input = builtInputShape, let out = try? outputShape(forInputShape: input),
              !out.isEmpty, out.dropFirst().allSatisfy({ $0 != nil }) else { return }
        do {
            _ = try loss.conformingTarget(y, toShape: [y.shape[0]] + out.dropFirst().map { $0! })
        } catch let error as SwiftLearnError {
            throw SwiftLearnError.shapeMismatch("\(context): \(error.message)")
        }
    }
}

/// The running means of one epoch: the loss (weighted by batch size) and each metric.
struct EpochTrackers {
    let metrics: [Metric]
    var loss = MeanTracker()
    var values: [MeanTracker]
    var kinds: [Metric.Kind?]

    init(metrics: [Metric]) {
        self.metrics = metrics
        values = Array(repeating: MeanTracker(), count: metrics.count)
        kinds = Array(repeating: nil, count: metrics.count)
    }

    mutating func update(loss batchLoss: Float, yTrue: Tensor, yPred: Tensor) throws {
        let n = yPred.shape.first ?? 1
        loss.add(batchLoss, weight: Float(n))
        for i in metrics.indices {
            let kind = kinds[i] ?? metrics[i].resolved(targetShape: yTrue.shape, predictionShape: yPred.shape)
            kinds[i] = kind
            values[i].add(try Metric.values(kind, yTrue: yTrue, yPred: yPred))
        }
    }

    var logs: Logs {
        var out: Logs = ["loss": loss.result]
        for (m, t) in zip(metrics, values) { out[m.name] = t.result }
        return out
    }
}
