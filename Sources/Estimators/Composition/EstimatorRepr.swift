/// An estimator's printed form as a tree, laid out the way scikit-learn's `_EstimatorPrettyPrinter`
/// (Python's `pprint` with `compact=True`, `indent_at_name=True`, width 80) lays it out:
/// parameters and list items are packed onto lines, continuation lines are aligned after
/// `Name(`, and an item too long for its line is split inside.
indirect enum ReprNode: Sendable {
    /// Text that is never split (`'scaler'`, `True`, `(30,)`).
    case atom(String)
    /// `Name(key=value, ...)`.
    case estimator(name: String, params: [(String, ReprNode)])
    /// `[a, b]`.
    case list([ReprNode])
    /// `(a, b)`.
    case tuple([ReprNode])
    /// `{key: value, ...}`, keys already printed and in printing order.
    case dictionary([(String, ReprNode)])

    /// The one-line form.
    var flat: String {
        switch self {
        case .atom(let s): return s
        case .estimator(let name, let params): return name + "(" + params.map { $0.0 + "=" + $0.1.flat }.joined(separator: ", ") + ")"
        case .list(let items): return "[" + items.map(\.flat).joined(separator: ", ") + "]"
        case .tuple(let items): return "(" + items.map(\.flat).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .dictionary(let items): return "{" + items.map { $0.0 + ": " + $0.1.flat }.joined(separator: ", ") + "}"
        }
    }

    /// The layout at width 80 (`pprint.pformat`).
    var formatted: String {
        var out = ""
        format(into: &out, indent: 0, allowance: 0)
        return out
    }

    private static let width = 80

    private func format(into out: inout String, indent: Int, allowance: Int) {
        let rep = flat
        guard rep.count > Self.width - indent - allowance else { out += rep; return }
        switch self {
        case .atom:
            out += rep
        case .estimator(let name, let params):
            out += name + "("
            Self.formatItems(params.map { ($0.0 + "=", $0.1) }, into: &out, indent: indent + name.count, allowance: allowance + 1)
            out += ")"
        case .list(let items):
            out += "["
            Self.formatItems(items.map { ("", $0) }, into: &out, indent: indent, allowance: allowance + 1)
            out += "]"
        case .tuple(let items):
            out += "("
            let end = items.count == 1 ? ",)" : ")"
            Self.formatItems(items.map { ("", $0) }, into: &out, indent: indent, allowance: allowance + end.count)
            out += end
        case .dictionary(let items):
            out += "{"
            Self.formatItems(items.map { ($0.0 + ": ", $0.1) }, into: &out, indent: indent, allowance: allowance + 1)
            out += "}"
        }
    }

    /// Python's `_format_items` / `_format_params_or_dict_items` in compact mode; `prefix` is
    /// `key=` for parameters and `key: ` for dictionary items.
    private static func formatItems(_ items: [(prefix: String, node: ReprNode)], into out: inout String, indent: Int, allowance: Int) {
        let indent = indent + 1
        let newline = ",\n" + String(repeating: " ", count: indent)
        var delimiter = ""
        var maxWidth = width - indent + 1
        var room = maxWidth
        for (i, item) in items.enumerated() {
            let last = i == items.count - 1
            if last { maxWidth -= allowance; room -= allowance }
            let rep = item.prefix + item.node.flat
            let w = rep.count + 2
            if room < w {
                room = maxWidth
                if !delimiter.isEmpty { delimiter = newline }
            }
            if room >= w {
                room -= w
                out += delimiter + rep
                delimiter = ", "
                continue
            }
            out += delimiter
            delimiter = newline
            out += item.prefix
            item.node.format(into: &out, indent: indent + item.prefix.count, allowance: last ? allowance : 1)
        }
    }
}

/// A composite estimator that prints its parts (Pipeline, ColumnTransformer).
protocol ReprNodeConvertible {
    var reprNode: ReprNode { get }
}

/// `value`'s printed tree: its own for composites, otherwise `Name(changed params)`; the one
/// implementation behind ``HyperparameterSettable/parameterDescription``.
func reprNode(of value: any HyperparameterSettable) -> ReprNode {
    if let composite = value as? any ReprNodeConvertible { return composite.reprNode }
    let defaults = type(of: value).defaultParams
    let changed = value.params.filter { defaults[$0.key] != $0.value }.sorted { $0.key < $1.key }
    return .estimator(name: type(of: value).typeName, params: changed.map { ($0.key, $0.value.reprNode) })
}

extension ParameterValue {
    /// The value's printed tree: tuples and dictionaries can be split inside, the rest are atoms.
    var reprNode: ReprNode {
        switch self {
        case .ints(let v): return .tuple(v.map { .atom(String($0)) })
        case .doubles(let v): return .tuple(v.map { .atom(pythonRepr($0)) })
        case .dictionary(let d): return .dictionary(d.keys.sorted().map { ($0.description, (d[$0] ?? .none).reprNode) })
        case .int, .double, .bool, .string, .none: return .atom(description)
        }
    }
}
