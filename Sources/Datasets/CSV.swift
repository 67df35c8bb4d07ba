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

/// Reads comma-separated numeric files.
public enum CSV {
    /// Parses a numeric CSV file with a header row; every cell must be a number.
    public static func load(_ url: URL) throws -> CSVTable {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw SwiftLearnError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try parse(text, source: url.path)
    }

    /// Parses CSV text; `source` names the input in errors.
    public static func parse(_ text: String, source: String) throws -> CSVTable {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw SwiftLearnError.io("\(source): empty CSV") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var values: [Float] = []
        values.reserveCapacity(lines.count * header.count)
        for (i, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count else {
                throw SwiftLearnError.io("\(source): line \(i + 2) has \(cells.count) fields, expected \(header.count) like the header")
            }
            for (j, cell) in cells.enumerated() {
                guard let v = Float(cell.trimmingCharacters(in: .whitespaces)) else {
                    throw SwiftLearnError.io("\(source): line \(i + 2), column '\(header[j])': '\(cell)' is not a number")
                }
                values.append(v)
            }
        }
        return CSVTable(columns: header, values: try Tensor(shape: [lines.count, header.count], scalars: values))
    }
}
