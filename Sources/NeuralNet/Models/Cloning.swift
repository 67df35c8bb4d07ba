import TensorCore

/// A new model with the same architecture as `model` (Keras' `keras.models.clone_model`): its
/// layers are rebuilt from their configs, so they have fresh weights from their initializers
/// and share nothing with the original; with `copyWeights`, the original's weight values are
/// copied in (a full, independent copy). The clone is not compiled.
///
/// Needs a model whose layers all have registered configs (a ``Sequential`` or functional
/// model of library or registered layers, or a subclassed model that overrides `config` and
/// registers its class with ``LayerRegistry/register(className:_:)``, as Keras' `get_config`
/// and `register_keras_serializable`).
public func cloneModel(_ model: Model, copyWeights: Bool = false) throws -> Model {
    let rebuilt: Layer
    do {
        try model.checkSerializable()
        rebuilt = try LayerRegistry.layer(from: model.serialized)
    } catch let error as SwiftLearnError {
        throw SwiftLearnError.invalidArgument("cloneModel: model '\(model.name)' cannot be rebuilt from its config (\(error.message))")
    }
    guard let clone = rebuilt as? Model else {
        throw SwiftLearnError.invalidArgument("cloneModel: model '\(model.name)' did not rebuild as a model")
    }
    if copyWeights {
        if !clone.isBuilt, let shape = model.builtInputShape { try clone.buildIfNeeded(inputShape: shape) }
        // A subclassed model's layers build on their first call (as Keras): call it once on zeros.
        if clone.isSubclassed, clone.weights.count != model.weights.count, let shape = model.builtInputShape,
           shape.dropFirst().allSatisfy({ $0 != nil }) {
            _ = try clone(Tensor(zeros: [1] + shape.dropFirst().compactMap { $0 }))
        }
        try clone.setWeights(model.getWeights())
    }
    return clone
}
