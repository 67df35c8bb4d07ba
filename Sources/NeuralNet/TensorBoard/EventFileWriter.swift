import Foundation
import Synchronization
import TensorCore

/// Writes one TensorFlow event file (`events.out.tfevents.<secs>.<host>.<pid>.<n>.v2`) in a
/// directory, as `tf.summary.create_file_writer` does: TFRecord framing (length, masked CRC-32C
/// of the length, the serialized `Event`, masked CRC-32C of the data), a first `file_version`
/// record, then scalar and histogram summaries encoded as Keras 3 / TF2 writes them.
///
/// Records are buffered in memory and written by ``flush()``.
final class EventFileWriter {
    /// The file's full path.
    let path: String
    private let handle: FileHandle
    private var pending: [UInt8] = []
    private var isClosed = false

    /// The per-process file counter in file names (the `<n>` of TensorFlow's names).
    private static let counter = Atomic<Int>(0)

    /// Creates `directory` (and its parents) and a new event file in it, and writes the
    /// `file_version` record. Throws `SwiftLearnError.io` when either cannot be created.
    init(directory: String, now: Double = Date().timeIntervalSince1970) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw SwiftLearnError.io("TensorBoard: log folder '\(directory)' exists and is not a folder")
        }
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SwiftLearnError.io("TensorBoard: cannot create log folder '\(directory)': \(error.localizedDescription)")
        }
        let seconds = Int(now.rounded(.down))
        let n = Self.counter.wrappingAdd(1, ordering: .relaxed).oldValue
        let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "_")
        let name = "events.out.tfevents.\(seconds).\(host).\(ProcessInfo.processInfo.processIdentifier).\(n).v2"
        path = (directory as NSString).appendingPathComponent(name)
        guard fm.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw SwiftLearnError.io("TensorBoard: cannot create event file '\(path)' (is the log folder writable?)")
        }
        handle = h
        // Event{wall_time (whole seconds, as TensorFlow's EventsWriter), file_version}.
        var event = ProtobufWriter()
        event.double(1, Double(seconds))
        event.string(3, "brain.Event:2")
        appendRecord(event.bytes)
        try flush()
    }

    deinit { if !isClosed { try? handle.close() } }

    /// The bytes appended since the last ``flush()``.
    var pendingByteCount: Int { pending.count }

    /// Appends one framed record holding `data`.
    func appendRecord(_ data: [UInt8]) { pending += Self.frame(data) }

    /// The TFRecord framing of `data`: its length (`UInt64` little-endian), the masked CRC-32C
    /// of those 8 bytes, the data, and the masked CRC-32C of the data (both `UInt32` LE).
    static func frame(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 16)
        withUnsafeBytes(of: UInt64(data.count).littleEndian) { out.append(contentsOf: $0) }
        let lengthCRC = CRC32C.masked(out[0..<8])
        withUnsafeBytes(of: lengthCRC.littleEndian) { out.append(contentsOf: $0) }
        out += data
        withUnsafeBytes(of: CRC32C.masked(data).littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// `Event{wall_time, step (omitted when 0), summary{value{tag, tensor, metadata{plugin}}}}`.
    private static func summaryEvent(tag: String, step: Int, wallTime: Double, plugin: String,
                                     tensor: (inout ProtobufWriter) -> Void) -> [UInt8] {
        var event = ProtobufWriter()
        event.double(1, wallTime)
        if step != 0 { event.varint(2, Int64(step)) }
        event.message(5) { summary in
            summary.message(1) { value in
                value.string(1, tag)
                value.message(8, tensor)
                value.message(9) { metadata in
                    metadata.message(1) { pluginData in pluginData.string(1, plugin) }
                }
            }
        }
        return event.bytes
    }

    /// A scalar as Keras 3 writes it: a rank-0 `DT_FLOAT` tensor with the `scalars` plugin.
    static func scalarEvent(tag: String, value: Float, step: Int, wallTime: Double) -> [UInt8] {
        summaryEvent(tag: tag, step: step, wallTime: wallTime, plugin: "scalars") { t in
            t.varint(1, 1)                   // dtype DT_FLOAT
            t.message(2) { _ in }            // tensor_shape {}: a scalar
            var content = ProtobufWriter()
            content.appendLittleEndian(value.bitPattern)
            t.bytes(4, content.bytes)        // tensor_content
        }
    }

    /// A histogram as `tf.summary.histogram` writes it: a `[k, 3]` `DT_DOUBLE` tensor of
    /// `[left, right, count]` rows with the `histograms` plugin.
    static func histogramEvent(tag: String, buckets: HistogramBuckets, step: Int, wallTime: Double) -> [UInt8] {
        summaryEvent(tag: tag, step: step, wallTime: wallTime, plugin: "histograms") { t in
            t.varint(1, 2)                   // dtype DT_DOUBLE
            t.message(2) { shape in
                shape.message(2) { dim in dim.varint(1, Int64(buckets.counts.count)) }
                shape.message(2) { dim in dim.varint(1, 3) }
            }
            var content = ProtobufWriter()
            for d in buckets.flattened { content.appendLittleEndian(d.bitPattern) }
            t.bytes(4, content.bytes)
        }
    }

    /// The model graph as Keras writes it (`keras_model_summary("keras", model)`): the model's
    /// JSON as a rank-0 `DT_STRING` tensor with the `graph_keras_model` plugin (content `"1"`),
    /// which TensorBoard's Graphs dashboard draws as a conceptual graph.
    static func modelGraphEvent(json: String, wallTime: Double) -> [UInt8] {
        var event = ProtobufWriter()
        event.double(1, wallTime)
        event.message(5) { summary in
            summary.message(1) { value in
                value.string(1, "keras")
                value.message(8) { t in
                    t.varint(1, 7)           // dtype DT_STRING
                    t.message(2) { _ in }    // a scalar
                    t.string(8, json)        // string_val
                }
                value.message(9) { metadata in
                    metadata.message(1) { pluginData in
                        pluginData.string(1, "graph_keras_model")
                        pluginData.string(2, "1")
                    }
                }
            }
        }
        return event.bytes
    }

    /// Appends a scalar summary record (see ``scalarEvent(tag:value:step:wallTime:)``).
    func appendScalar(tag: String, value: Float, step: Int, wallTime: Double = Date().timeIntervalSince1970) {
        appendRecord(Self.scalarEvent(tag: tag, value: value, step: step, wallTime: wallTime))
    }

    /// Appends a histogram summary record (see ``histogramEvent(tag:buckets:step:wallTime:)``).
    func appendHistogram(tag: String, buckets: HistogramBuckets, step: Int, wallTime: Double = Date().timeIntervalSince1970) {
        appendRecord(Self.histogramEvent(tag: tag, buckets: buckets, step: step, wallTime: wallTime))
    }

    /// Writes the buffered records to the file.
    func flush() throws {
        guard !pending.isEmpty else { return }
        guard !isClosed else { throw SwiftLearnError.invalidState("TensorBoard: event file '\(path)' is closed") }
        do {
            try handle.write(contentsOf: pending)
        } catch {
            throw SwiftLearnError.io("TensorBoard: cannot write event file '\(path)': \(fileErrorReason(error, path: path))")
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    func close() throws {
        guard !isClosed else { return }
        try flush()
        isClosed = true
        try? handle.close()
    }
}
