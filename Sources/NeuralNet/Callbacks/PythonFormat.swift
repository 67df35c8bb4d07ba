import Foundation
import TensorCore

/// A value a Python-style template field formats: an integer (`epoch`, `batch`) or a float (a log).
enum PythonFormatValue {
    case int(Int)
    case float(Double)
}

/// Python's format-spec mini-language (`format(value, spec)`), for the integer and float
/// presentation types a filepath template uses: `[[fill]align][sign][#][0][width][,|_][.precision][type]`
/// with types `d n b o x X` for integers and `e E f F g G n %` (or none) for both.
enum PythonFormat {
    /// `value` formatted as Python's `format(value, spec)`; `invalidArgument` where Python raises.
    static func format(_ value: PythonFormatValue, spec: String) throws -> String {
        var parsed = try Spec(spec)
        let body: String, negative: Bool
        switch value {
        case .int(let n):
            if parsed.type == nil || "dnbBoxX".contains(parsed.type!) {
                guard parsed.precision == nil else { throw SwiftLearnError.invalidArgument("Precision not allowed in integer format specifier") }
                negative = n < 0
                body = integerBody(n.magnitude, type: parsed.type ?? "d", alternate: parsed.alternate, grouping: parsed.grouping)
            } else {
                (body, negative) = try floatBody(Double(n), spec: parsed, fromInt: true)
            }
        case .float(let x):
            if let t = parsed.type, "dbBoxXc".contains(t) {
                throw SwiftLearnError.invalidArgument("Unknown format code '\(t)' for object of type 'float'")
            }
            (body, negative) = try floatBody(x, spec: parsed, fromInt: false)
        }
        let sign = negative ? "-" : (parsed.sign == "+" ? "+" : parsed.sign == " " ? " " : "")
        if parsed.zeroPad, parsed.align == nil { parsed.align = "="; parsed.fill = "0" }
        let content = sign.count + body.count
        guard let width = parsed.width, width > content else { return sign + body }
        let padding = width - content
        let fill = String(parsed.fill)
        switch parsed.align ?? ">" {
        case "<": return sign + body + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + sign + body + String(repeating: fill, count: padding - left)
        case "=": return sign + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + sign + body
        }
    }

    /// Python's `repr(float)`: the shortest text that reads back as `x`, in fixed notation for
    /// decimal exponents from -4 to 15, otherwise scientific (`1e-05`, `1e+16`).
    static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let (digits, point) = shortestDigits(Swift.abs(x))
        let sign = x.sign == .minus ? "-" : ""
        if point <= -4 || point > 16 {
            let mantissa = digits.count == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
            let exponent = point - 1
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + pad2(Swift.abs(exponent))
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) + ".0" }
        return sign + String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
    }

    // MARK: - Pieces

    struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var alternate = false
        var zeroPad = false
        var width: Int?
        var grouping: Character?
        var precision: Int?
        var type: Character?

        init(_ text: String) throws {
            var chars = Array(text)[...]
            func invalid() -> SwiftLearnError { SwiftLearnError.invalidArgument("Invalid format specifier '\(text)'") }
            if chars.count >= 2, "<>=^".contains(chars[chars.startIndex + 1]) {
                fill = chars.removeFirst(); align = chars.removeFirst()
            } else if let c = chars.first, "<>=^".contains(c) {
                align = chars.removeFirst()
            }
            if let c = chars.first, "+- ".contains(c) { sign = chars.removeFirst() }
            if chars.first == "#" { alternate = true; chars.removeFirst() }
            if chars.first == "0" { zeroPad = true; chars.removeFirst() }
            var digits = ""
            while let c = chars.first, c.isASCII, c.isNumber { digits.append(chars.removeFirst()) }
            if !digits.isEmpty { width = Int(digits) }
            if let c = chars.first, c == "," || c == "_" { grouping = chars.removeFirst() }
            if chars.first == "." {
                chars.removeFirst()
                var p = ""
                while let c = chars.first, c.isASCII, c.isNumber { p.append(chars.removeFirst()) }
                guard let value = Int(p) else { throw SwiftLearnError.invalidArgument("Format specifier missing precision") }
                precision = value
            }
            if let c = chars.first { type = c; chars.removeFirst() }
            guard chars.isEmpty else { throw invalid() }
            if let type, !"dnbBoxXeEfFgG%".contains(type) {
                throw SwiftLearnError.invalidArgument("Unknown format code '\(type)' in format specifier '\(text)'")
            }
        }
    }

    private static func integerBody(_ n: UInt, type: Character, alternate: Bool, grouping: Character?) -> String {
        let (radix, prefix): (Int, String) = switch type {
        case "b", "B": (2, "0b")
        case "o": (8, "0o")
        case "x": (16, "0x")
        case "X": (16, "0X")
        default: (10, "")
        }
        var text = String(n, radix: radix, uppercase: type == "X")
        if let grouping { text = group(text, by: grouping, size: radix == 10 ? 3 : 4) }
        return (alternate ? prefix : "") + text
    }

    /// The text of |x| (sign separate) for a float presentation type, and whether x is negative.
    private static func floatBody(_ x: Double, spec: Spec, fromInt: Bool) throws -> (String, Bool) {
        let negative = x.sign == .minus && !x.isNaN
        let a = Swift.abs(x)
        var type = spec.type
        var suffix = ""
        var value = a
        if type == "%" { value = a * 100; suffix = "%"; type = "f" }
        if type == "n" { type = "g" }
        if !value.isFinite {
            let text = value.isNaN ? "nan" : "inf"
            return ((type.map { $0.isUppercase } ?? false ? text.uppercased() : text) + suffix, negative)
        }
        let hash = spec.alternate ? "#" : ""
        var body: String
        switch type {
        case nil:
            if fromInt { body = integerBody(UInt(a), type: "d", alternate: false, grouping: spec.grouping); return (body, negative) }
            if let p = spec.precision {
                body = noTypeWithPrecision(value, precision: Swift.max(p, 1), alternate: spec.alternate)
            } else {
                body = repr(value)
            }
        case let t?:
            let p = spec.precision ?? 6
            body = String(format: "%\(hash).\(p)\(t)", value)
        }
        if let grouping = spec.grouping { body = groupIntegerPart(body, by: grouping) }
        return (body + suffix, negative)
    }

    /// Python's float presentation with a precision and no type: like `g`, but scientific once the
    /// exponent reaches `precision - 1`, and a fixed result keeps at least one decimal.
    private static func noTypeWithPrecision(_ x: Double, precision p: Int, alternate: Bool) -> String {
        let scientific = String(format: "%.\(p - 1)e", x)
        let exponent = Int(scientific.split(separator: "e").last ?? "0") ?? 0
        if exponent >= -4, exponent < p - 1 {
            var fixed = String(format: "%.\(p - 1 - exponent)f", x)
            if !alternate, fixed.contains(".") {
                while fixed.hasSuffix("0") { fixed.removeLast() }
            }
            if fixed.hasSuffix(".") { fixed += "0" } else if !fixed.contains(".") { fixed += ".0" }
            return fixed
        }
        let parts = scientific.split(separator: "e")
        var mantissa = String(parts[0])
        if !alternate, mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        return mantissa + "e" + String(parts[1])
    }

    /// The shortest round-trip digits of a finite x ≥ 0 and the decimal point's position
    /// (x = 0.d₁d₂… × 10^point), read off Swift's shortest `description`.
    private static func shortestDigits(_ x: Double) -> (String, Int) {
        if x == 0 { return ("0", 1) }
        let text = x.description
        let parts = text.split(separator: "e")
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = String(parts[0])
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(pieces[0]), fraction = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = integer + fraction
        var point = integer.count + exponent
        while digits.hasPrefix("0"), digits.count > 1 { digits.removeFirst(); point -= 1 }
        while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
        return (digits, point)
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func group(_ digits: String, by separator: Character, size: Int) -> String {
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % size == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }

    private static func groupIntegerPart(_ text: String, by separator: Character) -> String {
        let end = text.firstIndex { !$0.isNumber } ?? text.endIndex
        return group(String(text[..<end]), by: separator, size: 3) + text[end...]
    }
}
