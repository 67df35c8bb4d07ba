import Foundation
import TensorCore

/// Writes every epoch's logs as a CSV row (Keras' `CSVLogger`), flushed after each epoch.
///
/// The header is `epoch` then the log keys sorted by name, fixed at the first epoch; when that
/// epoch has no `val_` key, the `val_` columns are added anyway and read `NA` (as Keras). Values
/// are written as Python writes floats (shortest round-trip), rows end with CRLF (Python's
/// `csv` default). With `append`, rows go after an existing file's, and the header only when the
/// file is empty or new.
public final class CSVLogger: Callback {
    public let path: String
    public let separator: String
    public let append: Bool
    private var handle: FileHandle?
    private var keys: [String]?

    public init(_ path: String, separator: String = ",", append: Bool = false) {
        self.path = path
        self.separator = separator
        self.append = append
    }

    public override func onTrainBegin(logs: Logs) throws {
        try? handle?.close()
        handle = nil
        keys = nil
        let manager = FileManager.default
        let exists = manager.fileExists(atPath: path)
        let writeHeader = !append || !exists || ((try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) == 0
        if !append || !exists {
            guard manager.createFile(atPath: path, contents: nil) else {
                throw SwiftLearnError.io("CSVLogger: cannot create '\(path)' (missing folder or no permission)")
            }
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw SwiftLearnError.io("CSVLogger: cannot open '\(path)' for writing")
        }
        try h.seekToEnd()
        handle = h
        headerPending = writeHeader
    }
    private var headerPending = true

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let handle else { return }
        if keys == nil {
            var k = logs.keys.sorted()
            if !k.contains(where: { $0.hasPrefix("val_") }), !k.isEmpty { k += k.map { "val_" + $0 } }
            keys = k
        }
        let columns = keys ?? []
        var text = ""
        if headerPending {
            text += (["epoch"] + columns).joined(separator: separator) + "\r\n"
            headerPending = false
        }
        let values = columns.map { key in logs[key].map { "\(Double($0))" } ?? "NA" }
        text += (["\(epoch)"] + values).joined(separator: separator) + "\r\n"
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            throw SwiftLearnError.io("CSVLogger: cannot write to '\(path)': \(error)")
        }
    }

    public override func onTrainEnd(logs: Logs) throws {
        try? handle?.close()
        handle = nil
    }
}
