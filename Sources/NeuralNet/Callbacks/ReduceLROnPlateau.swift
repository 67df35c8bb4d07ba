import TensorCore

/// Lowers the learning rate when a monitored quantity has stopped improving (Keras'
/// `ReduceLROnPlateau`): after `patience` epochs without an improvement of more than `minDelta`,
/// the rate becomes `max(rate · factor, minLearningRate)`, then `cooldown` epochs pass before
/// counting again.
public final class ReduceLROnPlateau: Callback {
    public let factor: Double
    public let patience: Int
    public let cooldown: Int
    public let minLearningRate: Double
    private var quantity: MonitoredQuantity
    private var best: Double?
    private var wait = 0
    private var cooldownCounter = 0

    public init(monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, mode: MonitorMode = .auto,
                minDelta: Double = 1e-4, cooldown: Int = 0, minLearningRate: Double = 0) {
        self.quantity = MonitoredQuantity(monitor: monitor, mode: mode, minDelta: minDelta)
        self.factor = factor
        self.patience = patience
        self.cooldown = cooldown
        self.minLearningRate = minLearningRate
    }

    public override func onTrainBegin(logs: Logs) throws {
        guard factor < 1, factor >= 0 else {
            throw SwiftLearnError.invalidArgument("ReduceLROnPlateau: factor must be in [0, 1), received \(factor)")
        }
        guard patience >= 0, cooldown >= 0, minLearningRate >= 0 else {
            throw SwiftLearnError.invalidArgument("ReduceLROnPlateau: patience, cooldown and minLearningRate must be non-negative, received \(patience), \(cooldown), \(minLearningRate)")
        }
        best = nil
        wait = 0
        cooldownCounter = 0
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        let value = try quantity.value(in: logs, context: "ReduceLROnPlateau") // a missing name before an unknown direction
        try quantity.resolve(context: "ReduceLROnPlateau")
        guard let current = value else { return }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        if quantity.isImprovement(current, over: best) {
            best = current
            wait = 0
        } else if cooldownCounter == 0 {
            wait += 1
            if wait >= patience, let optimizer = model?.compiled?.optimizer {
                let old = Double(optimizer.learningRate)
                if old > Double(Float(minLearningRate)) {
                    optimizer.learningRate = Float(Swift.max(old * factor, minLearningRate))
                    cooldownCounter = cooldown
                    wait = 0
                }
            }
        }
    }
}
