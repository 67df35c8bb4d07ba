import TensorCore

/// A Python `str.format` template such as `"ckpt-{epoch:02d}-{val_loss:.2f}.keras"`: literal
/// text, `{name}` or `{name:spec}` fields, and `{{`/`}}` for literal braces (Keras formats
/// ModelCheckpoint's filepath with `filepath.format(epoch=…, batch=…, **logs)`).
struct FilepathTemplate: Sendable {
    enum Part: Sendable {
        case literal(String)
        case field(name: String, spec: String)
    }

    let text: String
    let parts: [Part]

    /// Parses `text`; unbalanced braces, and conversions (`!r`) or attribute and index lookups,
    /// which a checkpoint path has no use for, are `invalidArgument` errors.
    init(_ text: String) throws {
        self.text = text
        var parts: [Part] = []
        var literal = ""
        var i = text.startIndex
        func fail(_ why: String) -> SwiftLearnError {
            SwiftLearnError.invalidArgument("ModelCheckpoint: filepath '\(text)': \(why)")
        }
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == "}" {
                guard next < text.endIndex, text[next] == "}" else { throw fail("single '}' encountered; write '}}' for a literal brace") }
                literal.append("}"); i = text.index(after: next); continue
            }
            guard c == "{" else { literal.append(c); i = next; continue }
            if next < text.endIndex, text[next] == "{" { literal.append("{"); i = text.index(after: next); continue }
            guard let close = text[next...].firstIndex(of: "}") else { throw fail("'{' without a matching '}'") }
            let field = text[next..<close]
            let name: Substring, spec: Substring
            if let colon = field.firstIndex(of: ":") {
                name = field[..<colon]; spec = field[field.index(after: colon)...]
            } else {
                name = field; spec = ""
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw fail("field '{\(field)}' must name a log key (letters, digits, '_'), such as {epoch} or {val_loss:.2f}")
            }
            guard !spec.contains("{") else { throw fail("nested fields in '{\(field)}' are not supported") }
            _ = try PythonFormat.Spec(String(spec))
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
            parts.append(.field(name: String(name), spec: String(spec)))
            i = text.index(after: close)
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// The template filled in: `epoch` and `batch` (1-based, as Keras passes them) are integers,
    /// the logs floats. A field that names nothing given is an `invalidArgument` error listing
    /// the available keys (Keras raises a KeyError).
    func format(epoch: Int, batch: Int?, logs: Logs) throws -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let s): out += s
            case .field(let name, let spec):
                let value: PythonFormatValue
                if name == "epoch" { value = .int(epoch) }
                else if let v = logs[name] { value = .float(Double(v)) }
                else if name == "batch", let batch { value = .int(batch) }
                else {
                    let keys = (["epoch"] + (batch == nil ? [] : ["batch"]) + logs.keys.sorted()).joined(separator: ", ")
                    throw SwiftLearnError.invalidArgument("ModelCheckpoint: failed to format the filepath '\(text)': no value for '{\(name)}' (available: \(keys))")
                }
                do {
                    out += try PythonFormat.format(value, spec: spec)
                } catch let error as SwiftLearnError {
                    throw SwiftLearnError.invalidArgument("ModelCheckpoint: failed to format the filepath '\(text)', field '{\(name)\(spec.isEmpty ? "" : ":" + spec)}': \(error.message)")
                }
            }
        }
        return out
    }
}
