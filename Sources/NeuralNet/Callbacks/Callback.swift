/// Logs passed to callbacks: metric name → value (`loss`, `accuracy`, `val_loss`...).
public typealias Logs = [String: Float]

/// Hooks into `fit`, `evaluate` and `predict`, at Keras' hook points.
///
/// Every method has an empty default, so a callback implements only what it needs. A callback
/// can stop training by setting `model.stopTraining = true`, and may throw to abort.
public protocol Callback: AnyObject {
    /// Called once before training with the model being trained.
    func setModel(_ model: Model)
    func onTrainBegin(logs: Logs) throws
    func onTrainEnd(logs: Logs) throws
    func onEpochBegin(_ epoch: Int, logs: Logs) throws
    /// `logs` holds the epoch's training metrics and, with validation, the `val_` ones.
    func onEpochEnd(_ epoch: Int, logs: Logs) throws
    func onTrainBatchBegin(_ batch: Int, logs: Logs) throws
    /// `logs` holds the running means of the epoch so far.
    func onTrainBatchEnd(_ batch: Int, logs: Logs) throws
    func onTestBegin(logs: Logs) throws
    func onTestEnd(logs: Logs) throws
    func onPredictBegin(logs: Logs) throws
    func onPredictEnd(logs: Logs) throws
}

extension Callback {
    public func setModel(_ model: Model) {}
    public func onTrainBegin(logs: Logs) throws {}
    public func onTrainEnd(logs: Logs) throws {}
    public func onEpochBegin(_ epoch: Int, logs: Logs) throws {}
    public func onEpochEnd(_ epoch: Int, logs: Logs) throws {}
    public func onTrainBatchBegin(_ batch: Int, logs: Logs) throws {}
    public func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {}
    public func onTestBegin(logs: Logs) throws {}
    public func onTestEnd(logs: Logs) throws {}
    public func onPredictBegin(logs: Logs) throws {}
    public func onPredictEnd(logs: Logs) throws {}
}

/// The record of a `fit`: its parameters and every epoch's logs (Keras' `History`).
public final class History: Callback {
    /// What `fit` ran with: `epochs`, `steps` per epoch, `verbose`.
    public private(set) var params: [String: Int] = [:]
    /// The epochs run, 0-based (continuing across resumed `fit` calls on the same history).
    public private(set) var epoch: [Int] = []
    /// Per key (`loss`, `accuracy`, `val_loss`...), one value per epoch.
    public private(set) var history: [String: [Float]] = [:]

    public init() {}

    func setParams(_ params: [String: Int]) { self.params = params }

    public func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        self.epoch.append(epoch)
        for (k, v) in logs { history[k, default: []].append(v) }
    }

    /// The values of `key` per epoch (empty if never logged).
    public subscript(key: String) -> [Float] { history[key] ?? [] }
}
