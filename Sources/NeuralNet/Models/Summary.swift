import TensorCore

extension Model {
    /// The Keras 3 style summary table: each layer's name, type, output shape and parameter count,
    /// then the totals.
    public func summaryText() -> String {
        let outputShapes = (self as? Sequential)?.layerOutputShapes()
        let rows: [(String, String, String)] = layers.enumerated().map { i, layer in
            let shape = outputShapes.map { formatShape($0[i]) } ?? (layer.isBuilt ? "?" : "(unbuilt)")
            return ("\(layer.name) (\(layer.className))", shape, layer.isBuilt ? grouped(layer.parameterCount) : "0 (unbuilt)")
        }
        let widths = [max(31, rows.map(\.0.count).max() ?? 0), max(22, rows.map(\.1.count).max() ?? 0), max(13, rows.map(\.2.count).max() ?? 0)]
        func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return right ? fill + s : s + fill
        }
        func rule(_ l: String, _ m: String, _ r: String, _ c: String) -> String {
            l + widths.map { String(repeating: c, count: $0 + 2) }.joined(separator: m) + r
        }
        var lines = ["Model: \"\(name)\""]
        lines.append(rule("┏", "┳", "┓", "━"))
        lines.append("┃ \(pad("Layer (type)", widths[0])) ┃ \(pad("Output Shape", widths[1])) ┃ \(pad("Param #", widths[2], right: true)) ┃")
        lines.append(rule("┡", "╇", "┩", "━"))
        for (i, row) in rows.enumerated() {
            lines.append("│ \(pad(row.0, widths[0])) │ \(pad(row.1, widths[1])) │ \(pad(row.2, widths[2], right: true)) │")
            if i < rows.count - 1 { lines.append(rule("├", "┼", "┤", "─")) }
        }
        lines.append(rule("└", "┴", "┘", "─"))
        let total = parameterCount
        let trainable = trainableWeights.reduce(0) { $0 + $1.shape.reduce(1, *) }
        lines.append(" Total params: \(grouped(total)) (\(bytes(total)))")
        lines.append(" Trainable params: \(grouped(trainable)) (\(bytes(trainable)))")
        lines.append(" Non-trainable params: \(grouped(total - trainable)) (\(bytes(total - trainable)))")
        return lines.joined(separator: "\n")
    }

    /// Prints ``summaryText()``.
    public func summary() {
        Console.write(summaryText() + "\n")
    }
}

/// `235500` → `235,500`.
func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, d) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out += "," }
        out.append(d)
    }
    return out
}

/// Float32 parameter bytes as Keras prints them: `1.02 MB`, `0.00 B`.
func bytes(_ params: Int) -> String {
    let b = Double(params * 4)
    let units = ["B", "KB", "MB", "GB"]
    var value = b, unit = 0
    while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
    return String(format: "%.2f", value) + " " + units[unit]
}
