import TensorCore

extension Model {
    /// The loss and metrics on `(x, y)` (Keras' `evaluate(..., return_dict=True)`):
    /// the loss is averaged over batches weighted by their size, metrics over samples.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32, verbose: Verbosity = .progressBar,
                         sampleWeight: Tensor? = nil, callbacks: [Callback] = []) throws -> Logs {
        guard let compiled else {
            throw SwiftLearnError.invalidState("evaluate: model '\(name)' must be compiled first: call compile(loss:optimizer:metrics:)")
        }
        guard batchSize > 0 else { throw SwiftLearnError.invalidArgument("evaluate: batchSize must be a positive integer, received \(batchSize)") }
        try validate(x: x, y: y, context: "evaluate")
        let weights = try sampleWeights(y: y, sampleWeight: sampleWeight, classWeight: nil, context: "evaluate")
        try requireBuilt(context: "evaluate")
        let n = x.shape[0]
        let steps = (n + batchSize - 1) / batchSize
        var trackers = EpochTrackers(metrics: compiled.metrics)
        let bar = ProgressBar(target: steps, verbosity: verbose)
        for c in callbacks { c.setModel(self); try c.onTestBegin(logs: [:]) }
        for step in 0..<steps {
            let range = (step * batchSize)..<min((step + 1) * batchSize, n)
            let xb = steps == 1 ? x : try x.rows(range)
            let yb = steps == 1 ? y : try y.rows(range)
            let prediction = try self(xb, training: false)
            let loss = try compiled.loss(yb, prediction, sampleWeight: weights.map { Tensor(Array($0[range])) })
            try trackers.update(loss: loss.scalar ?? .nan, yTrue: yb, yPred: prediction)
            bar.update(step + 1, logs: trackers.logs)
        }
        let logs = trackers.logs
        bar.finish(logs: logs)
        for c in callbacks { try c.onTestEnd(logs: logs) }
        return logs
    }

    /// The model's outputs for `x`, computed in batches of `batchSize` (Keras' `predict`).
    /// Like Keras it shows a progress bar unless `verbose` is `.silent`.
    public func predict(_ x: Tensor, batchSize: Int = 32, verbose: Verbosity = .progressBar) throws -> Tensor {
        guard batchSize > 0 else { throw SwiftLearnError.invalidArgument("predict: batchSize must be a positive integer, received \(batchSize)") }
        try validate(x: x, y: nil, context: "predict")
        try requireBuilt(context: "predict")
        let n = x.shape[0]
        let steps = (n + batchSize - 1) / batchSize
        let bar = ProgressBar(target: steps, verbosity: verbose)
        if steps <= 1 {
            var out = try self(x, training: false)
            out.trace = .none
            bar.finish(logs: [:])
            return out
        }
        var output: Tensor?
        var rowSize = 0
        for step in 0..<steps {
            let range = (step * batchSize)..<min((step + 1) * batchSize, n)
            let batch = try self(x.rows(range), training: false)
            if output == nil {
                rowSize = batch.scalarCount / max(range.count, 1)
                output = Tensor(uncheckedShape: [n] + batch.shape.dropFirst())
            }
            output!.withUnsafeMutableBufferPointer { dst in
                batch.withUnsafeBufferPointer { src in
                    (dst.baseAddress! + range.lowerBound * rowSize).update(from: src.baseAddress!, count: src.count)
                }
            }
            bar.update(step + 1, logs: [:])
        }
        bar.finish(logs: [:])
        return output!
    }

    /// Throws when the model has no weights yet and its input shape is unknown.
    func requireBuilt(context: String) throws {
        if !isBuilt, let s = self as? Sequential, s.declaredModelInputShape == nil {
            throw SwiftLearnError.invalidState("\(context): model '\(name)' is not built yet: train it with fit, or declare its input shape (an InputLayer first, or inputShape: on the first layer)")
        }
    }
}
