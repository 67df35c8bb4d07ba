import TensorCore

// Placeholders for Keras' legacy `.h5` layout (`model_config`, `training_config`,
// `model_weights`). The legacy-HDF5 work (files `Saving/LegacyH5*.swift`) replaces this file
// with real implementations of these four functions, keeping their signatures; the entry
// points in `SavingAPI.swift` already route `.h5` / `.hdf5` paths here.

/// Writes `model`'s weights in Keras' legacy `.h5` layout (`layer_names`, `weight_names`).
func saveLegacyH5Weights(_ model: Model, to path: String) throws {
    throw SwiftLearnError.invalidArgument("saveWeights(to: '\(path)'): legacy .h5 weights are not supported yet; use a path ending in .weights.h5 (Keras 3's format)")
}

/// Loads weights from a legacy `.h5` file (a weights file or a full model's `model_weights`).
func loadLegacyH5Weights(_ model: Model, from path: String) throws {
    throw SwiftLearnError.invalidArgument("loadWeights(from: '\(path)'): legacy .h5 weights are not supported yet; use a .weights.h5 or .keras file")
}

/// Writes a full model in Keras' legacy `.h5` layout.
func saveLegacyH5Model(_ model: Model, to path: String, includeOptimizer: Bool) throws {
    throw SwiftLearnError.invalidArgument("save(to: '\(path)'): legacy .h5 model files are not supported yet; use a path ending in .keras")
}

/// Reads a full model from a legacy `.h5` file (Keras 3 or tf.keras 2).
func loadLegacyH5Model(from path: String, compile: Bool) throws -> Model {
    throw SwiftLearnError.invalidArgument("loadModel(from: '\(path)'): legacy .h5 model files are not supported yet; use a .keras file")
}
