import TensorCore

/// A model's compile state in Keras 3's JSON form: a `.keras` file's `compile_config` and, with
/// the optimizer under `optimizer_config` instead, a legacy `.h5` file's `training_config`.
///
/// ```json
/// {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {...}, "registered_name": null},
///  "loss": "mean_squared_error", "loss_weights": null, "metrics": ["mae"], "weighted_metrics": null,
///  "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}
/// ```
/// Losses are written under their full Keras names (`mean_squared_error`, never `mse`, which
/// Keras 3 cannot read back from a legacy `.h5`), metrics under the names they were given.
public enum CompileConfig {
    /// Where the optimizer goes in the JSON.
    public enum OptimizerKey: String, Sendable {
        /// `.keras` `compile_config`: `"optimizer": {"module", "class_name", "config", "registered_name"}`.
        case optimizer
        /// Legacy `.h5` `training_config`: `"optimizer_config": {"class_name", "config"}`.
        case optimizerConfig = "optimizer_config"
    }

    /// The compile state of `compiled` as Keras 3 writes it.
    public static func json(for compiled: Model.Compiled, optimizerKey: OptimizerKey = .optimizer) -> JSONValue {
        let optimizer: JSONValue = optimizerKey == .optimizer
            ? compiled.optimizer.serialized
            : .object([("class_name", .string(compiled.optimizer.className)), ("config", .object(compiled.optimizer.config))])
        let loss: JSONValue = compiled.losses.map { .array($0.map { .string($0.name) }) } ?? .string(compiled.loss.name)
        let lossWeights: JSONValue = compiled.lossWeights.map { .array($0.map { .float32($0) }) } ?? .null
        let metrics: JSONValue
        if let perOutput = compiled.outputMetrics {
            metrics = .array(perOutput.map { .array($0.map { .string($0.name) }) })
        } else {
            metrics = compiled.metrics.isEmpty ? .null : .array(compiled.metrics.map { .string($0.name) })
        }
        return .object([(optimizerKey.rawValue, optimizer), ("loss", loss), ("loss_weights", lossWeights),
                         ("metrics", metrics), ("weighted_metrics", .null), ("run_eagerly", false),
                         ("steps_per_execution", 1), ("jit_compile", false)])
    }

    /// Compiles `model` as `json` says (either form: `optimizer` or `optimizer_config`). `loss`
    /// may be a name, a serialized loss object, a list (one per output) or an object keyed by
    /// output name; `metrics` a list of names, one list per output, or an object keyed by output.
    /// Errors name `context` (e.g. the file) and the key.
    public static func compile(_ model: Model, from json: JSONValue, context: String) throws {
        let c = try ConfigReader(json, context: context)
        let optimizerJSON = c.object["optimizer"].flatMap { $0 == .null ? nil : $0 }
            ?? c.object["optimizer_config"].flatMap { $0 == .null ? nil : $0 }
        let optimizer = try optimizerJSON.map { try Optimizer.fromConfig($0, context: "\(context): optimizer") } ?? RMSprop()
        guard let lossJSON = c.object["loss"], lossJSON != .null else {
            throw c.error("loss", "is missing: a model cannot be compiled without a loss")
        }
        let outputs = model.graph?.outputs.count ?? 1
        let outputNames = model.graph.map { _ in model.outputNames } ?? []
        let lossWeights = try c.has("loss_weights") ? floats(c, "loss_weights", outputNames: outputNames) : nil
        let metrics = try metricLists(c, outputNames: outputNames)
        do {
            switch lossJSON {
            case .array(let items) where outputs > 1 || items.count > 1:
                let losses = try items.map { try loss(from: $0, c) }
                try model.compile(losses: losses, optimizer: optimizer, lossWeights: lossWeights,
                                  metrics: metrics.map { $0.count == 1 && outputs > 1 ? Array(repeating: $0[0], count: outputs) : $0 })
            case .object where lossJSON["class_name"] == nil:
                let losses = try outputNames.map { name in
                    guard let l = lossJSON[name] else { throw c.error("loss", "has no entry for output '\(name)'") }
                    return try loss(from: l, c)
                }
                try model.compile(losses: losses, optimizer: optimizer, lossWeights: lossWeights, metrics: metrics)
            default:
                let single = try loss(from: lossJSON.arrayValue?.first ?? lossJSON, c)
                if outputs > 1 || lossWeights != nil || (metrics?.count ?? 0) > 1 {
                    try model.compile(losses: Array(repeating: single, count: outputs), optimizer: optimizer,
                                      lossWeights: lossWeights, metrics: metrics.map { $0.count == 1 ? Array(repeating: $0[0], count: outputs) : $0 })
                } else {
                    try model.compile(loss: single, optimizer: optimizer, metrics: metrics?.first ?? [])
                }
            }
        } catch let e as SwiftLearnError {
            if case .invalidConfig = e { throw e }
            throw SwiftLearnError.invalidConfig("\(context): \(e.message)")
        }
    }

    /// A loss from a name or `{"class_name": ..., "config": ...}`.
    private static func loss(from json: JSONValue, _ c: ConfigReader) throws -> Loss {
        let name = json.stringValue ?? json["class_name"]?.stringValue
        guard let name else { throw c.mismatch("loss", "a loss name or a serialized loss", json) }
        do {
            return try Loss(named: name)
        } catch let e as SwiftLearnError {
            throw c.error("loss", "names an unknown loss: \(e.message). A custom loss is saved by name only: load the model with compile: false, then compile it with your loss")
        }
    }

    /// `loss_weights` as a list, or an object keyed by output name.
    private static func floats(_ c: ConfigReader, _ key: String, outputNames: [String]) throws -> [Float] {
        let value = c.object[key] ?? .null
        let items: [JSONValue]
        if case .object(let pairs) = value {
            items = try outputNames.map { n in
                guard let v = pairs.first(where: { $0.0 == n })?.1 else { throw c.error(key, "has no entry for output '\(n)'") }
                return v
            }
        } else {
            items = try c.array(key)
        }
        return try items.map {
            guard let d = $0.doubleValue, d.isFinite else { throw c.mismatch(key, "a list of numbers", value) }
            return Float(d)
        }
    }

    /// `metrics` as one list per output (a single list when they apply to every output); nil when absent.
    private static func metricLists(_ c: ConfigReader, outputNames: [String]) throws -> [[Metric]]? {
        guard let value = c.object["metrics"], value != .null else { return nil }
        // A name, or a serialized metric: its config's name, else (tf.keras 2's
        // `{"class_name": "MeanMetricWrapper", "config": {"name": "main_output_mae", "fn":
        // "mean_absolute_error"}}`, whose name carries the output's prefix) its function.
        func metric(_ j: JSONValue) throws -> Metric {
            let names = [j.stringValue, j["config"]?["name"]?.stringValue, j["config"]?["fn"]?.stringValue, j["class_name"]?.stringValue].compactMap { $0 }
            guard let first = names.first else { throw c.mismatch("metrics", "metric names", value) }
            for name in names.dropLast() { if let m = try? Metric(named: name) { return m } }
            do { return try Metric(named: names.count > 1 ? names[names.count - 1] : first) } catch let e as SwiftLearnError {
                throw c.error("metrics", "names an unknown metric: \(e.message). A custom metric is saved by name only: load the model with compile: false, then compile it with your metrics")
            }
        }
        func list(_ j: JSONValue) throws -> [Metric] {
            if let items = j.arrayValue { return try items.map(metric) }
            if j == .null { return [] }
            return [try metric(j)]
        }
        switch value {
        case .array(let items):
            if items.contains(where: { $0.arrayValue != nil || $0 == .null }) { return try items.map(list) }
            return [try items.map(metric)]
        case .object(let pairs) where value["class_name"] == nil:
            return try outputNames.map { n in try pairs.first(where: { $0.0 == n }).map { try list($0.1) } ?? [] }
        default:
            return [try list(value)]
        }
    }
}
