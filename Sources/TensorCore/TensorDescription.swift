import Foundation

/// `description` in the layout of NumPy's `repr` (numpy/_core/arrayprint.py with its default
/// options): one line per row, columns aligned on the decimal point, lines wrapped at 75
/// characters, and tensors of more than 1,000 elements summarized to their first and last 3
/// entries on every axis with `...` between.
///
/// ```
/// Tensor(shape: (3, 2), [[1.0, 2.0],
///                        [3.0, 4.0],
///                        [5.0, 6.0]])
/// ```
///
/// Numbers use NumPy's rules (`floatmode='maxprec'`, precision 8): the shortest digits that
/// identify each Float32, at most 8 after the point, and scientific notation for the whole
/// tensor when its largest magnitude is at least 1e8, its smallest non-zero one below 1e-4, or
/// their ratio above 1,000. Unlike NumPy, a whole number keeps one zero after the point
/// (`1.0`, not `1.`), as Swift prints a Float.
extension Tensor: CustomStringConvertible {
    public var description: String {
        let prefix = "Tensor(shape: \(formatShape(shape)), "
        return prefix + TensorFormatter(self).render(prefixLength: prefix.count) + ")"
    }
}

/// NumPy's print options that SwiftLearn mirrors.
enum PrintOptions {
    /// Tensors with more elements than this are summarized.
    static let threshold = 1000
    /// Entries kept at each end of a summarized axis.
    static let edgeItems = 3
    /// Lines are wrapped to at most this many characters.
    static let lineWidth = 75
    /// At most this many digits after the decimal point.
    static let precision = 8
}

/// Lays out the elements of one tensor.
struct TensorFormatter {
    let tensor: Tensor
    let summarize: Bool
    let format: FloatFormat

    init(_ tensor: Tensor) {
        self.tensor = tensor
        summarize = tensor.scalarCount > PrintOptions.threshold
        var shown: [Float] = []
        if tensor.scalarCount > 0 {
            TensorFormatter.collect(tensor, axis: 0, offset: 0, summarize: summarize, into: &shown)
        }
        format = FloatFormat(shown)
    }

    /// The element indices shown along an axis of length `n`.
    static func shownIndices(_ n: Int, summarize: Bool) -> [Int] {
        summarize && n > 2 * PrintOptions.edgeItems
            ? Array(0..<PrintOptions.edgeItems) + Array((n - PrintOptions.edgeItems)..<n)
            : Array(0..<n)
    }

    /// Appends the elements that will be printed (their format depends on them alone, as in NumPy).
    static func collect(_ t: Tensor, axis: Int, offset: Int, summarize: Bool, into out: inout [Float]) {
        if axis == t.rank {
            out.append(t.storage.base[offset])
            return
        }
        let stride = t.shape[(axis + 1)...].reduce(1, *)
        for i in shownIndices(t.shape[axis], summarize: summarize) {
            collect(t, axis: axis + 1, offset: offset + i * stride, summarize: summarize, into: &out)
        }
    }

    /// The bracketed elements, with continuation lines indented past a prefix of `prefixLength`.
    func render(prefixLength: Int) -> String {
        if tensor.rank == 0 { return format.string(tensor.storage.base[0]) }
        if tensor.scalarCount == 0 { return "[]" }
        let hanging = String(repeating: " ", count: prefixLength + 1)
        return render(axis: 0, offset: 0, hangingIndent: hanging, width: PrintOptions.lineWidth - ")".count)
    }

    /// NumPy's `_formatArray` recursion: the last axis wraps its entries over lines, the other
    /// axes put each sub-array on its own lines, separated by one blank line per extra dimension.
    private func render(axis: Int, offset: Int, hangingIndent: String, width: Int) -> String {
        let n = tensor.shape[axis]
        let axesLeft = tensor.rank - axis
        let stride = tensor.shape[(axis + 1)...].reduce(1, *)
        let showSummary = summarize && n > 2 * PrintOptions.edgeItems
        let leading = showSummary ? Array(0..<PrintOptions.edgeItems) : []
        let trailing = showSummary ? Array((n - PrintOptions.edgeItems)..<n) : Array(0..<n)
        let nextIndent = hangingIndent + " ", nextWidth = width - 1
        var s = ""
        if axesLeft == 1 {
            let elementWidth = width - 1  // room for the "," or "]" that follows
            var line = hangingIndent
            func extend(_ word: String) {
                // Wrap unless the line holds nothing but its indent yet.
                if line.count + word.count > elementWidth && line.count > hangingIndent.count {
                    s += String(line.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
                    line = hangingIndent
                }
                line += word
            }
            for i in leading {
                extend(format.string(tensor.storage.base[offset + i]))
                line += ", "
            }
            if showSummary {
                extend("...")
                line += ", "
            }
            for i in trailing.dropLast() {
                extend(format.string(tensor.storage.base[offset + i]))
                line += ", "
            }
            extend(format.string(tensor.storage.base[offset + n - 1]))
            s += line
        } else {
            let separator = "," + String(repeating: "\n", count: axesLeft - 1)
            for i in leading {
                s += hangingIndent + render(axis: axis + 1, offset: offset + i * stride, hangingIndent: nextIndent, width: nextWidth) + separator
            }
            if showSummary { s += hangingIndent + "..." + separator }
            for i in trailing.dropLast() {
                s += hangingIndent + render(axis: axis + 1, offset: offset + i * stride, hangingIndent: nextIndent, width: nextWidth) + separator
            }
            s += hangingIndent + render(axis: axis + 1, offset: offset + (n - 1) * stride, hangingIndent: nextIndent, width: nextWidth)
        }
        return "[" + s.dropFirst(hangingIndent.count) + "]"
    }
}

/// NumPy's `FloatingFormat` for `floatmode='maxprec'`: one notation and one padding for all
/// printed elements, so that their decimal points line up.
struct FloatFormat {
    let scientific: Bool
    /// Characters before the decimal point (sign included).
    var padLeft = 0
    /// Characters after the decimal point (positional), or mantissa digits after it (scientific).
    var padRight = 0
    /// Digits of the exponent (scientific).
    var exponentDigits = 2

    init(_ values: [Float]) {
        let finite = values.filter { $0.isFinite }
        let magnitudes = finite.filter { $0 != 0 }.map { Double(abs($0)) }
        if let largest = magnitudes.max(), let smallest = magnitudes.min() {
            scientific = largest >= 1e8 || smallest < 1e-4 || largest / smallest > 1e3
        } else {
            scientific = false
        }
        for v in finite {
            let parts = scientific ? FloatFormat.scientificParts(v) : FloatFormat.positionalParts(v)
            padLeft = max(padLeft, parts.integer.count)
            padRight = max(padRight, parts.fraction.count)
            exponentDigits = max(exponentDigits, parts.exponent.count)
        }
        if finite.count != values.count {
            // Room for "nan", "inf" and "-inf" in the same columns.
            let negativeInfinity = values.contains { $0 == -.infinity }
            let suffix = scientific ? padRight + 3 + exponentDigits : padRight + 1
            padLeft = max(padLeft, 3 - suffix, (negativeInfinity ? 4 : 3) - suffix)
        }
    }

    /// One element, padded to the common width.
    func string(_ v: Float) -> String {
        guard v.isFinite else {
            let word = v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf")
            let width = padLeft + padRight + 1 + (scientific ? 2 + exponentDigits : 0)
            return String(repeating: " ", count: max(0, width - word.count)) + word
        }
        let parts = scientific ? FloatFormat.scientificParts(v) : FloatFormat.positionalParts(v)
        let integer = String(repeating: " ", count: max(0, padLeft - parts.integer.count)) + parts.integer
        if scientific {
            // Mantissas share one number of digits, padded with zeros (NumPy's trim='k').
            let fraction = parts.fraction + String(repeating: "0", count: padRight - parts.fraction.count)
            let exponent = String(repeating: "0", count: exponentDigits - parts.exponent.count) + parts.exponent
            return integer + "." + fraction + "e" + parts.exponentSign + exponent
        }
        return integer + "." + parts.fraction + String(repeating: " ", count: padRight - parts.fraction.count)
    }

    /// `v` as the shortest decimal that reads back as the same Float32: its digits without
    /// leading or trailing zeros and the power of ten of the first one (`v = d.ddd × 10^e`).
    static func shortestDigits(_ v: Float) -> (digits: [Character], exponent: Int) {
        if v == 0 { return (["0"], 0) }
        // Swift prints the shortest round-tripping digits, as "123.45" or "1.2345e-05".
        let text = abs(v).description
        let parts = text.split(separator: "e", maxSplits: 1)
        let power = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let integerLength = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        var digits = Array(mantissa.filter { $0 != "." })
        let leadingZeros = digits.prefix(while: { $0 == "0" }).count
        digits.removeFirst(leadingZeros)
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        return (digits, integerLength - 1 - leadingZeros + power)
    }

    /// Sign and integer digits, and fraction digits (at least one, at most 8) of `v` in positional notation.
    static func positionalParts(_ v: Float) -> (integer: String, fraction: String, exponent: String, exponentSign: String) {
        let sign = v.sign == .minus ? "-" : ""
        let (digits, e) = shortestDigits(v)
        var integer: String, fraction: String
        if e >= 0 {
            let head = digits.prefix(e + 1)
            integer = String(head) + String(repeating: "0", count: e + 1 - head.count)
            fraction = String(digits.dropFirst(e + 1))
        } else {
            integer = "0"
            fraction = String(repeating: "0", count: -e - 1) + String(digits)
        }
        if fraction.count > PrintOptions.precision {
            // Round the exact binary value to 8 places, as NumPy's Dragon4 does with a cutoff.
            let rounded = String(format: "%.\(PrintOptions.precision)f", Double(abs(v)))
            let pieces = rounded.split(separator: ".", maxSplits: 1)
            integer = String(pieces[0])
            fraction = String(pieces.count == 2 ? pieces[1] : "")
            while fraction.count > 1, fraction.last == "0" { fraction.removeLast() }
        }
        if fraction.isEmpty { fraction = "0" }
        return (sign + integer, fraction, "", "")
    }

    /// Sign and leading digit, mantissa fraction digits (at least one) and exponent of `v` in scientific notation.
    static func scientificParts(_ v: Float) -> (integer: String, fraction: String, exponent: String, exponentSign: String) {
        let sign = v.sign == .minus ? "-" : ""
        let (digits, e) = shortestDigits(v)
        let fraction = digits.count > 1 ? String(digits.dropFirst()) : "0"
        return (sign + String(digits[0]), fraction, String(abs(e)), e < 0 ? "-" : "+")
    }
}
