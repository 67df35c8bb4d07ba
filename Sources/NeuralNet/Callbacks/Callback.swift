/// Logs passed to callbacks: metric name → value (`loss`, `accuracy`, `val_loss`...).
public typealias Logs = [String: Float]

/// Hooks into `fit`, `evaluate` and `predict`, at Keras' hook points (Keras' `Callback`).
///
/// Subclass it and override only the hooks you need. ``model`` is the model being trained,
/// evaluated or predicted with, set before the first hook fires. A callback can stop training
/// by setting `model?.stopTraining = true`, and may throw: `fit` (or `evaluate`, `predict`) then
/// ends with that error and the model stays usable.
///
/// Order, as Keras fires them: `fit` calls `onTrainBegin`, then per epoch `onEpochBegin`,
/// `onTrainBatchBegin`/`onTrainBatchEnd` per step, the validation's `onTestBegin`,
/// `onTestBatchBegin`/`onTestBatchEnd`, `onTestEnd`, then `onEpochEnd` (with the `val_` logs),
/// and finally `onTrainEnd`. `evaluate` fires the test hooks; `predict` the predict hooks.
///
/// Callbacks are used from the task that runs `fit`; they are not `Sendable`.
open class Callback {
    /// The model this callback is attached to (Keras' `self.model`); weak, so a callback kept
    /// after training does not keep the model alive.
    public internal(set) weak var model: Model?

    public init() {}

    /// Called with the model before any hook; override to capture more (call `super`).
    open func setModel(_ model: Model) { self.model = model }
    open func onTrainBegin(logs: Logs) throws {}
    open func onTrainEnd(logs: Logs) throws {}
    open func onEpochBegin(_ epoch: Int, logs: Logs) throws {}
    /// `logs` holds the epoch's training metrics and, with validation, the `val_` ones.
    open func onEpochEnd(_ epoch: Int, logs: Logs) throws {}
    open func onTrainBatchBegin(_ batch: Int, logs: Logs) throws {}
    /// `logs` holds the running means of the epoch so far.
    open func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {}
    open func onTestBegin(logs: Logs) throws {}
    /// `logs` holds the evaluation's loss and metrics.
    open func onTestEnd(logs: Logs) throws {}
    open func onTestBatchBegin(_ batch: Int, logs: Logs) throws {}
    /// `logs` holds the running means of the evaluation so far.
    open func onTestBatchEnd(_ batch: Int, logs: Logs) throws {}
    open func onPredictBegin(logs: Logs) throws {}
    open func onPredictEnd(logs: Logs) throws {}
    open func onPredictBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onPredictBatchEnd(_ batch: Int, logs: Logs) throws {}
}

/// The record of a `fit`: its parameters and every epoch's logs (Keras' `History`).
public final class History: Callback {
    /// What `fit` ran with: `epochs`, `steps` per epoch, `verbose`.
    public internal(set) var params: [String: Int] = [:]
    /// The epochs run, 0-based (continuing across resumed `fit` calls on the same history).
    public internal(set) var epoch: [Int] = []
    /// Per key (`loss`, `accuracy`, `val_loss`...), one value per epoch.
    public internal(set) var history: [String: [Float]] = [:]

    public override init() {}

    func setParams(_ params: [String: Int]) { self.params = params }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        self.epoch.append(epoch)
        for (k, v) in logs { history[k, default: []].append(v) }
    }

    /// The values of `key` per epoch (empty if never logged).
    public subscript(key: String) -> [Float] { history[key] ?? [] }
}
