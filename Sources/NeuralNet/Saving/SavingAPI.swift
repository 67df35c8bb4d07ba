import Foundation
import TensorCore

/// The file formats of Keras, chosen from a path's extension as Keras does.
public enum ModelFileFormat: Sendable, Equatable {
    /// `.keras`: Keras 3's zip (architecture, compile state, weights and optimizer state).
    case keras
    /// `.weights.h5`: Keras 3's weights file (layer weights and optimizer variables).
    case weightsH5
    /// `.h5` / `.hdf5`: Keras' legacy HDF5 layout.
    case legacyH5

    /// The format of `path`, or nil for an extension Keras does not know.
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".weights.h5") { self = .weightsH5 }
        else if lower.hasSuffix(".keras") { self = .keras }
        else if lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") { self = .legacyH5 }
        else { return nil }
    }
}

extension Model {
    /// Saves the whole model (Keras' `model.save`): architecture, compile state, weights and,
    /// with `includeOptimizer`, the optimizer's state, so that ``loadModel(from:customObjects:compile:)``
    /// resumes training exactly. The format follows the extension: `.keras` (Keras 3's zip,
    /// which Keras 3 loads with its optimizer state) or `.h5` / `.hdf5` (Keras' legacy layout).
    ///
    /// The file is written to a temporary file in the same folder, synced and renamed, so a
    /// failed save never damages an existing file. Throws `io` for a missing or read-only folder
    /// (leaving nothing behind), `invalidArgument` for another extension or a model whose class
    /// cannot be rebuilt from its config (save such models with ``saveWeights(to:)``).
    public func save(to path: String, includeOptimizer: Bool = true) throws {
        switch ModelFileFormat(path: path) {
        case .keras:
            try AtomicFileWrite.write(to: path) { try KerasArchive.write(self, to: $0, includeOptimizer: includeOptimizer) }
        case .legacyH5:
            try saveLegacyH5Model(self, to: URL(fileURLWithPath: path), includeOptimizer: includeOptimizer)
        case .weightsH5:
            throw SwiftLearnError.invalidArgument("save(to: '\(path)'): a .weights.h5 file holds weights only; call saveWeights(to:) for it, or save the whole model to a .keras file")
        case nil:
            throw SwiftLearnError.invalidArgument("save(to: '\(path)'): unknown format; the path must end in .keras (Keras 3's format) or .h5 (the legacy format)")
        }
    }

    /// Saves the whole model to a file URL (see ``save(to:includeOptimizer:)-(String,_)``).
    public func save(to url: URL, includeOptimizer: Bool = true) throws {
        try save(to: url.path, includeOptimizer: includeOptimizer)
    }

    /// Saves the weights (Keras' `save_weights`): every layer's variables and, when compiled, the
    /// optimizer's variables (step count, learning rate, slots). Works for every kind of model,
    /// subclassed models included. `.weights.h5` gives Keras 3's layout; `.h5` the legacy one.
    /// Written atomically as ``save(to:includeOptimizer:)-(String,_)``.
    public func saveWeights(to path: String) throws {
        switch ModelFileFormat(path: path) {
        case .weightsH5:
            try AtomicFileWrite.write(to: path) { try KerasWeightsFile.write(self, to: $0) }
        case .legacyH5:
            try saveLegacyH5Weights(self, to: URL(fileURLWithPath: path))
        case .keras, nil:
            throw SwiftLearnError.invalidArgument("saveWeights(to: '\(path)'): the filename must end in .weights.h5 (or .h5 for Keras' legacy format); save the whole model to a .keras file with save(to:)")
        }
    }

    /// Saves the weights to a file URL.
    public func saveWeights(to url: URL) throws { try saveWeights(to: url.path) }

    /// Loads weights saved by ``saveWeights(to:)`` or by Keras (`.weights.h5`, a `.keras` zip's
    /// weights, or a legacy `.h5`). The model must have the saved architecture and be built. When
    /// the model is compiled and the file holds optimizer variables, the optimizer's state (step
    /// count, learning rate, slots) is restored too, so compile first, then load, to resume.
    ///
    /// Names, counts, shapes and dtypes are checked before anything changes; every mismatch is
    /// listed in one `shapeMismatch` error naming the file and the object paths.
    public func loadWeights(from path: String) throws {
        switch ModelFileFormat(path: path) {
        case .weightsH5:
            try KerasWeightsFile.read(into: self, from: path)
        case .keras:
            let archive = try KerasArchive.open(path)
            try KerasArchive.loadWeights(into: self, fromArchive: archive, path: path)
        case .legacyH5:
            try loadLegacyH5Weights(self, from: URL(fileURLWithPath: path))
        case nil:
            throw SwiftLearnError.invalidArgument("loadWeights(from: '\(path)'): unknown format; expected a .weights.h5, .keras or .h5 file")
        }
    }

    /// Loads weights from a file URL.
    public func loadWeights(from url: URL) throws { try loadWeights(from: url.path) }
}

/// Loads a model saved by ``Model/save(to:includeOptimizer:)-(String,_)`` or by Keras (Keras'
/// `keras.models.load_model`), choosing the format by extension: `.keras` or `.h5` / `.hdf5`.
///
/// - Parameters:
///   - customObjects: factories for your own layer classes, by Keras class name; they are
///     registered with ``LayerRegistry`` (as `LayerRegistry.register(className:_:)` would).
///   - compile: whether to compile the model as it was saved (loss, optimizer with its
///     hyperparameters and state, metrics). With `false` the model comes back uncompiled.
/// - Throws: `io` for a missing, truncated or corrupted file (naming the file and the member
///   or object), `invalidConfig` for a malformed config, `unknownName` for an unregistered
///   layer class (saying how to register it), `shapeMismatch` listing every weight that does
///   not fit the architecture.
public func loadModel(from path: String, customObjects: [String: LayerRegistry.Factory] = [:], compile: Bool = true) throws -> Model {
    for (className, factory) in customObjects { LayerRegistry.register(className: className, factory) }
    switch ModelFileFormat(path: path) {
    case .keras:
        return try KerasArchive.load(from: path, compile: compile)
    case .legacyH5:
        return try loadLegacyH5Model(from: URL(fileURLWithPath: path), compile: compile)
    case .weightsH5:
        throw SwiftLearnError.invalidArgument("loadModel(from: '\(path)'): a .weights.h5 file holds weights only, not the architecture; build the model in code, then call model.loadWeights(from:)")
    case nil:
        throw SwiftLearnError.invalidArgument("loadModel(from: '\(path)'): unknown format; the path must end in .keras or .h5")
    }
}

/// Loads a model from a file URL (see ``loadModel(from:customObjects:compile:)-(String,_,_)``).
public func loadModel(from url: URL, customObjects: [String: LayerRegistry.Factory] = [:], compile: Bool = true) throws -> Model {
    try loadModel(from: url.path, customObjects: customObjects, compile: compile)
}
