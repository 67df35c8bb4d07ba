import TensorCore

extension Model {
    /// The loss and metrics on `(x, y)` (Keras' `evaluate(..., return_dict=True)`):
    /// the loss is averaged over batches weighted by their size, metrics over samples.
    ///
    /// `callbacks` receive `onTestBegin`, `onTestBatchBegin`/`onTestBatchEnd` per batch and
    /// `onTestEnd`, as in Keras. Throws for data with no samples (there is no loss to report).
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32, verbose: Verbosity = .progressBar,
                         sampleWeight: Tensor? = nil, callbacks: [Callback] = []) throws -> Logs {
        guard let compiled else {
            throw SwiftLearnError.invalidState("evaluate: model '\(name)' must be compiled first: call compile(loss:optimizer:metrics:)")
        }
        guard batchSize > 0 else { throw SwiftLearnError.invalidArgument("evaluate: batchSize must be a positive integer, received \(batchSize)") }
        try verbose.validate(context: "evaluate")
        try validate(x: x, y: y, context: "evaluate")
        guard x.shape[0] > 0 else {
            throw SwiftLearnError.invalidArgument("evaluate: x has no samples (shape \(formatShape(x.shape))); there is no loss to compute")
        }
        let weights = try sampleWeights(y: y, sampleWeight: sampleWeight, classWeight: nil, context: "evaluate")
        try requireBuilt(context: "evaluate")
        let n = x.shape[0]
        let batchSize = min(batchSize, n)
        let steps = (n + batchSize - 1) / batchSize
        var trackers = EpochTrackers(metrics: compiled.metrics)
        let bar = ProgressBar(target: steps, verbosity: verbose)
        for c in callbacks { c.setModel(self) }
        for c in callbacks { try c.onTestBegin(logs: [:]) }
        for step in 0..<steps {
            let range = (step * batchSize)..<min((step + 1) * batchSize, n)
            for c in callbacks { try c.onTestBatchBegin(step, logs: [:]) }
            let xb = steps == 1 ? x : try x.rows(range)
            let yb = steps == 1 ? y : try y.rows(range)
            let prediction = try batchOutput(xb, context: "evaluate")
            let loss = try compiled.loss(yb, prediction, sampleWeight: weights.map { Tensor(Array($0[range])) })
            try trackers.update(loss: loss.scalar ?? .nan, yTrue: yb, yPred: prediction)
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
    public func predict(_ x: Tensor, batchSize: Int = 32, verbose: Verbosity = .progressBar,
                        callbacks: [Callback] = []) throws -> Tensor {
        guard batchSize > 0 else { throw SwiftLearnError.invalidArgument("predict: batchSize must be a positive integer, received \(batchSize)") }
        try verbose.validate(context: "predict")
        try validate(x: x, y: nil, context: "predict")
        try requireBuilt(context: "predict")
        let n = x.shape[0]
        let batchSize = min(batchSize, max(n, 1))
        let steps = (n + batchSize - 1) / batchSize
        let bar = ProgressBar(target: steps, verbosity: verbose)
        for c in callbacks { c.setModel(self) }
        for c in callbacks { try c.onPredictBegin(logs: [:]) }
        var output: Tensor?
        if steps <= 1 {
            for c in callbacks { try c.onPredictBatchBegin(0, logs: [:]) }
            output = try batchOutput(x, context: "predict")
            for c in callbacks { try c.onPredictBatchEnd(0, logs: [:]) }
        } else {
            var rowSize = 0
            for step in 0..<steps {
                let range = (step * batchSize)..<min((step + 1) * batchSize, n)
                for c in callbacks { try c.onPredictBatchBegin(step, logs: [:]) }
                let batch = try batchOutput(x.rows(range), context: "predict")
                if output == nil {
                    rowSize = batch.scalarCount / range.count
                    output = Tensor(uncheckedShape: [n] + batch.shape.dropFirst())
                } else if let o = output, o.shape.dropFirst() != batch.shape.dropFirst() {
                    throw SwiftLearnError.shapeMismatch("predict: model '\(name)' returned rows of shape \(formatShape(Array(batch.shape.dropFirst()))) for batch \(step), \(formatShape(Array(o.shape.dropFirst()))) before")
                }
                output?.withUnsafeMutableBufferPointer { dst in
                    batch.withUnsafeBufferPointer { src in
                        (dst.baseAddress! + range.lowerBound * rowSize).update(from: src.baseAddress!, count: src.count)
                    }
                }
                for c in callbacks { try c.onPredictBatchEnd(step, logs: [:]) }
                bar.update(step + 1, logs: [:])
            }
        }
        bar.finish(logs: [:])
        for c in callbacks { try c.onPredictEnd(logs: [:]) }
        guard let output else {
            throw SwiftLearnError.invalidState("predict: model '\(name)' produced no output")
        }
        return output
    }

    /// The model's inference output for one batch, checked to have one row per sample.
    func batchOutput(_ x: Tensor, context: String) throws -> Tensor {
        var out = try self(x, training: false)
        out.trace = .none
        guard out.rank >= 1, out.shape[0] == x.shape[0] else {
            throw SwiftLearnError.shapeMismatch("\(context): model '\(name)' returned an output of shape \(formatShape(out.shape)) for a batch of \(x.shape[0]) samples; the first dimension must be the batch")
        }
        return out
    }

    /// Throws when the model has no weights yet and its input shape is unknown.
    func requireBuilt(context: String) throws {
        if !isBuilt, let s = self as? Sequential, s.declaredModelInputShape == nil {
            throw SwiftLearnError.invalidState("\(context): model '\(name)' is not built yet: train it with fit, or declare its input shape (an InputLayer first, or inputShape: on the first layer)")
        }
    }
}
