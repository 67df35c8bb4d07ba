import TensorCore

/// A check of a CSV text's quoting against RFC 4180 that also finds the line each record
/// starts on (a quoted field may hold line breaks, so records and lines differ).
///
/// Field values are read by yaslab's `CSVReader`, which is lenient with malformed quotes;
/// this pass refuses them first, with the line and column: a `"` inside an unquoted field,
/// text after a closing quote, a quoted field that is never closed.
struct CSVLayout {
    /// The line (from 1) on which record `i` starts.
    var recordLines: [Int] = [1]

    init(_ text: String, source: String) throws {
        var text = text
        try text.withUTF8 { try scan($0, source: source) }
    }

    private enum State { case fieldStart, unquoted, quoted, closed }

    private mutating func scan(_ b: UnsafeBufferPointer<UInt8>, source: String) throws {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var state = State.fieldStart
        var line = 1, lineStart = 0
        var openLine = 1, openColumn = 1
        func column(_ i: Int) -> Int {
            var c = 1
            for j in lineStart..<i where b[j] & 0xC0 != 0x80 { c += 1 }
            return c
        }
        var i = 0
        while i < b.count {
            let c = b[i]
            switch state {
            case .fieldStart, .unquoted, .closed:
                if c == comma {
                    state = .fieldStart
                } else if c == lf || c == cr {
                    if c == cr, i + 1 < b.count, b[i + 1] == lf { i += 1 }
                    line += 1
                    lineStart = i + 1
                    recordLines.append(line)
                    state = .fieldStart
                } else if c == quote {
                    switch state {
                    case .fieldStart:
                        state = .quoted
                        openLine = line
                        openColumn = column(i)
                    case .closed:
                        state = .quoted  // "" inside a quoted field: an escaped quote
                    default:
                        throw SwiftLearnError.io("\(source): line \(line), column \(column(i)): '\"' inside an unquoted field (RFC 4180: quote the whole field and double the quote)")
                    }
                } else if state == .closed {
                    throw SwiftLearnError.io("\(source): line \(line), column \(column(i)): text after the closing quote of a field (expected ',' or the end of the line)")
                } else {
                    state = .unquoted
                }
            case .quoted:
                if c == quote {
                    state = .closed
                } else if c == lf || (c == cr && !(i + 1 < b.count && b[i + 1] == lf)) {
                    line += 1
                    lineStart = i + 1
                }
            }
            i += 1
        }
        if state == .quoted {
            throw SwiftLearnError.io("\(source): line \(openLine), column \(openColumn): quoted field is not closed before the end of the file")
        }
    }
}
