import CSV
import Foundation
import TensorCore

/// A numeric table read from CSV: column names and a `[rows, columns]` tensor.
public struct CSVTable {
    public var columns: [String]
    public var values: Tensor

    /// The column called `name` as a `[rows]` tensor.
    public func column(_ name: String) throws -> Tensor {
        guard let j = columns.firstIndex(of: name) else {
            throw SwiftLearnError.unknownName("column '\(name)'; the columns are \(columns.joined(separator: ", "))")
        }
        let rows = values.shape[0], width = columns.count
        let v = values.scalars
        return Tensor((0..<rows).map { v[$0 * width + j] })
    }

    /// The table without the columns `names`.
    public func dropping(_ names: [String]) throws -> CSVTable {
        for n in names where !columns.contains(n) {
            throw SwiftLearnError.unknownName("column '\(n)'; the columns are \(columns.joined(separator: ", "))")
        }
        let keep = columns.indices.filter { !names.contains(columns[$0]) }
        let rows = values.shape[0], width = columns.count
        let v = values.scalars
        var out: [Float] = []
        out.reserveCapacity(rows * keep.count)
        for r in 0..<rows { for j in keep { out.append(v[r * width + j]) } }
        return CSVTable(columns: keep.map { columns[$0] }, values: try Tensor(shape: [rows, keep.count], scalars: out))
    }
}

/// Reads comma-separated numeric files (RFC 4180) with a header row.
///
/// Fields may be quoted, and quoted fields may hold commas, doubled quotes (`""`) and line
/// breaks; lines end in LF or CRLF, the last one optionally; blank lines are skipped and a
/// leading byte order mark is ignored. Every data cell must be a number (surrounding spaces
/// are allowed). Errors are ``SwiftLearnError/io(_:)`` naming the file, the line and the column.
/// The records are split by yaslab's CSV.swift.
public enum CSV {
    /// The cells read as a missing value (`Float.nan`) when `missingValues` is true: empty,
    /// `nan` (any case), `NA` and `N/A`.
    public static let missingValueTokens: Set<String> = ["", "nan", "NaN", "NAN", "NA", "N/A"]

    /// Loads a numeric CSV file with a header row.
    ///
    /// - Parameter missingValues: read empty cells and ``missingValueTokens`` as `Float.nan`;
    ///   when false (the default) they are errors.
    public static func load(_ url: URL, missingValues: Bool = false) throws -> CSVTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SwiftLearnError.io("cannot read \(url.path): \(fileErrorReason(error, path: url.path))")
        }
        return try parse(data, source: url.path, missingValues: missingValues)
    }

    /// Parses CSV bytes, which must be UTF-8; `source` names the input in errors.
    public static func parse(_ data: Data, source: String, missingValues: Bool = false) throws -> CSVTable {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw SwiftLearnError.io("\(source): not UTF-8 text")
        }
        return try parse(text, source: source, missingValues: missingValues)
    }

    /// Parses CSV text; `source` names the input in errors.
    public static func parse(_ text: String, source: String, missingValues: Bool = false) throws -> CSVTable {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        let layout = try CSVLayout(text, source: source)
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: false) } catch {
            throw SwiftLearnError.io("\(source): cannot read CSV: \(error)")
        }
        var record = -1
        /// The next record that is not a blank line, with the line it starts on.
        func next() -> (fields: [String], line: Int)? {
            while let fields = reader.next() {
                record += 1
                if fields.count == 1 && fields[0].isEmpty { continue }
                return (fields, layout.recordLines[min(record, layout.recordLines.count - 1)])
            }
            return nil
        }

        guard let (rawHeader, _) = next() else { throw SwiftLearnError.io("\(source): empty CSV (no header row)") }
        let header = rawHeader.map { $0.trimmingCharacters(in: .whitespaces) }
        var firstColumn: [String: Int] = [:]
        for (j, name) in header.enumerated() {
            if let first = firstColumn[name] {
                throw SwiftLearnError.io("\(source): columns \(first + 1) and \(j + 1) of the header have the same name '\(name)'")
            }
            firstColumn[name] = j
        }

        var values: [Float] = []
        values.reserveCapacity(max(0, layout.recordLines.count - 1) * header.count)
        var rows = 0
        while let (cells, line) = next() {
            guard cells.count == header.count else {
                // Name the first column that is missing ('...' of the header) or extra (column N+1).
                let column = min(cells.count, header.count) + 1
                let detail = cells.count < header.count
                    ? "column \(column) ('\(header[column - 1])') is missing"
                    : "column \(column) is extra"
                throw SwiftLearnError.io("\(source): line \(line), column \(column): the row has \(cells.count) fields, expected \(header.count) like the header (\(detail))")
            }
            for (j, cell) in cells.enumerated() {
                values.append(try number(cell, missingValues: missingValues) { problem in
                    SwiftLearnError.io("\(source): line \(line), column \(j + 1) ('\(header[j])'): \(problem)")
                })
            }
            rows += 1
        }
        return CSVTable(columns: header, values: try Tensor(shape: [rows, header.count], scalars: values))
    }

    /// The value of a cell: a decimal number (optionally with an exponent), `inf`/`infinity`
    /// with a sign, or NaN for a missing-value token when `missingValues`. Spaces and tabs
    /// around the value are ignored.
    static func number(_ cell: String, missingValues: Bool, error: (String) -> SwiftLearnError) throws -> Float {
        var bytes = Substring(cell).utf8[...]
        while let f = bytes.first, f == 0x20 || f == 0x09 { bytes = bytes.dropFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 { bytes = bytes.dropLast() }
        let s = Substring(bytes)
        var digits = false, plain = true
        for b in bytes {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: plain = false
            }
        }
        if plain && digits, let v = Float(s) { return v }
        if CSV.missingValueTokens.contains(String(s)) {
            if missingValues { return .nan }
            let what = s.isEmpty ? "empty cell" : "'\(s)' marks a missing value"
            throw error("\(what); pass missingValues: true to read empty and nan cells as NaN")
        }
        switch s.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: throw error("'\(s.prefix(40))' is not a number")
        }
    }
}
