import TensorCore

extension Model {
    /// The Keras 3 style summary table: each layer's name, type, output shape and parameter count,
    /// then the totals.
    public func summaryText() -> String {
        // Each row: layer (type), output shape, parameter count, and for functional models the
        // tensors it is connected to (Keras' "Connected to" column), one per line.
        var rows: [[String]]
        var header = ["Layer (type)", "Output Shape", "Param #"]
        var minimums = [31, 22, 13]
        if let graph {
            header.append("Connected to")
            minimums = [19, 17, 10, 17]
            let calls = graph.inputs.map(\.node) + graph.nodes
            rows = graph.layers.map { layer in
                let mine = calls.filter { $0.layer === layer }
                let shape = mine.first.map { formatShape($0.outputShape) } ?? "?"
                let connected = mine.flatMap(\.inputs).map { "\($0.node.layer.name)[\($0.node.index)][0]" }
                let links = connected.isEmpty ? "-" : connected.joined(separator: ",\n")
                return ["\(layer.name) (\(layer.className))", shape, grouped(layer.parameterCount), links]
            }
        } else {
            let outputShapes = (self as? Sequential)?.layerOutputShapes()
            rows = layers.enumerated().map { i, layer in
                let shape = outputShapes.map { formatShape($0[i]) } ?? (layer.isBuilt ? "?" : "(unbuilt)")
                return ["\(layer.name) (\(layer.className))", shape, layer.isBuilt ? grouped(layer.parameterCount) : "0 (unbuilt)"]
            }
        }
        let widths = header.indices.map { c in
            max(minimums[c], rows.flatMap { $0[c].split(separator: "\n").map(\.count) }.max() ?? 0)
        }
        func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return right ? fill + s : s + fill
        }
        func rule(_ l: String, _ m: String, _ r: String, _ c: String) -> String {
            l + widths.map { String(repeating: c, count: $0 + 2) }.joined(separator: m) + r
        }
        func line(_ cells: [String], _ bar: String) -> String {
            bar + " " + cells.enumerated().map { c, text in pad(text, widths[c], right: c == 2) }.joined(separator: " \(bar) ") + " " + bar
        }
        var lines = ["Model: \"\(name)\""]
        lines.append(rule("┏", "┳", "┓", "━"))
        lines.append(line(header, "┃"))
        lines.append(rule("┡", "╇", "┩", "━"))
        for (i, row) in rows.enumerated() {
            let cells = row.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            for k in 0..<(cells.map(\.count).max() ?? 1) {
                lines.append(line(cells.map { k < $0.count ? $0[k] : "" }, "│"))
            }
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
