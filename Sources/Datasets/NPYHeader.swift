import TensorCore

/// The header of a `.npy` file: the Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` after the magic and length.
struct NPYHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the dict literal with a small strict parser: exactly the keys `'descr'` (a string),
    /// `'fortran_order'` (`True`/`False`) and `'shape'` (a tuple of decimal integers), in any
    /// order, each once; whitespace (spaces, tabs, newlines) between tokens and after the dict.
    /// Negative dimensions and dimensions beyond `Int` throw here; every error names `source`.
    static func parse(_ bytes: ArraySlice<UInt8>, source: String) throws -> NPYHeader {
        var p = Parser(bytes: bytes, source: source)
        var descr: String?, fortran: Bool?, shape: [Int]?
        try p.expect(UInt8(ascii: "{"))
        while true {
            p.skipSpace()
            if p.peek == UInt8(ascii: "}") { break }
            let key = try p.string()
            p.skipSpace()
            try p.expect(UInt8(ascii: ":"))
            p.skipSpace()
            switch key {
            case "descr":
                guard descr == nil else { throw p.error("key 'descr' appears twice") }
                guard p.peek == UInt8(ascii: "'") || p.peek == UInt8(ascii: "\"") else {
                    throw p.error("'descr' must be a string such as '<f4' (structured dtypes are not supported)")
                }
                descr = try p.string()
            case "fortran_order":
                guard fortran == nil else { throw p.error("key 'fortran_order' appears twice") }
                fortran = try p.bool()
            case "shape":
                guard shape == nil else { throw p.error("key 'shape' appears twice") }
                shape = try p.tuple()
            default:
                throw p.error("unexpected key '\(key)' (expected 'descr', 'fortran_order', 'shape')")
            }
            p.skipSpace()
            if p.peek == UInt8(ascii: ",") { p.index += 1; continue }
            p.skipSpace()
            guard p.peek == UInt8(ascii: "}") else { throw p.error("expected ',' or '}'") }
        }
        p.index += 1
        p.skipSpace()
        guard p.index == p.bytes.endIndex else { throw p.error("unexpected text after the header dict") }
        guard let descr, let fortran, let shape else {
            let missing = [descr == nil ? "'descr'" : nil, fortran == nil ? "'fortran_order'" : nil, shape == nil ? "'shape'" : nil]
            throw SwiftLearnError.io("\(source): .npy header lacks \(missing.compactMap { $0 }.joined(separator: ", "))")
        }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    /// The dict text NumPy writes: keys sorted, a trailing `, `, then spaces so the shape can grow
    /// in place (`GROWTH_AXIS_MAX_DIGITS` = 21 minus the digits of the first dimension).
    var text: String {
        let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
        var s = "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        if let growing = fortranOrder ? shape.last : shape.first {
            s += String(repeating: " ", count: max(0, 21 - String(growing).count))
        }
        return s
    }
}

/// A cursor over header bytes; no method traps on any input.
private struct Parser {
    let bytes: ArraySlice<UInt8>
    let source: String
    var index: Int

    init(bytes: ArraySlice<UInt8>, source: String) {
        self.bytes = bytes
        self.source = source
        self.index = bytes.startIndex
    }

    var peek: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

    func error(_ what: String) -> SwiftLearnError {
        let shown = String(decoding: bytes.prefix(120), as: UTF8.self).debugDescription
        return .io("\(source): .npy header is not a valid Python dict literal: \(what) at byte \(index - bytes.startIndex) of \(shown)")
    }

    mutating func skipSpace() {
        while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { index += 1 }
    }

    mutating func expect(_ c: UInt8) throws {
        guard peek == c else { throw error("expected '\(Character(Unicode.Scalar(c)))'") }
        index += 1
    }

    /// A quoted string without escapes.
    mutating func string() throws -> String {
        guard let quote = peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw error("expected a quoted string")
        }
        index += 1
        let start = index
        while let c = peek, c != quote {
            guard c != UInt8(ascii: "\\"), c != 0x0A else { throw error("escapes and newlines in strings are not supported") }
            index += 1
        }
        guard peek == quote else { throw error("unterminated string") }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        return text
    }

    mutating func bool() throws -> Bool {
        for (word, value) in [("True", true), ("False", false)] {
            let w = Array(word.utf8)
            if bytes.count - (index - bytes.startIndex) >= w.count, Array(bytes[index..<index + w.count]) == w {
                index += w.count
                return value
            }
        }
        throw error("'fortran_order' must be True or False")
    }

    /// `()`, `(n,)` or `(a, b, ...)` with an optional trailing comma; `(n)` is an int, not a tuple.
    mutating func tuple() throws -> [Int] {
        guard peek == UInt8(ascii: "(") else { throw error("'shape' must be a tuple such as (2, 3)") }
        index += 1
        var dims: [Int] = []
        var sawComma = false
        while true {
            skipSpace()
            if peek == UInt8(ascii: ")") { break }
            dims.append(try integer())
            skipSpace()
            if peek == UInt8(ascii: ",") { index += 1; sawComma = true; continue }
            sawComma = false
            guard peek == UInt8(ascii: ")") else { throw error("expected ',' or ')' in 'shape'") }
        }
        guard dims.count != 1 || sawComma else { throw error("'shape' (n) is an int, not a tuple; write (n,)") }
        index += 1
        return dims
    }

    /// A non-negative decimal integer that fits `Int`.
    mutating func integer() throws -> Int {
        if peek == UInt8(ascii: "-") {
            let start = index
            index += 1
            while let c = peek, c >= 0x30, c <= 0x39 { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            throw SwiftLearnError.io("\(source): .npy header has a negative dimension \(text) in 'shape'")
        }
        var value = 0
        let start = index
        while let c = peek, c >= 0x30, c <= 0x39 {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int(c - 0x30))
            guard !o1, !o2 else {
                throw SwiftLearnError.io("\(source): .npy header has a dimension in 'shape' too large to count (beyond \(Int.max))")
            }
            value = next
            index += 1
        }
        guard index > start else { throw error("expected a non-negative integer in 'shape'") }
        return value
    }
}
