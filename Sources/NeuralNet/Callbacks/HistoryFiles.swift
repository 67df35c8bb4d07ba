import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// A History written to and read from CSV or JSON, chosen by the file's extension.
///
/// CSV: a header `epoch,<keys sorted>` and one row per epoch (what `pandas.DataFrame(history.history)`
/// users expect); JSON: `{"params": {...}, "epoch": [...], "history": {key: [values]}}`, with
/// `null` for NaN. Values are written as the shortest decimal that reads back as the same Float,
/// so a written history reads back exactly. Writes are atomic: a temporary file in the same folder,
/// then a rename, so a failed write leaves any previous file intact.
extension History {
    /// Writes the history to the file at `url` (`.csv` or `.json`).
    public func write(to url: URL) throws { try write(to: url.path) }

    /// Writes the history to `path` (`.csv` or `.json`).
    public func write(to path: String) throws {
        let text: String
        switch Self.format(of: path) {
        case "csv": text = csvText
        case "json": text = jsonText
        default: throw SwiftLearnError.invalidArgument("History.write(to:): '\(path)' must end in .csv or .json")
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw SwiftLearnError.io("rename failed: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SwiftLearnError.io("History.write(to:): cannot write '\(path)': \(fileErrorReason(error, path: path))")
        }
    }

    /// Reads a history written by ``write(to:)`` (or any CSV with an `epoch` column and numeric columns).
    public convenience init(contentsOf path: String) throws {
        self.init()
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SwiftLearnError.io("History(contentsOf:): cannot read '\(path)': \(fileErrorReason(error, path: path))")
        }
        switch Self.format(of: path) {
        case "csv": try readCSV(text, path: path)
        case "json": try readJSON(text, path: path)
        default: throw SwiftLearnError.invalidArgument("History(contentsOf:): '\(path)' must end in .csv or .json")
        }
    }

    private static func format(of path: String) -> String { URL(fileURLWithPath: path).pathExtension.lowercased() }

    private var keys: [String] { history.keys.sorted() }

    private var csvText: String {
        var lines = [(["epoch"] + keys).joined(separator: ",")]
        for (row, e) in epoch.enumerated() {
            lines.append((["\(e)"] + keys.map { k in history[k].flatMap { row < $0.count ? "\($0[row])" : nil } ?? "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var jsonText: String {
        let parameters = JSONValue.object(params.keys.sorted().map { ($0, .number(Double(params[$0] ?? 0))) })
        let values = JSONValue.object(keys.map { k in
            (k, .array((history[k] ?? []).map { $0.isNaN ? .null : .number(Double($0.description) ?? Double($0)) }))
        })
        return JSONValue.object([("params", parameters), ("epoch", .array(epoch.map { .number(Double($0)) })), ("history", values)]).jsonText + "\n"
    }

    private func readCSV(_ text: String, path: String) throws {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
              header.first == "epoch" else {
            throw SwiftLearnError.io("\(path): line 1 must be a header starting with 'epoch'")
        }
        let names = Array(header.dropFirst())
        for (i, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == header.count, let e = Int(cells[0]) else {
                throw SwiftLearnError.io("\(path): line \(i + 2) needs an integer epoch and \(header.count - 1) values, received '\(line.prefix(80))'")
            }
            epoch.append(e)
            for (column, (name, cell)) in zip(names, cells.dropFirst()).enumerated() where !cell.isEmpty {
                guard let v = Float(cell) else {
                    throw SwiftLearnError.io("\(path): line \(i + 2), column \(column + 2) ('\(name)'): '\(cell)' is not a number")
                }
                history[name, default: []].append(v)
            }
        }
    }

    private func readJSON(_ text: String, path: String) throws {
        let root: JSONValue
        do { root = try JSONValue.parse(text) } catch let e as SwiftLearnError { throw SwiftLearnError.io("\(path): \(e.message)") }
        guard let epochs = root["epoch"]?.arrayValue, case .object(let values)? = root["history"] else {
            throw SwiftLearnError.io("\(path): expected an object with 'epoch' (a list) and 'history' (an object)")
        }
        epoch = try epochs.map { v in
            guard let e = v.intValue else { throw SwiftLearnError.io("\(path): 'epoch' holds \(v.jsonText), not an integer") }
            return e
        }
        for (key, list) in values {
            guard let items = list.arrayValue else { throw SwiftLearnError.io("\(path): history '\(key)' is not a list") }
            history[key] = try items.map { v in
                if v == .null { return .nan }
                guard let d = v.doubleValue else { throw SwiftLearnError.io("\(path): history '\(key)' holds \(v.jsonText), not a number") }
                return Float(d)
            }
        }
        if case .object(let p)? = root["params"] {
            for (k, v) in p { if let i = v.intValue { params[k] = i } }
        }
    }
}
