import Foundation

/// A small well-formedness check for XML (Foundation's XMLDocument is not on every Linux
/// toolchain): tags nest and close in order, attributes are quoted, one root element.
/// Records the root's name and attributes and how many elements of each name there are.
struct XMLChecker {
    var problem: String?
    var root: String?
    var rootAttributes: [String: String] = [:]
    var elementCounts: [String: Int] = [:]

    init(_ text: String) {
        let s = Array(text.utf8)
        var i = 0, stack: [String] = [], roots = 0
        func fail(_ message: String) { if problem == nil { problem = "byte \(i): \(message)" } }
        while i < s.count, problem == nil {
            guard s[i] == UInt8(ascii: "<") else {
                if stack.isEmpty && !(s[i] == 0x20 || s[i] == 0x0A || s[i] == 0x0D || s[i] == 0x09) { fail("text outside the root") }
                i += 1; continue
            }
            let rest = String(decoding: s[i..<min(i + 9, s.count)], as: UTF8.self)
            if rest.hasPrefix("<?") || rest.hasPrefix("<!--") || rest.hasPrefix("<!") {
                let end = rest.hasPrefix("<?") ? "?>" : (rest.hasPrefix("<!--") ? "-->" : ">")
                guard let r = String(decoding: s[i...], as: UTF8.self).range(of: end) else { fail("unclosed \(rest)"); break }
                i += String(decoding: s[i...], as: UTF8.self)[..<r.upperBound].utf8.count
                continue
            }
            guard let close = s[i...].firstIndex(of: UInt8(ascii: ">")) else { fail("unclosed tag"); break }
            var tag = String(decoding: s[(i + 1)..<close], as: UTF8.self)
            i = close + 1
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
                if stack.popLast() != name { fail("</\(name)> does not close the open element") }
                continue
            }
            let selfClosing = tag.hasSuffix("/")
            if selfClosing { tag.removeLast() }
            let name = String(tag.prefix { !$0.isWhitespace })
            if name.isEmpty { fail("empty tag name"); continue }
            guard let attributes = Self.attributes(String(tag.dropFirst(name.count))) else { fail("bad attributes in <\(name)>"); continue }
            if stack.isEmpty {
                roots += 1
                if roots > 1 { fail("second root element <\(name)>") }
                root = name; rootAttributes = attributes
            }
            elementCounts[name, default: 0] += 1
            if !selfClosing { stack.append(name) }
        }
        if problem == nil, let open = stack.last { problem = "<\(open)> is never closed" }
        if problem == nil, root == nil { problem = "no root element" }
    }

    /// `name="value"` pairs separated by whitespace, or nil if malformed.
    static func attributes(_ text: String) -> [String: String]? {
        var result: [String: String] = [:]
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.isEmpty { return result }
            guard let eq = rest.firstIndex(of: "=") else { return nil }
            let name = rest[..<eq].trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: eq)...].drop { $0.isWhitespace }
            guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: quote) else { return nil }
            guard !name.isEmpty, result[name] == nil else { return nil }
            result[name] = String(rest[..<end])
            rest = rest[rest.index(after: end)...]
        }
    }
}
