import TensorCore

extension JSONValue {
    /// The deepest nesting of arrays and objects ``parse(_:)`` accepts; deeper input is refused
    /// with an error instead of exhausting the stack.
    public static let maximumNestingDepth = 512

    /// Parses JSON text (RFC 8259), keeping object keys in their order.
    ///
    /// Beyond RFC 8259 it accepts the `NaN`, `Infinity` and `-Infinity` tokens Python's `json`
    /// module writes, and ignores a leading byte order mark. It refuses everything else the RFC
    /// forbids: trailing commas, leading zeros, unknown escapes, unpaired UTF-16 surrogates,
    /// unescaped control characters, text after the value, duplicate keys in an object, and
    /// nesting deeper than ``maximumNestingDepth``. Errors are ``SwiftLearnError/io(_:)`` and give
    /// the line, column and byte offset.
    public static func parse(_ text: String) throws -> JSONValue {
        try parse(utf8: Array(text.utf8))
    }

    /// Parses JSON from UTF-8 bytes (a file's contents); invalid UTF-8 is an error.
    public static func parse(utf8 bytes: [UInt8]) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        return try parser.document()
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes.
struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// An error at byte `offset` (the current position by default), with its line and column.
    func error(_ message: String, at offset: Int? = nil) -> SwiftLearnError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1, column = 1
        for b in bytes[0..<offset] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return .io("invalid JSON at line \(line), column \(column) (byte \(offset)): \(message)")
    }

    /// A description of the byte at the current position, for errors.
    var found: String {
        guard index < bytes.count else { return "the end of the input" }
        let b = bytes[index]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
    }

    mutating func document() throws -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let value = try self.value()
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected \(found) after the JSON value") }
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Consumes `literal` (ASCII) byte by byte.
    mutating func expect(_ literal: StaticString) throws {
        let start = index
        let count = literal.utf8CodeUnitCount
        let ok = literal.withUTF8Buffer { l -> Bool in
            guard index + count <= bytes.count else { return false }
            for i in 0..<count where bytes[index + i] != l[i] { return false }
            return true
        }
        guard ok else { throw error("expected '\(literal)'", at: start) }
        index += count
    }

    mutating func value() throws -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw error("expected a value, found the end of the input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try nested { try $0.object() }
        case UInt8(ascii: "["): return try nested { try $0.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "N"): try expect("NaN"); return .number(.nan)
        case UInt8(ascii: "I"): try expect("Infinity"); return .number(.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("expected a value, found \(found)")
        }
    }

    /// Runs `body` one nesting level deeper, refusing to go past the maximum depth.
    mutating func nested(_ body: (inout JSONParser) throws -> JSONValue) throws -> JSONValue {
        guard depth < JSONValue.maximumNestingDepth else {
            throw error("arrays and objects are nested deeper than \(JSONValue.maximumNestingDepth) levels")
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    mutating func object() throws -> JSONValue {
        index += 1
        var pairs: [(String, JSONValue)] = []
        var keys = Set<String>()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key in double quotes, found \(found)")
            }
            let keyStart = index
            let key = try string()
            guard keys.insert(key).inserted else { throw error("duplicate key '\(key)' in an object", at: keyStart) }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key '\(key)', found \(found)")
            }
            index += 1
            pairs.append((key, try value()))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object: expected ',' or '}', found the end of the input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
            throw error("expected ',' or '}' in an object, found \(found)")
        }
    }

    mutating func array() throws -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw error("trailing comma before ']'") }
            items.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array: expected ',' or ']', found the end of the input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw error("expected ',' or ']' in an array, found \(found)")
        }
    }

    func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, or `-Infinity`.
    mutating func number() throws -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "I") { try expect("Infinity"); return .number(-.infinity) }
        }
        guard isDigit(index) else { throw error("expected a digit in a number, found \(found)") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw error("leading zeros are not allowed in a number", at: start) }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw error("expected a digit after the decimal point, found \(found)") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error("expected a digit in the exponent, found \(found)") }
            while isDigit(index) { index += 1 }
        }
        // The grammar above is a subset of what Double(String) accepts, so this cannot fail.
        guard let d = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            throw error("invalid number", at: start)
        }
        // A fraction or an exponent makes it a float, as Python's json module reads it.
        let isFloat = bytes[start..<index].contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        return isFloat ? .float(d) : .number(d)
    }

    mutating func string() throws -> String {
        let open = index
        index += 1
        var out = String.UnicodeScalarView()
        var runStart = index
        /// Appends the unescaped bytes since `runStart`, which must be valid UTF-8.
        func flush(_ end: Int) throws {
            guard end > runStart else { return }
            guard let s = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                throw error("invalid UTF-8 in a string", at: runStart)
            }
            out.append(contentsOf: s.unicodeScalars)
        }
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                try flush(index)
                index += 1
                return String(out)
            }
            if b < 0x20 { throw error("unescaped control character 0x\(String(b, radix: 16, uppercase: true)) in a string (write it as \\u00XX)") }
            guard b == UInt8(ascii: "\\") else { index += 1; continue }
            try flush(index)
            index += 1
            guard index < bytes.count else { break }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append("\"")
            case UInt8(ascii: "\\"): out.append("\\")
            case UInt8(ascii: "/"): out.append("/")
            case UInt8(ascii: "n"): out.append("\n")
            case UInt8(ascii: "t"): out.append("\t")
            case UInt8(ascii: "r"): out.append("\r")
            case UInt8(ascii: "b"): out.append("\u{08}")
            case UInt8(ascii: "f"): out.append("\u{0C}")
            case UInt8(ascii: "u"): out.append(try unicodeEscape())
            default:
                let shown = e >= 0x21 && e < 0x7F ? "'\\\(Character(Unicode.Scalar(e)))'" : "'\\' before byte 0x\(String(e, radix: 16, uppercase: true))"
                throw error("unknown escape \(shown) in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at: index - 2)
            }
            runStart = index
        }
        throw error("unterminated string (opened at byte \(open))")
    }

    /// The scalar of a `\uXXXX` escape whose `\u` was just read, joining a UTF-16 surrogate pair.
    mutating func unicodeEscape() throws -> Unicode.Scalar {
        let escapeStart = index - 2
        let code = try hex4()
        switch code {
        case 0xD800...0xDBFF:
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("high surrogate \\u\(hex(code)) is not followed by a \\u escape of a low surrogate", at: escapeStart)
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error("high surrogate \\u\(hex(code)) is followed by \\u\(hex(low)), which is not a low surrogate (DC00-DFFF)", at: escapeStart)
            }
            let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { throw error("invalid surrogate pair", at: escapeStart) }
            return scalar
        case 0xDC00...0xDFFF:
            throw error("lone low surrogate \\u\(hex(code)) (not preceded by a high surrogate)", at: escapeStart)
        default:
            guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape", at: escapeStart) }
            return scalar
        }
    }

    func hex(_ code: UInt32) -> String {
        let s = String(code, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// Four hexadecimal digits.
    mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 {
            guard index + i < bytes.count else { throw error("\\u escape needs four hexadecimal digits, found the end of the input") }
            let b = bytes[index + i]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("\\u escape needs four hexadecimal digits", at: index + i)
            }
            v = v << 4 | digit
        }
        index += 4
        return v
    }
}
