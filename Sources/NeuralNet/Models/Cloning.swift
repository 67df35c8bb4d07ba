import TensorCore

/// A new model with the same architecture as `model` (Keras' `keras.models.clone_model`): its
/// layers are rebuilt from their configs, so they have fresh weights from their initializers
/// and share nothing with the original; with `copyWeights`, the original's weight values are
/// copied in (a full, independent copy). The clone is not compiled.
///
/// Needs a model whose layers all have registered configs (a ``Sequential`` of library or
/// registered layers); a subclassed model has no config to rebuild from: build a new instance.
public func cloneModel(_ model: Model, copyWeights: Bool = false) throws -> Model {
    let rebuilt: Layer
    do {
        rebuilt = try LayerRegistry.layer(from: model.serialized)
    } catch let error as SwiftLearnError {
        throw SwiftLearnError.invalidArgument("cloneModel: model '\(model.name)' cannot be rebuilt from its config (\(error.message)); a subclassed model must be cloned by creating a new instance")
    }
    guard let clone = rebuilt as? Model else {
        throw SwiftLearnError.invalidArgument("cloneModel: model '\(model.name)' did not rebuild as a model")
    }
    if copyWeights {
        if !clone.isBuilt, let shape = model.builtInputShape { try clone.buildIfNeeded(inputShape: shape) }
        try clone.setWeights(model.getWeights())
    }
    return clone
}
