import TensorCore

/// What training computes for each output: its name, loss, loss weight and metrics, resolved
/// from ``Model/Compiled`` for the model's outputs.
struct OutputPlan {
    let names: [String]
    let losses: [Loss]
    let weights: [Float]
    let metrics: [[Metric]]
    /// Several outputs: the logs gain `<output>_loss` and `<output>_<metric>` keys (Keras 3).
    var isMulti: Bool { names.count > 1 }
}

extension Model {
    /// The names of the model's inputs (the `Input` layers'), or `["input"]` for a non-functional model.
    var inputNames: [String] { graph?.inputs.map(\.node.layer.name) ?? ["input"] }
    /// The names of the model's outputs (the layers that produce them), or `["output"]`.
    var outputNames: [String] { graph?.outputs.map(\.node.layer.name) ?? ["output"] }

    /// The per-output plan of `compiled` for this model's outputs.
    func outputPlan(_ compiled: Compiled) -> OutputPlan {
        let names = outputNames
        return OutputPlan(names: names,
                          losses: compiled.losses ?? Array(repeating: compiled.loss, count: names.count),
                          weights: compiled.lossWeights ?? Array(repeating: 1, count: names.count),
                          metrics: compiled.outputMetrics ?? Array(repeating: compiled.metrics, count: names.count))
    }

    /// Sets one loss per output (Keras' `compile(loss=[...], loss_weights=[...], metrics=[[...], ...])`),
    /// in output order. The total loss is `Σ lossWeights[i]·losses[i]` (weights default to 1);
    /// `metrics` holds each output's metrics (empty for none). A single-output model may use it too.
    public func compile(losses: [Loss], optimizer: Optimizer = SGD(), lossWeights: [Float]? = nil, metrics: [[Metric]]? = nil) throws {
        let names = outputNames
        guard losses.count == names.count else {
            throw SwiftLearnError.invalidArgument("compile: model '\(name)' has \(names.count) outputs (\(names.joined(separator: ", "))), received \(losses.count) losses")
        }
        if let lossWeights {
            guard lossWeights.count == names.count else {
                throw SwiftLearnError.invalidArgument("compile: model '\(name)' has \(names.count) outputs (\(names.joined(separator: ", "))), received \(lossWeights.count) lossWeights")
            }
            if let bad = lossWeights.firstIndex(where: { !$0.isFinite }) {
                throw SwiftLearnError.invalidArgument("compile: lossWeights[\(bad)] (output '\(names[bad])') must be finite, received \(lossWeights[bad])")
            }
        }
        if let metrics {
            guard metrics.count == names.count else {
                throw SwiftLearnError.invalidArgument("compile: model '\(name)' has \(names.count) outputs (\(names.joined(separator: ", "))), received metrics for \(metrics.count)")
            }
            for (i, list) in metrics.enumerated() {
                let listed = list.map(\.name)
                if let dup = listed.first(where: { n in listed.filter { $0 == n }.count > 1 }) {
                    throw SwiftLearnError.invalidArgument("compile: metric '\(dup)' is listed twice for output '\(names[i])'")
                }
            }
        }
        try compile(loss: losses[0], optimizer: optimizer, metrics: [])
        compiled?.losses = losses
        compiled?.lossWeights = lossWeights
        compiled?.outputMetrics = metrics ?? Array(repeating: [], count: names.count)
    }

    /// Losses, loss weights and metrics by output name (Keras' dictionaries): every output needs
    /// a loss; a weight missing from `lossWeights` is 1, an output missing from `metrics` has none.
    public func compile(losses: [String: Loss], optimizer: Optimizer = SGD(), lossWeights: [String: Float]? = nil, metrics: [String: [Metric]]? = nil) throws {
        let names = outputNames
        try requireKnown(losses.keys, argument: "losses")
        try requireKnown(lossWeights?.keys ?? [:].keys, argument: "lossWeights")
        try requireKnown(metrics?.keys ?? [:].keys, argument: "metrics")
        let ordered = try names.map { output in
            guard let loss = losses[output] else {
                throw SwiftLearnError.invalidArgument("compile: the losses dictionary has no loss for output '\(output)' of model '\(name)' (its outputs are \(names.joined(separator: ", ")))")
            }
            return loss
        }
        try compile(losses: ordered, optimizer: optimizer,
                    lossWeights: lossWeights.map { w in names.map { w[$0] ?? 1 } },
                    metrics: metrics.map { m in names.map { m[$0] ?? [] } })
    }

    /// Losses and metrics by Keras name, by output name: `compile(losses: ["main": "mse", "aux": "mse"], ...)`.
    public func compile(losses: [String: String], optimizer: Optimizer = SGD(), lossWeights: [String: Float]? = nil, metrics: [String: [String]]? = nil) throws {
        try compile(losses: losses.mapValues { try Loss(named: $0) }, optimizer: optimizer, lossWeights: lossWeights,
                    metrics: metrics.map { try $0.mapValues { try $0.map { try Metric(named: $0) } } })
    }

    /// Losses and metrics by Keras name, in output order: `compile(losses: ["mse", "mse"], lossWeights: [0.9, 0.1], metrics: [["mae"], ["mae"]])`.
    public func compile(losses: [String], optimizer: Optimizer = SGD(), lossWeights: [Float]? = nil, metrics: [[String]]? = nil) throws {
        try compile(losses: losses.map { try Loss(named: $0) }, optimizer: optimizer, lossWeights: lossWeights,
                    metrics: metrics.map { try $0.map { try $0.map { try Metric(named: $0) } } })
    }

    private func requireKnown<S: Sequence<String>>(_ keys: S, argument: String) throws {
        let names = outputNames
        if let unknown = keys.first(where: { !names.contains($0) }) {
            throw SwiftLearnError.unknownName("compile: \(argument) names output '\(unknown)', which model '\(name)' does not have (its outputs are \(names.joined(separator: ", ")))")
        }
    }

    /// Arrays in the order of `names` from a dictionary by name; throws for a name not among
    /// `names` or a name without an array.
    func ordered(_ arrays: [String: Tensor], names: [String], kind: String, argument: String, context: String) throws -> [Tensor] {
        if let unknown = arrays.keys.sorted().first(where: { !names.contains($0) }) {
            throw SwiftLearnError.unknownName("\(context): \(argument) has an array for \(kind) '\(unknown)', which model '\(name)' does not have (its \(kind)s are \(names.joined(separator: ", ")))")
        }
        return try names.map { n in
            guard let a = arrays[n] else {
                throw SwiftLearnError.invalidArgument("\(context): \(argument) has no array for \(kind) '\(n)' of model '\(name)'")
            }
            return a
        }
    }

    func inputArrays(_ x: [String: Tensor], context: String, argument: String = "x") throws -> [Tensor] {
        try ordered(x, names: inputNames, kind: "input", argument: argument, context: context)
    }

    func targetArrays(_ y: [String: Tensor], context: String, argument: String = "y") throws -> [Tensor] {
        try ordered(y, names: outputNames, kind: "output", argument: argument, context: context)
    }
}
