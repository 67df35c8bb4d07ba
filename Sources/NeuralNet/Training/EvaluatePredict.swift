import TensorCore

extension Model {
    /// The loss and metrics on `(x, y)` (Keras' `evaluate(..., return_dict=True)`):
    /// the loss is averaged over batches weighted by their size, metrics over samples.
    ///
    /// `callbacks` receive `onTestBegin`, `onTestBatchBegin`/`onTestBatchEnd` per batch and
    /// `onTestEnd`, as in Keras. Throws for data with no samples (there is no loss to report).
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32, verbose: Verbosity = .progressBar,
                         sampleWeight: Tensor? = nil, callbacks: [Callback] = []) throws -> Logs {
        try evaluate([x], [y], batchSize: batchSize, verbose: verbose, sampleWeight: sampleWeight, callbacks: callbacks)
    }

    /// The loss and metrics on arrays by input and output name (Keras' `evaluate({...}, {...})`).
    public func evaluate(_ x: [String: Tensor], _ y: [String: Tensor], batchSize: Int = 32, verbose: Verbosity = .progressBar,
                         sampleWeight: Tensor? = nil, callbacks: [Callback] = []) throws -> Logs {
        try evaluate(inputArrays(x, context: "evaluate"), targetArrays(y, context: "evaluate"), batchSize: batchSize,
                     verbose: verbose, sampleWeight: sampleWeight, callbacks: callbacks)
    }

    /// The loss and metrics on one array per input and one per output, in the model's order.
    /// With several outputs the logs hold `loss` (the total `Σ wᵢ·Lᵢ`), `<output>_loss` and
    /// `<output>_<metric>`, as Keras 3; `sampleWeight` weighs every output's loss.
    public func evaluate(_ x: [Tensor], _ y: [Tensor], batchSize: Int = 32, verbose: Verbosity = .progressBar,
                         sampleWeight: Tensor? = nil, callbacks: [Callback] = []) throws -> Logs {
        try evaluateArrays(x, y, batchSize: batchSize, verbose: verbose, weights: sampleWeight.map { .all($0) }, callbacks: callbacks)
    }

    /// The common body of every `evaluate`: sample weights in any of Keras' forms.
    func evaluateArrays(_ x: [Tensor], _ y: [Tensor], batchSize: Int, verbose: Verbosity,
                        weights sampleWeight: SampleWeightInput?, callbacks: [Callback]) throws -> Logs {
        guard let compiled else {
            throw SwiftLearnError.invalidState("evaluate: model '\(name)' must be compiled first: call compile(loss:optimizer:metrics:)")
        }
        guard batchSize > 0 else { throw SwiftLearnError.invalidArgument("evaluate: batchSize must be a positive integer, received \(batchSize)") }
        try verbose.validate(context: "evaluate")
        try validate(xs: x, ys: y, context: "evaluate")
        guard x[0].shape[0] > 0 else {
            throw SwiftLearnError.invalidArgument("evaluate: x has no samples (shape \(formatShape(x[0].shape))); there is no loss to compute")
        }
        let weights = try outputSampleWeights(y: y, sampleWeight: sampleWeight, classWeight: nil, context: "evaluate")
        try requireBuilt(context: "evaluate")
        let plan = outputPlan(compiled)
        let n = x[0].shape[0]
        let batchSize = min(batchSize, n)
        let steps = (n + batchSize - 1) / batchSize
        var trackers = EpochTrackers(plan: plan)
        var outputLosses = [Float](repeating: 0, count: y.count)
        let bar = ProgressBar(target: steps, verbosity: verbose)
        for c in callbacks { c.setModel(self) }
        for c in callbacks { try c.onTestBegin(logs: [:]) }
        for step in 0..<steps {
            let range = (step * batchSize)..<min((step + 1) * batchSize, n)
            for c in callbacks { try c.onTestBatchBegin(step, logs: [:]) }
            let xb = steps == 1 ? x : try x.map { try $0.rows(range) }
            let yb = steps == 1 ? y : try y.map { try $0.rows(range) }
            let prediction = try collectingLayerLosses { try batchOutputs(xb, context: "evaluate") }
            guard prediction.count == yb.count else {
                throw SwiftLearnError.shapeMismatch("evaluate: model '\(name)' returned \(prediction.count) outputs for \(yb.count) target arrays")
            }
            let w = weights.map { $0.map { Tensor(Array($0[range])) } }
            var total: Float = 0
            for i in yb.indices {
                let value = try plan.losses[i](yb[i], prediction[i], sampleWeight: w[i]).scalar ?? .nan
                outputLosses[i] = value
                // Keras 3: each output's loss times its weight, summed (one output: the loss itself).
                total = yb.count == 1 && plan.weights[0] == 1 ? value : total + value * plan.weights[i]
            }
            total = try addingLayerLosses(to: Tensor(total)).scalar ?? .nan // layer losses, as Keras' test step
            try trackers.update(loss: total, outputLosses: outputLosses, yTrue: yb, yPred: prediction)
            if !callbacks.isEmpty {
                let logs = trackers.logs
                for c in callbacks { try c.onTestBatchEnd(step, logs: logs) }
            }
            bar.update(step + 1, logs: trackers.logs)
        }
        let logs = trackers.logs
        bar.finish(logs: logs)
        for c in callbacks { try c.onTestEnd(logs: logs) }
        return logs
    }

    /// The model's outputs for `x`, computed in batches of `batchSize` (Keras' `predict`).
    /// Like Keras it shows a progress bar unless `verbose` is `.silent`; `callbacks` receive
    /// `onPredictBegin`, `onPredictBatchBegin`/`onPredictBatchEnd` per batch and `onPredictEnd`.
    /// A model with several outputs needs the array form, `predict([x])`.
    public func predict(_ x: Tensor, batchSize: Int = 32, verbose: Verbosity = .progressBar,
                        callbacks: [Callback] = []) throws -> Tensor {
        if outputNames.count > 1 {
            throw SwiftLearnError.invalidArgument("predict: model '\(name)' has \(outputNames.count) outputs (\(outputNames.joined(separator: ", "))); call predict([x]), which returns one array per output")
        }
        return try predict([x], batchSize: batchSize, verbose: verbose, callbacks: callbacks)[0]
    }

    /// The model's outputs for arrays by input name; one array per output, in output order.
    public func predict(_ x: [String: Tensor], batchSize: Int = 32, verbose: Verbosity = .progressBar,
                        callbacks: [Callback] = []) throws -> [Tensor] {
        try predict(inputArrays(x, context: "predict"), batchSize: batchSize, verbose: verbose, callbacks: callbacks)
    }

    /// The model's outputs for one array per input (Keras' `predict([x1, x2])`): one array per
    /// output, in output order, computed in batches of `batchSize`.
    public func predict(_ x: [Tensor], batchSize: Int = 32, verbose: Verbosity = .progressBar,
                        callbacks: [Callback] = []) throws -> [Tensor] {
        guard batchSize > 0 else { throw SwiftLearnError.invalidArgument("predict: batchSize must be a positive integer, received \(batchSize)") }
        try verbose.validate(context: "predict")
        try validate(xs: x, ys: nil, context: "predict")
        try requireBuilt(context: "predict")
        let n = x[0].shape[0]
        let batchSize = min(batchSize, max(n, 1))
        let steps = (n + batchSize - 1) / batchSize
        let bar = ProgressBar(target: steps, verbosity: verbose)
        for c in callbacks { c.setModel(self) }
        for c in callbacks { try c.onPredictBegin(logs: [:]) }
        var outputs: [Tensor]?
        if steps <= 1 {
            for c in callbacks { try c.onPredictBatchBegin(0, logs: [:]) }
            outputs = try batchOutputs(x, context: "predict")
            for c in callbacks { try c.onPredictBatchEnd(0, logs: [:]) }
        } else {
            for step in 0..<steps {
                let range = (step * batchSize)..<min((step + 1) * batchSize, n)
                for c in callbacks { try c.onPredictBatchBegin(step, logs: [:]) }
                let batch = try batchOutputs(x.map { try $0.rows(range) }, context: "predict")
                if outputs == nil {
                    outputs = batch.map { Tensor(uncheckedShape: [n] + $0.shape.dropFirst()) }
                }
                for i in batch.indices {
                    guard let o = outputs?[i], o.shape.dropFirst() == batch[i].shape.dropFirst(), outputs?.count == batch.count else {
                        throw SwiftLearnError.shapeMismatch("predict: model '\(name)' returned rows of shape \(formatShape(Array(batch[i].shape.dropFirst()))) for batch \(step)\(batch.count > 1 ? " (output '\(outputNames[i])')" : ""), another shape before")
                    }
                    let rowSize = batch[i].scalarCount / range.count
                    outputs?[i].withUnsafeMutableBufferPointer { dst in
                        batch[i].withUnsafeBufferPointer { src in
                            guard let d = dst.baseAddress, let s = src.baseAddress else { return }
                            (d + range.lowerBound * rowSize).update(from: s, count: src.count)
                        }
                    }
                }
                for c in callbacks { try c.onPredictBatchEnd(step, logs: [:]) }
                bar.update(step + 1, logs: [:])
            }
        }
        bar.finish(logs: [:])
        for c in callbacks { try c.onPredictEnd(logs: [:]) }
        guard let outputs else {
            throw SwiftLearnError.invalidState("predict: model '\(name)' produced no output")
        }
        return outputs
    }

    /// The model's inference output for one batch, checked to have one row per sample.
    func batchOutput(_ x: Tensor, context: String) throws -> Tensor {
        try batchOutputs([x], context: context)[0]
    }

    /// The model's inference outputs for one batch, each checked to have one row per sample.
    func batchOutputs(_ x: [Tensor], context: String) throws -> [Tensor] {
        var outs = try self(x, training: false)
        for i in outs.indices {
            outs[i].trace = .none
            guard outs[i].rank >= 1, outs[i].shape[0] == x[0].shape[0] else {
                throw SwiftLearnError.shapeMismatch("\(context): model '\(name)' returned an output\(outs.count > 1 ? " '\(outputNames[i])'" : "") of shape \(formatShape(outs[i].shape)) for a batch of \(x[0].shape[0]) samples; the first dimension must be the batch")
            }
        }
        return outs
    }

    /// Throws when the model has no weights yet and its input shape is unknown.
    func requireBuilt(context: String) throws {
        if !isBuilt, let s = self as? Sequential, s.declaredModelInputShape == nil {
            throw SwiftLearnError.invalidState("\(context): model '\(name)' is not built yet: train it with fit, or declare its input shape (an InputLayer first, or inputShape: on the first layer)")
        }
    }
}
