import Foundation
import TensorCore

/// Writes training logs that TensorBoard reads (Keras' `keras.callbacks.TensorBoard`).
///
/// At `onTrainBegin` it opens a new event file in `logDirectory/train` (and, once validation
/// runs, one in `logDirectory/validation`); a log folder that cannot be created or written is an
/// error there, before any training step. Then, as Keras 3 does:
/// - at each epoch end, step = the epoch index: `epoch_loss`, `epoch_<metric>` and
///   `epoch_learning_rate` (the optimizer's current rate) in `train`, and the `val_` values
///   without their prefix (`epoch_loss`, `epoch_accuracy`...) in `validation`;
/// - after each validation pass, `evaluation_<name>_vs_iterations` in `validation`, with the
///   optimizer's `iterations` as the step;
/// - with ``UpdateFrequency/batches(_:)`` N, `batch_loss`, `batch_<metric>` (the epoch's running
///   means so far) every N training batches, the step being the global batch number counted
///   from 1 since the start of `fit`;
/// - with `writeGraph` (the default), the model's JSON config under the tag `keras` at step 0,
///   which TensorBoard's Graphs dashboard draws (for a ``Sequential`` model, as Keras);
/// - with `histogramFrequency` N > 0, every N epochs (epochs 0, N, 2N...), a histogram of each
///   weight of each layer, tagged `<layer>/<weight>/histogram` (`dense/kernel/histogram`), with
///   TensorBoard's 30 buckets.
///
/// Scalars are written as Keras 3 writes them (rank-0 float tensors with the `scalars` plugin):
/// TensorBoard shows them under Scalars; Python's `EventAccumulator` lists them under
/// `Tags()["tensors"]`. Files are flushed after every epoch (and batch records every 64 KiB) and
/// closed at `onTrainEnd`; each `fit` writes new files. A `fit` that ends with an error leaves its
/// files open (with the records up to the last flush) until the next `fit` or the callback's end.
///
/// ```swift
/// let logs = TensorBoard.runDirectory(root: "my_logs")   // my_logs/run_2026_11_30-20_15_00
/// try model.fit(x, y, epochs: 20, callbacks: [TensorBoard(logDirectory: logs)])
/// // then: tensorboard --logdir my_logs
/// ```
public final class TensorBoard: Callback {
    /// How often batch-level scalars are written (Keras' `update_freq`).
    public enum UpdateFrequency: Sendable, Equatable {
        /// Only per-epoch scalars (Keras' `"epoch"`, the default).
        case epoch
        /// Also `batch_` scalars every N training batches (Keras' integer N; `"batch"` is 1).
        case batches(Int)
    }

    /// The run's log folder; event files go to its `train` and `validation` subfolders.
    public let logDirectory: String
    /// When batch-level scalars are written.
    public let updateFrequency: UpdateFrequency
    /// Every how many epochs weight histograms are written; 0 for never (Keras' `histogram_freq`).
    public let histogramFrequency: Int
    /// Whether the model's config is written for the Graphs dashboard (Keras' `write_graph`).
    public let writeGraph: Bool

    private var trainWriter: EventFileWriter?
    private var validationWriter: EventFileWriter?
    /// Training batches seen since `onTrainBegin` (Keras' `_global_train_batch`).
    private var globalTrainBatch = 0
    private var isTraining = false
    /// Buffered batch records are written once they reach this size.
    static let batchFlushBytes = 64 * 1024

    /// Creates the callback; the arguments are checked, and the folders created, at `onTrainBegin`.
    /// - Parameters:
    ///   - logDirectory: the run's folder (see ``runDirectory(root:date:)``).
    ///   - updateFrequency: `.epoch`, or `.batches(N)` (N ≥ 1) to log batch scalars too.
    ///   - histogramFrequency: ≥ 0; N > 0 writes weight histograms every N epochs.
    ///   - writeGraph: write the model's config for TensorBoard's Graphs dashboard.
    public init(logDirectory: String, updateFrequency: UpdateFrequency = .epoch, histogramFrequency: Int = 0,
                writeGraph: Bool = true) {
        self.logDirectory = logDirectory
        self.updateFrequency = updateFrequency
        self.histogramFrequency = histogramFrequency
        self.writeGraph = writeGraph
    }

    /// A new run folder under `root`: `root/run_YYYY_MM_DD-HH_MM_SS` in local time (the naming of
    /// *Hands-On Machine Learning*'s `get_run_logdir`), so that each run shows as its own curve.
    public static func runDirectory(root: String, date: Date = Date()) -> String {
        let c = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let s = String(v ?? 0); return s.count < 2 ? "0" + s : s }
        let stamp = "run_\(c.year ?? 0)_\(two(c.month))_\(two(c.day))-\(two(c.hour))_\(two(c.minute))_\(two(c.second))"
        return (root as NSString).appendingPathComponent(stamp)
    }

    /// The folder of the training event files.
    public var trainDirectory: String { (logDirectory as NSString).appendingPathComponent("train") }
    /// The folder of the validation event files.
    public var validationDirectory: String { (logDirectory as NSString).appendingPathComponent("validation") }

    public override func onTrainBegin(logs: Logs) throws {
        if case .batches(let n) = updateFrequency, n < 1 {
            throw SwiftLearnError.invalidArgument("TensorBoard: updateFrequency .batches(\(n)) must be at least 1")
        }
        guard histogramFrequency >= 0 else {
            throw SwiftLearnError.invalidArgument("TensorBoard: histogramFrequency must be 0 (never) or positive, received \(histogramFrequency)")
        }
        try closeWriters()
        let train = try EventFileWriter(directory: trainDirectory)
        trainWriter = train
        // Keras writes the conceptual graph of Sequential and functional models only.
        if writeGraph, let model = model as? Sequential {
            train.appendRecord(EventFileWriter.modelGraphEvent(json: model.serialized.jsonText, wallTime: Date().timeIntervalSince1970))
            try train.flush()
        }
        globalTrainBatch = 0
        isTraining = true
    }

    public override func onTrainBatchBegin(_ batch: Int, logs: Logs) throws {
        globalTrainBatch += 1
    }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard case .batches(let n) = updateFrequency, globalTrainBatch % n == 0, let writer = trainWriter else { return }
        let now = Date().timeIntervalSince1970
        for (name, value) in logs.sorted(by: { $0.key < $1.key }) {
            writer.appendScalar(tag: "batch_" + name, value: value, step: globalTrainBatch, wallTime: now)
        }
        // Long epochs: batch scalars reach the file as they accumulate, not only at the epoch end.
        if writer.pendingByteCount >= Self.batchFlushBytes { try writer.flush() }
    }

    public override func onTestEnd(logs: Logs) throws {
        guard isTraining, let optimizer = model?.compiled?.optimizer else { return }
        let writer = try openValidationWriter()
        let now = Date().timeIntervalSince1970
        for (name, value) in logs.sorted(by: { $0.key < $1.key }) {
            writer.appendScalar(tag: "evaluation_\(name)_vs_iterations", value: value, step: optimizer.iterations, wallTime: now)
        }
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let train = trainWriter else { return }
        let now = Date().timeIntervalSince1970
        var trainLogs = logs.filter { !$0.key.hasPrefix("val_") }.sorted { $0.key < $1.key }
        if let rate = model?.compiled?.optimizer.learningRate { trainLogs.append(("learning_rate", rate)) }
        for (name, value) in trainLogs {
            train.appendScalar(tag: "epoch_" + name, value: value, step: epoch, wallTime: now)
        }
        let validationLogs = logs.filter { $0.key.hasPrefix("val_") }.sorted { $0.key < $1.key }
        if !validationLogs.isEmpty {
            let validation = try openValidationWriter()
            for (name, value) in validationLogs {
                validation.appendScalar(tag: "epoch_" + name.dropFirst(4), value: value, step: epoch, wallTime: now)
            }
            try validation.flush()
        }
        if histogramFrequency > 0, epoch % histogramFrequency == 0, let model {
            for layer in model.layers {
                for weight in layer.weights {
                    let buckets = weight.storedValue.withUnsafeBufferPointer { HistogramBuckets($0) }
                    let tag = weight.path.replacingOccurrences(of: ":", with: "_") + "/histogram"
                    train.appendHistogram(tag: tag, buckets: buckets, step: epoch, wallTime: now)
                }
            }
        }
        try train.flush()
    }

    public override func onTrainEnd(logs: Logs) throws {
        isTraining = false
        try closeWriters()
    }

    private func openValidationWriter() throws -> EventFileWriter {
        if let w = validationWriter { return w }
        let w = try EventFileWriter(directory: validationDirectory)
        validationWriter = w
        return w
    }

    private func closeWriters() throws {
        let writers = [trainWriter, validationWriter].compactMap { $0 }
        trainWriter = nil
        validationWriter = nil
        for w in writers { try w.close() }
    }
}
