import Foundation
import TensorCore

/// Saves the model or its weights during training (Keras 3's `ModelCheckpoint`).
///
/// `filepath` is a Python format template filled in at every save with `epoch` (1-based),
/// `batch` (1-based, with batch-level saving) and the logs: `"ckpt-{epoch:02d}-{val_loss:.2f}.keras"`.
/// Format specs follow Python's (`d`, `f`, `e`, `g`, `%`, width, fill, alignment, sign, precision).
/// The extension picks the format as ``Model/save(to:includeOptimizer:)-(String,_)`` does: a
/// whole model goes to `.keras` or `.h5`; with `saveWeightsOnly` the path must end in `.weights.h5`.
/// Every save is atomic (a temporary file in the same folder, synced and renamed), so a crash
/// mid-save leaves the previous checkpoint intact; a missing folder is created, as Keras does.
///
/// With `saveBestOnly`, the model is saved only when `monitor` improves on the best value so far
/// (`mode` `.auto` infers the direction from the name, as ``EarlyStopping``); a run restarted
/// with `initialValueThreshold` set to the best value it reached before overwrites its file
/// only with a better model. When the monitored key is missing from the logs the model is saved
/// anyway, with a warning, as Keras does.
///
/// `verbose: 1` prints Keras' messages (`Epoch 3: val_loss improved from 0.60000 to 0.55000,
/// saving model to best.keras`).
///
/// ```swift
/// let checkpoint = try ModelCheckpoint(filepath: "best.keras", saveBestOnly: true)
/// try model.fit(x, y, epochs: 10, callbacks: [checkpoint], validationSplit: 0.1)
/// ```
public final class ModelCheckpoint: Callback {
    /// When to consider saving (Keras' `save_freq`).
    public enum SaveFrequency: Sendable, Equatable {
        /// At the end of every epoch (Keras' `"epoch"`).
        case epoch
        /// After every this many training batches, counted across epochs (Keras' integer `save_freq`).
        case batches(Int)
    }

    /// The template the save paths are formatted from.
    public var filepath: String { template.text }
    public let saveBestOnly: Bool
    public let saveWeightsOnly: Bool
    public let saveFrequency: SaveFrequency
    public let verbose: Int
    /// The best monitored value saved so far (starting at `initialValueThreshold`); nil before the first save.
    public private(set) var best: Double?
    /// The paths saved to, in order (a path appears again each time it is overwritten).
    public private(set) var savedPaths: [String] = []

    private let template: FilepathTemplate
    private var quantity: MonitoredQuantity
    private var currentEpoch = 0
    private var batchesSinceLastSave = 0
    private var lastBatchSeen: Int?
    /// Where messages go (Keras' `print_msg`); tests capture them.
    var printMessage: (String) -> Void = { Console.write($0 + "\n") }
    /// Where warnings go (Keras' `warnings.warn`).
    var warn: (String) -> Void = { FileHandle.standardError.write(Data(("WARNING: " + $0 + "\n").utf8)) }
    /// Replaces the save itself (tests of the decisions): path, whether weights only.
    var saveAction: ((String, Bool) throws -> Void)?

    /// - Throws: `invalidArgument` for a path with the wrong extension (as Keras: `.keras` or
    ///   `.h5` for a model, `.weights.h5` with `saveWeightsOnly`), a malformed template, or a
    ///   batch frequency below 1.
    public init(filepath: String, monitor: String = "val_loss", verbose: Int = 0, saveBestOnly: Bool = false,
                saveWeightsOnly: Bool = false, mode: MonitorMode = .auto, saveFrequency: SaveFrequency = .epoch,
                initialValueThreshold: Double? = nil) throws {
        if saveWeightsOnly {
            guard filepath.hasSuffix(".weights.h5") else {
                throw SwiftLearnError.invalidArgument("When using saveWeightsOnly in ModelCheckpoint, the filepath provided must end in `.weights.h5` (Keras weights format). Received: filepath=\(filepath)")
            }
        } else {
            guard filepath.hasSuffix(".keras") || filepath.hasSuffix(".h5") else {
                throw SwiftLearnError.invalidArgument("The filepath provided must end in `.keras` (Keras model format) or `.h5`. Received: filepath=\(filepath)")
            }
            // Keras would write a whole legacy model under a weights-file name; a .weights.h5
            // file holds weights only here, so say so now rather than at the first save.
            guard !filepath.hasSuffix(".weights.h5") else {
                throw SwiftLearnError.invalidArgument("ModelCheckpoint: filepath=\(filepath) names a weights-only file (.weights.h5); pass saveWeightsOnly: true, or use a .keras or .h5 filepath to save the whole model")
            }
        }
        if case .batches(let n) = saveFrequency, n < 1 {
            throw SwiftLearnError.invalidArgument("ModelCheckpoint: saveFrequency .batches(\(n)) must save after at least 1 batch")
        }
        self.template = try FilepathTemplate(filepath)
        self.quantity = MonitoredQuantity(monitor: monitor, mode: mode, minDelta: 0)
        self.verbose = verbose
        self.saveBestOnly = saveBestOnly
        self.saveWeightsOnly = saveWeightsOnly
        self.saveFrequency = saveFrequency
        self.best = initialValueThreshold
    }

    /// The name of the monitored quantity.
    public var monitor: String { quantity.monitor }

    public override func onTrainBegin(logs: Logs) throws {
        // Keras settles the direction at the first epoch end, which makes batch-level saving
        // with saveBestOnly fail on its second save; settling it here serves both.
        if saveBestOnly { try quantity.resolve(context: "ModelCheckpoint") }
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws {
        currentEpoch = epoch
    }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard shouldSave(afterBatch: batch) else { return }
        try saveModel(epoch: currentEpoch, batch: batch, logs: logs)
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard saveFrequency == .epoch else { return }
        try saveModel(epoch: epoch, batch: nil, logs: logs)
    }

    /// Keras' batch counting: a batch index not above the last one starts a new epoch.
    private func shouldSave(afterBatch batch: Int) -> Bool {
        guard case .batches(let every) = saveFrequency else { return false }
        if let last = lastBatchSeen, batch > last {
            batchesSinceLastSave += batch - last
        } else {
            batchesSinceLastSave += batch + 1
        }
        lastBatchSeen = batch
        guard batchesSinceLastSave >= every else { return false }
        batchesSinceLastSave = 0
        return true
    }

    private func saveModel(epoch: Int, batch: Int?, logs: Logs) throws {
        let path = try template.format(epoch: epoch + 1, batch: batch.map { $0 + 1 }, logs: logs)
        guard try shouldSave(epoch: epoch, logs: logs, path: path) else { return }
        if let saveAction {
            try saveAction(path, saveWeightsOnly)
        } else {
            guard let model else { throw SwiftLearnError.invalidState("ModelCheckpoint: no model to save to '\(path)'") }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw SwiftLearnError.io("ModelCheckpoint: the filepath '\(path)' is an existing folder; give a file path")
            }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: folder) {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw SwiftLearnError.io("ModelCheckpoint: cannot create the folder '\(folder)' for '\(path)': \(error.localizedDescription)")
                }
            }
            if saveWeightsOnly { try model.saveWeights(to: path) } else { try model.save(to: path) }
        }
        savedPaths.append(path)
        if verbose > 0 { printMessage("\nEpoch \(epoch + 1): finished saving model to \(path)") }
    }

    /// Keras' `_should_save_model`: always without `saveBestOnly`; otherwise on an improvement
    /// (or when the monitored key is missing, with a warning).
    private func shouldSave(epoch: Int, logs: Logs, path: String) throws -> Bool {
        guard saveBestOnly else {
            if verbose > 0 { printMessage("\nEpoch \(epoch + 1): saving model to \(path)") }
            return true
        }
        guard let current = logs[monitor].map(Double.init) else {
            warn("Can save best model only with \(monitor) available.")
            return true
        }
        try quantity.resolve(context: "ModelCheckpoint")
        let bestText = best.map { String(format: "%.5f", $0) } ?? "None"
        if quantity.isImprovement(current, over: best) {
            if verbose > 0 {
                printMessage("\nEpoch \(epoch + 1): \(monitor) improved from \(bestText) to \(String(format: "%.5f", current)), saving model to \(path)")
            }
            best = current
            return true
        }
        if verbose > 0 { printMessage("\nEpoch \(epoch + 1): \(monitor) did not improve from \(bestText)") }
        return false
    }
}
