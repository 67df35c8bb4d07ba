import TensorCore

/// What one epoch (or one evaluation) accumulates: the total loss and, with several outputs,
/// each output's loss, as means weighted by batch size (Keras' `Mean` trackers), and a fresh
/// state of every metric, updated with each batch's predictions (stateful metrics such as
/// ``Precision`` or ``AUC`` count over the whole epoch, as Keras 3).
struct EpochTrackers {
    let plan: OutputPlan
    var loss = MeanTracker()
    var outputLosses: [MeanTracker]
    var states: [[any StatefulMetric]]
    /// The log key of each metric: its name, or `<output>_<name>` for several outputs.
    let keys: [[String]]

    init(plan: OutputPlan) {
        self.plan = plan
        outputLosses = Array(repeating: MeanTracker(), count: plan.isMulti ? plan.names.count : 0)
        states = plan.metrics.map { $0.map { $0.makeState() } }
        keys = zip(plan.names, plan.metrics).map { name, metrics in metrics.map { plan.isMulti ? "\(name)_\($0.name)" : $0.name } }
    }

    /// Trackers for one output with `metrics`.
    init(metrics: [Metric]) {
        self.init(plan: OutputPlan(names: ["output"], losses: [.meanSquaredError], weights: [1], metrics: [metrics]))
    }

    /// Adds one batch: its total loss, each output's loss, targets and predictions. Metrics
    /// are not weighted by sample weights (Keras' `metrics`, as opposed to `weighted_metrics`).
    mutating func update(loss batchLoss: Float, outputLosses batchOutputLosses: [Float], yTrue: [Tensor], yPred: [Tensor]) throws {
        let n = Float(yPred.first?.shape.first ?? 1)
        loss.add(batchLoss, weight: n)
        for i in outputLosses.indices { outputLosses[i].add(batchOutputLosses[i], weight: n) }
        for o in states.indices {
            for i in states[o].indices {
                do {
                    try states[o][i].updateState(yTrue: yTrue[o], yPred: yPred[o], sampleWeight: nil)
                } catch let error as SwiftLearnError where plan.isMulti {
                    throw SwiftLearnError.shapeMismatch("output '\(plan.names[o])': \(error.message)")
                }
            }
        }
    }

    mutating func update(loss batchLoss: Float, yTrue: Tensor, yPred: Tensor) throws {
        try update(loss: batchLoss, outputLosses: [], yTrue: [yTrue], yPred: [yPred])
    }

    var logs: Logs {
        var out: Logs = ["loss": loss.result]
        for (name, tracker) in zip(plan.names, outputLosses) { out["\(name)_loss"] = tracker.result }
        for (keys, states) in zip(keys, states) {
            for (key, state) in zip(keys, states) { out[key] = state.result() }
        }
        return out
    }
}
