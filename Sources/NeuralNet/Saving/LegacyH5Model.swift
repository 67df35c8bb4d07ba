import Foundation
import HDF5
import TensorCore

// Keras' legacy HDF5 full-model and weights-only files (`model.save("m.h5")`,
// `model.save_weights("w.h5")` in tf.keras 2), as keras-formats §1 and §3 describe them.
// The `save(to:)` / `loadModel(from:)` dispatcher calls these for `.h5` and `.hdf5`.

/// Saves `model` as a Keras legacy `.h5` file Keras 3 loads:
/// ```
/// /                         @model_config (Keras 3 config JSON)  @keras_version  @backend
///                           @training_config (CompileConfig with `optimizer_config`), when the model is compiled
/// /model_weights            @layer_names  @keras_version  @backend
/// /model_weights/<layer>    @weight_names, a float32 dataset at each name
///                           (`sequential/dense/kernel` in a Sequential model, `dense/kernel` in a functional one)
/// /model_weights/top_level_model_weights   @weight_names = []
/// /swiftlearn_optimizer_state  with `includeOptimizer`, when the optimizer has state (LegacyH5Optimizer.swift)
/// ```
/// The write is atomic (temporary file in the same folder, synced, renamed); on failure nothing
/// is left behind and an earlier file at `url` is unchanged.
func saveLegacyH5Model(_ model: Model, to url: URL, includeOptimizer: Bool) throws {
    guard model.isBuilt else {
        throw SwiftLearnError.invalidState("cannot save model '\(model.name)' to '\(url.path)': it is not built yet; call it on data, fit it, or give its first layer an input shape")
    }
    if model.graph == nil, !(model is Sequential) {
        throw SwiftLearnError.invalidArgument("cannot save model '\(model.name)' (a subclassed \(model.className)) to '\(url.path)': a .h5 model file needs a config to rebuild the model from; save its weights instead (saveWeights), as Keras does")
    }
    let config: JSONValue = model.serialized
    let trainingConfig = model.compiled == nil ? nil : try LegacyH5.legacyH5TrainingConfig(of: model)
    try LegacyH5.writeAtomically(to: url) { file in
        try file.setAttribute("backend", LegacyH5.backend)
        try file.setAttribute("keras_version", LegacyH5.kerasVersion)
        try file.setAttribute("model_config", config.jsonText)
        if let trainingConfig { try file.setAttribute("training_config", trainingConfig.jsonText) }
        let weights = try file.createGroup("model_weights")
        try LegacyH5.writeLayerWeights(of: model, into: weights)
        if includeOptimizer, let optimizer = model.compiled?.optimizer {
            try LegacyH5.writeOptimizerState(optimizer, into: file)
        }
    }
}

/// Loads a Keras legacy `.h5` model file, as Keras 3 and tf.keras 2 write it: rebuilds the
/// architecture from `@model_config` through ``LayerRegistry`` (Sequential and functional;
/// tf.keras 2's `batch_input_shape`, `Model` class name, `inbound_nodes` lists and `Custom>`
/// class prefixes are understood), then sets the weights of `/model_weights` after verifying names, counts, shapes
/// and element types. Every problem throws `SwiftLearnError` naming the file and the object.
func loadLegacyH5Model(from url: URL, compile: Bool = true) throws -> Model {
    let file = try LegacyH5.openForReading(url)
    defer { file.close() }
    guard try file.hasAttribute("model_config") else {
        throw SwiftLearnError.io("HDF5 file '\(url.path)', object '/': no attribute 'model_config': not a Keras model file (a weights-only file is loaded with loadWeights)")
    }
    let config = LegacyH5.translateLegacyConfig(try LegacyH5.readJSON(file, attribute: "model_config"))
    let layer: Layer
    do {
        layer = try LayerRegistry.layer(from: config)
    } catch let error as SwiftLearnError {
        let reason: String
        switch error {
        case .unknownName: reason = "unknown class: \(error.message)"
        default: reason = error.message
        }
        throw SwiftLearnError.invalidConfig("HDF5 file '\(url.path)', attribute '/@model_config': \(reason)")
    }
    guard let model = layer as? Model else {
        throw SwiftLearnError.invalidConfig("HDF5 file '\(url.path)', attribute '/@model_config': describes a \(layer.className) layer, not a model")
    }
    guard model.isBuilt else {
        throw SwiftLearnError.invalidConfig("HDF5 file '\(url.path)', attribute '/@model_config': model '\(model.name)' declares no input shape (no InputLayer, batch_shape or build_input_shape), so its weights cannot be created")
    }
    guard try file.kind(of: "model_weights") == .group else {
        throw SwiftLearnError.io("HDF5 file '\(url.path)', object '/model_weights': missing")
    }
    try LegacyH5.loadLayerWeights(into: model, from: try file.openGroup("model_weights"))
    if compile, try file.hasAttribute("training_config") {
        let training = try LegacyH5.readJSON(file, attribute: "training_config")
        // Compiles as the file says; then the optimizer state follows.
        if try LegacyH5.compileFromLegacyH5TrainingConfig(training, model: model, file: url.path) {
            if try LegacyH5.hasOptimizerState(file) {
                try LegacyH5.restoreOptimizerState(from: file, into: model)
            } else if try file.kind(of: "optimizer_weights") == .group {
                try LegacyH5.restoreKerasOptimizerWeights(from: file, into: model)
            }
        }
    }
    return model
}

/// Saves `model`'s weights in the legacy weights-only layout (tf.keras 2's `save_weights("w.h5")`,
/// which Keras 3's `load_weights` reads): `@layer_names`, `@backend`, `@keras_version` on the root
/// and one group per layer with `@weight_names`. Any model kind, subclassed ones included. Atomic.
func saveLegacyH5Weights(_ model: Model, to url: URL) throws {
    guard model.isBuilt else {
        throw SwiftLearnError.invalidState("cannot save the weights of model '\(model.name)' to '\(url.path)': it is not built yet, so it has no weights")
    }
    try LegacyH5.writeAtomically(to: url) { file in
        try LegacyH5.writeLayerWeights(of: model, into: file)
    }
}

/// Loads weights into `model` from a legacy weights-only `.h5` (layers at the root) or from the
/// `/model_weights` of a full-model `.h5`. With `byName` (the default), layers are matched by
/// name as Keras' `load_weights(by_name=True)` does, but strictly: every layer with weights must
/// be in the file and every layer with weights in the file in the model. With `byName: false`,
/// by position among the layers with weights, as Keras' default `load_weights` on a `.h5` (for a
/// new instance of a subclassed model, whose layers get new automatic names). Counts, names,
/// shapes and element types must agree; nothing is changed unless everything matches, and all
/// mismatches are listed in one error.
func loadLegacyH5Weights(_ model: Model, from url: URL, byName: Bool = true) throws {
    guard model.isBuilt else {
        throw SwiftLearnError.invalidState("cannot load weights from '\(url.path)' into model '\(model.name)': it is not built yet; call it on data or give its first layer an input shape first")
    }
    let file = try LegacyH5.openForReading(url)
    defer { file.close() }
    if try file.hasAttribute("layer_names") || file.hasAttribute("layer_names0") {
        try LegacyH5.loadLayerWeights(into: model, from: file, byName: byName)
    } else if try file.kind(of: "model_weights") == .group {
        try LegacyH5.loadLayerWeights(into: model, from: try file.openGroup("model_weights"), byName: byName)
    } else {
        throw SwiftLearnError.io("HDF5 file '\(url.path)', object '/': neither a '@layer_names' attribute nor a '/model_weights' group: not a Keras legacy weights file")
    }
}

extension LegacyH5 {
    /// Rewrites what older Keras versions put in `model_config` into the form ``LayerRegistry``
    /// rebuilds. Most of tf.keras 2's form is read as it is by the layers' and models' own config
    /// readers (checked with real tf.keras 2.15 files): `batch_input_shape` (`ConfigReader.declaredInputShape`),
    /// `class_name: "Model"`, `inbound_nodes` as `[[["name", 0, 0, {}]]]` lists (`Model.functional(config:)`),
    /// `"dtype": "float32"` strings (ignored). What is left is the `"Custom>"` package prefix that
    /// `register_keras_serializable()` gives user classes: `"Custom>MyLayer"` is looked up as
    /// `"MyLayer"` unless the prefixed name itself is registered.
    static func translateLegacyConfig(_ json: JSONValue) -> JSONValue {
        let registered = Set(LayerRegistry.classNames)
        func walk(_ json: JSONValue) -> JSONValue {
            switch json {
            case .array(let items):
                return .array(items.map(walk))
            case .object(let pairs):
                return .object(pairs.map { key, value in
                    if key == "class_name", let name = value.stringValue, name.hasPrefix("Custom>"), !registered.contains(name) {
                        return (key, .string(String(name.dropFirst("Custom>".count))))
                    }
                    return (key, walk(value))
                })
            default:
                return json
            }
        }
        return walk(json)
    }
}
