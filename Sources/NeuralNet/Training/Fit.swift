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
        try fit([x], [y], batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
                validationSplit: validationSplit, validationData: validationData.map { ([$0.x], [$0.y]) },
                shuffle: shuffle, classWeight: classWeight, sampleWeight: sampleWeight, initialEpoch: initialEpoch)
    }

    /// Trains a model with several inputs or outputs on arrays by input and output name
    /// (Keras' `fit({"wide": x1, "deep": x2}, {"main": y1, "aux": y2})`), all with the same samples.
    /// Batches, shuffling and `validationSplit` take the same rows of every array;
    /// `sampleWeight` weighs every output's loss. The history holds `loss` (the total
    /// `Σ wᵢ·Lᵢ`), and with several outputs `<output>_loss` and `<output>_<metric>`, as Keras 3.
    @discardableResult
    public func fit(
        _ x: [String: Tensor], _ y: [String: Tensor],
        batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [],
        validationSplit: Double = 0, validationData: (x: [String: Tensor], y: [String: Tensor])? = nil,
        shuffle: Bool = true, sampleWeight: Tensor? = nil, initialEpoch: Int = 0
    ) throws -> History {
        try fit(inputArrays(x, context: "fit"), targetArrays(y, context: "fit"), batchSize: batchSize, epochs: epochs,
                verbose: verbose, callbacks: callbacks, validationSplit: validationSplit,
                validationData: validationData.map { v in (try inputArrays(v.x, context: "fit(validationData:)"), try targetArrays(v.y, context: "fit(validationData:)")) },
                shuffle: shuffle, sampleWeight: sampleWeight, initialEpoch: initialEpoch)
    }

    /// Trains on one array per input and one per output, in the model's order (Keras'
    /// `fit([x1, x2], [y1, y2])`); the dictionary form takes them by input and output name.
    /// `sampleWeight` weighs every output alike; give one array per output with
    /// `fit(_:_:sampleWeight: [Tensor?])`. `classWeight` needs a single output and cannot be
    /// combined with `sampleWeight` (as Keras).
    @discardableResult
    public func fit(
        _ x: [Tensor], _ y: [Tensor],
        batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [],
        validationSplit: Double = 0, validationData: (x: [Tensor], y: [Tensor])? = nil,
        shuffle: Bool = true, classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil,
        initialEpoch: Int = 0
    ) throws -> History {
        try fitArrays(x, y, batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
                      validationSplit: validationSplit, validationData: validationData.map { ($0.x, $0.y, nil) },
                      shuffle: shuffle, classWeight: classWeight, weights: sampleWeight.map { .all($0) },
                      initialEpoch: initialEpoch)
    }

    /// The common body of every `fit`: arrays in the model's input and output order, sample
    /// weights in any of Keras' forms (one array, one per output, by output name).
    func fitArrays(
        _ x: [Tensor], _ y: [Tensor], batchSize: Int, epochs: Int, verbose: Verbosity, callbacks: [Callback],
        validationSplit: Double, validationData: (x: [Tensor], y: [Tensor], weights: SampleWeightInput?)?,
        shuffle: Bool, classWeight: [Int: Float]?, weights sampleWeight: SampleWeightInput?, initialEpoch: Int
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
        try validate(xs: x, ys: y, context: "fit")
        let weights = try outputSampleWeights(y: y, sampleWeight: sampleWeight, classWeight: classWeight, context: "fit")
        let total = x[0].shape[0]

        // Hold out the last fraction before any shuffling (Keras' train_validation_split).
        var trainCount = total
        var validation = validationData.map { (x: $0.x, y: $0.y) }
        var validationWeight: [[Float]?]?
        if validationSplit > 0, validationData == nil {
            trainCount = Int((Double(total) * (1 - validationSplit)).rounded(.down))
            guard trainCount > 0, trainCount < total else {
                throw SwiftLearnError.invalidArgument("fit: validationSplit=\(validationSplit) of \(total) samples leaves \(trainCount) for training and \(total - trainCount) for validation; both must be non-empty")
            }
            validation = (try x.map { try $0.rows(trainCount..<total) }, try y.map { try $0.rows(trainCount..<total) })
            // The held-out rows keep their sample weights (not the class weights), as in Keras.
            // Class weights are folded in only after the split (Keras refuses both at once anyway).
            validationWeight = classWeight == nil ? weights.map { $0.map { Array($0[trainCount..<total]) } } : nil
        }
        guard trainCount > 0 else { throw SwiftLearnError.invalidArgument("fit: x has no samples") }
        if let v = validation { try validate(xs: v.x, ys: v.y, context: "fit(validationData:)") }
        if let v = validationData {
            validationWeight = try outputSampleWeights(y: v.y, sampleWeight: v.weights, classWeight: nil, context: "fit(validationData:)")
        }

        // A batch larger than the data is the whole data (Keras); no buffer is sized by the request.
        let batchSize = min(batchSize, trainCount)
        if !isBuilt { try buildIfNeeded(inputShape: [nil] + x[0].shape.dropFirst().map { Optional($0) }) }
        if layers.contains(where: { !$0.isBuilt }) {
            // Layers of a custom model build on their first call: make one on a first batch
            // (as Keras does) so that every weight exists before the optimizer is set up.
            _ = try self(x.map { try $0.rows(0..<batchSize) }, training: false)
        }
        let plan = outputPlan(compiled)
        try checkTargets(y, plan: plan, context: "fit")
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
        var xBatches = BatchSet(sources: x, batchSize: batchSize)
        var yBatches = BatchSet(sources: y, batchSize: batchSize)
        var outputLosses = [Float](repeating: 0, count: y.count)
        var order = Array(0..<trainCount)
        var lastLogs: Logs = [:]

        for c in allCallbacks { try c.onTrainBegin(logs: [:]) }
        for epoch in initialEpoch..<max(initialEpoch, epochs) {
            if verbose != .silent { Console.write("Epoch \(epoch + 1)/\(epochs)\n") }
            for c in allCallbacks { try c.onEpochBegin(epoch, logs: [:]) }
            if shuffle { generator.shuffle(&order) }
            var trackers = EpochTrackers(plan: plan)
            let bar = ProgressBar(target: steps, verbosity: verbose)
            for step in 0..<steps {
                let indices = order[(step * batchSize)..<min((step + 1) * batchSize, trainCount)]
                for c in callbacks { try c.onTrainBatchBegin(step, logs: [:]) }
                xBatches.load(indices)
                yBatches.load(indices)
                let xb = xBatches.batch, yb = yBatches.batch
                let (loss, prediction) = try trainStep(xb, yb, sampleWeights: weights.map { batchWeights($0, indices) }, plan: plan,
                                                       optimizer: compiled.optimizer, variables: variables, outputLosses: &outputLosses)
                try trackers.update(loss: loss, outputLosses: outputLosses, yTrue: yb, yPred: prediction)
                if !callbacks.isEmpty {
                    let logs = trackers.logs
                    for c in callbacks { try c.onTrainBatchEnd(step, logs: logs) }
                }
                bar.update(step + 1, logs: trackers.logs)
            }
            var logs = trackers.logs
            if let v = validation {
                let valLogs = try evaluateArrays(v.x, v.y, batchSize: batchSize, verbose: .silent,
                                                 weights: validationWeight.map { .resolved($0) }, callbacks: callbacks)
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

    /// One optimization step on a batch with one input and one output (see the array form).
    func trainStep(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?, compiled: Compiled, variables: [Variable]) throws -> (Float, Tensor) {
        var outputLosses: [Float] = [0]
        let (loss, predictions) = try trainStep([x], [y], sampleWeights: [sampleWeight], plan: outputPlan(compiled),
                                                optimizer: compiled.optimizer, variables: variables, outputLosses: &outputLosses)
        return (loss, predictions[0])
    }

    /// One optimization step on a batch: forward on the tape, the total loss `Σ wᵢ·Lᵢ`, backward,
    /// optimizer update. Returns the total loss and the predictions (computed before the update,
    /// as Keras); `outputLosses` receives each output's unweighted loss. `sampleWeights` holds
    /// one entry per output (nil: unweighted).
    func trainStep(_ x: [Tensor], _ y: [Tensor], sampleWeights: [Tensor?], plan: OutputPlan, optimizer: Optimizer,
                   variables: [Variable], outputLosses: inout [Float]) throws -> (Float, [Tensor]) {
        let scale = optimizer.inPlaceUpdateScale
        // In-place contract: only the optimizer's variables, each with storage of its own.
        if scale != nil { for v in variables { v.makeValueUnique() } }
        var (loss, predictions) = try tape.record { () throws -> (Tensor, [Tensor]) in
            let p = try collectingLayerLosses { try self(x, training: true) } // layer losses: see addingLayerLosses
            guard p.count == y.count else {
                throw SwiftLearnError.shapeMismatch("fit: model '\(name)' returned \(p.count) outputs for \(y.count) target arrays")
            }
            for (i, out) in p.enumerated() where out.rank < 1 || out.shape[0] != x[0].shape[0] {
                throw SwiftLearnError.shapeMismatch("fit: model '\(name)' returned an output\(p.count > 1 ? " '\(plan.names[i])'" : "") of shape \(formatShape(out.shape)) for a batch of \(x[0].shape[0]) samples; the first dimension must be the batch")
            }
            if p.count == 1, plan.weights[0] == 1 {
                let l = try plan.losses[0](y[0], p[0], sampleWeight: sampleWeights[0])
                outputLosses[0] = l.scalar ?? .nan
                return (try addingLayerLosses(to: l), p)
            }
            // Keras 3: each output's loss times its weight, summed.
            var total: Tensor?
            for i in p.indices {
                let l = try plan.losses[i](y[i], p[i], sampleWeight: sampleWeights[i])
                outputLosses[i] = l.scalar ?? .nan
                let weighted = l * plan.weights[i]
                total = try total.map { try $0 + weighted } ?? weighted
            }
            return (try addingLayerLosses(to: total ?? Tensor(0)), p)
        }
        for i in predictions.indices { predictions[i].trace = .none }
        if scale != nil { for v in variables { v.inPlaceUpdateGeneration = tape.generation } }
        tape.inPlaceUpdateScale = scale
        defer { tape.inPlaceUpdateScale = nil }
        // A model with nothing to train (every layer frozen) still reports its loss, as Keras.
        if tape.isTraced(loss) { try tape.backward(from: loss) }
        // Weights updated inside the backward pass have no stored gradient; the rest are applied here.
        let generation = tape.generation
        try optimizer.apply(to: variables.filter { $0.hasGradient(from: generation) })
        try applyConstraints() // kernelConstraint/biasConstraint, after the update as Keras
        return (loss.scalar ?? .nan, predictions)
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

    /// Checks targets against the model's output shapes before any training, when they are known.
    func checkTargets(_ y: [Tensor], plan: OutputPlan, context: String) throws {
        guard let graph, graph.outputs.count > 1 else { return try checkTargets(y[0], loss: plan.losses[0], context: context) }
        for (i, (output, target)) in zip(graph.outputs, y).enumerated() {
            let shape = output.shape.dropFirst()
            guard shape.allSatisfy({ $0 != nil }) else { continue }
            do {
                _ = try plan.losses[i].conformingTarget(target, toShape: [target.shape[0]] + shape.compactMap { $0 })
            } catch let error as SwiftLearnError {
                throw SwiftLearnError.shapeMismatch("\(context): output '\(plan.names[i])': \(error.message)")
            }
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
