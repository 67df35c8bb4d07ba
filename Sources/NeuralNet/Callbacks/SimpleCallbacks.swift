import TensorCore

/// Stops training at the first batch whose loss is NaN or infinite (Keras' `TerminateOnNaN`);
/// with `raiseError`, throws instead.
public final class TerminateOnNaN: Callback {
    public let raiseError: Bool
    /// The batch at which training was stopped, or nil.
    public private(set) var stoppedBatch: Int?

    public init(raiseError: Bool = false) { self.raiseError = raiseError }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard let loss = logs["loss"], !loss.isFinite else { return }
        if raiseError {
            throw SwiftLearnError.invalidState("TerminateOnNaN: NaN or infinite loss (\(loss)) at batch \(batch)")
        }
        stoppedBatch = batch
        model?.stopTraining = true
    }
}

/// Sets the learning rate at the start of every epoch from `schedule(epoch, currentRate)`
/// (Keras' `LearningRateScheduler`).
public final class LearningRateScheduler: Callback {
    public let schedule: (_ epoch: Int, _ learningRate: Float) -> Float

    public init(_ schedule: @escaping (_ epoch: Int, _ learningRate: Float) -> Float) { self.schedule = schedule }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws {
        guard let optimizer = model?.compiled?.optimizer else { return }
        let rate = schedule(epoch, optimizer.learningRate)
        guard rate.isFinite, rate > 0 else {
            throw SwiftLearnError.invalidArgument("LearningRateScheduler: the schedule returned \(rate) for epoch \(epoch); a learning rate must be a positive finite number")
        }
        optimizer.learningRate = rate
    }
}

/// A callback from closures, for the hooks you need (Keras' `LambdaCallback`).
public final class LambdaCallback: Callback {
    public typealias EpochHook = (_ epoch: Int, _ logs: Logs) throws -> Void
    public typealias BatchHook = (_ batch: Int, _ logs: Logs) throws -> Void
    public typealias TrainHook = (_ logs: Logs) throws -> Void
    private let epochBegin: EpochHook?, epochEnd: EpochHook?
    private let batchBegin: BatchHook?, batchEnd: BatchHook?
    private let trainBegin: TrainHook?, trainEnd: TrainHook?

    public init(onEpochBegin: EpochHook? = nil, onEpochEnd: EpochHook? = nil,
                onTrainBatchBegin: BatchHook? = nil, onTrainBatchEnd: BatchHook? = nil,
                onTrainBegin: TrainHook? = nil, onTrainEnd: TrainHook? = nil) {
        epochBegin = onEpochBegin; epochEnd = onEpochEnd
        batchBegin = onTrainBatchBegin; batchEnd = onTrainBatchEnd
        trainBegin = onTrainBegin; trainEnd = onTrainEnd
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws { try epochBegin?(epoch, logs) }
    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws { try epochEnd?(epoch, logs) }
    public override func onTrainBatchBegin(_ batch: Int, logs: Logs) throws { try batchBegin?(batch, logs) }
    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { try batchEnd?(batch, logs) }
    public override func onTrainBegin(logs: Logs) throws { try trainBegin?(logs) }
    public override func onTrainEnd(logs: Logs) throws { try trainEnd?(logs) }
}
