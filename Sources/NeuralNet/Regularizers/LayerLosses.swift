import TensorCore

/// Collects the losses layers add (``Layer/addLoss(_:)``) while a training or evaluation step
/// runs the model forward. It belongs to the one task running that step (as the
/// ``GradientTape`` does), hence `@unchecked Sendable`.
final class LossCollector: @unchecked Sendable {
    @TaskLocal static var current: LossCollector?
    var losses: [Tensor] = []
}

extension Layer {
    /// Adds `loss` (a scalar tensor, computed with differentiable operations) to the total loss of
    /// the training or evaluation step that is running this layer (Keras' `add_loss`).
    /// Outside such a step (`predict`, a plain call) the loss is dropped.
    public func addLoss(_ loss: Tensor) { LossCollector.current?.losses.append(loss) }

    /// Whether a training or evaluation step is collecting added losses now, so that a layer can
    /// skip computing a penalty that nobody would read.
    public var isCollectingLosses: Bool { LossCollector.current != nil }

    /// This layer and every layer inside it, each once, parents first.
    var layerTree: [Layer] {
        var seen = Set<ObjectIdentifier>()
        var out: [Layer] = []
        func visit(_ layer: Layer) {
            guard seen.insert(ObjectIdentifier(layer)).inserted else { return }
            out.append(layer)
            for child in layer.sublayers { visit(child) }
        }
        visit(self)
        return out
    }

    /// The penalty of every regularized weight that trains now (frozen weights add none, as
    /// Keras regularizes `trainable_weights` only), in weight order; each variable once.
    func weightPenalties() throws -> [Tensor] {
        var seen = Set<ObjectIdentifier>()
        var out: [Tensor] = []
        for layer in layerTree {
            for (v, r) in layer.weightRegularizers where v.isTrainable && seen.insert(ObjectIdentifier(v)).inserted {
                out.append(try r.penalty(v.value))
            }
        }
        return out
    }

    /// The current penalties (Keras' `model.losses`): the losses added during the last training
    /// or evaluation step (activity penalties, ``addLoss(_:)``), then the penalty of each
    /// regularized trainable weight computed from its current value, each a scalar tensor.
    public var losses: [Tensor] {
        get throws { collectedLosses.map { var t = $0; t.trace = .none; return t } + (try weightPenalties()) }
    }
}

extension Model {
    /// Runs `body` (the model's forward pass in a training or evaluation step) collecting the
    /// losses its layers add; they are kept for ``addingLayerLosses(to:)`` and ``Layer/losses``.
    func collectingLayerLosses<R>(_ body: () throws -> R) throws -> R {
        let collector = LossCollector()
        let result = try LossCollector.$current.withValue(collector) { try body() }
        collectedLosses = collector.losses
        return result
    }

    /// THE regularization hook of the training and evaluation steps (Keras 3's
    /// `Trainer.compute_loss`): the total loss is the compiled loss plus the sum of the layer
    /// losses, i.e. the losses added during the forward pass run by ``collectingLayerLosses(_:)``
    /// and the penalty of every regularized trainable weight, added in that order. The result is
    /// what is differentiated and what is reported as `loss`; per-output losses exclude it, as in
    /// Keras. Returns `loss` itself when the model has no layer losses.
    func addingLayerLosses(to loss: Tensor) throws -> Tensor {
        var total = loss
        for extra in collectedLosses { total = try total + extra }
        for penalty in try weightPenalties() { total = try total + penalty }
        return total
    }

    /// The constraint hook of the training step: projects every constrained trainable weight in
    /// place, after the optimizer's update (as Keras 3's `BaseOptimizer.apply`).
    func applyConstraints() throws {
        for layer in layerTree {
            for (v, c) in layer.weightConstraints where v.isTrainable {
                let shape = v.shape
                try v.update { try c.apply(to: $0, shape: shape) }
            }
        }
    }
}
