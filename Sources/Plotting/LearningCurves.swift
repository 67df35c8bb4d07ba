import CCairo
import Foundation
import NeuralNet
import TensorCore

/// One curve of a learning-curve picture: a history key and its points.
struct CurveSeries {
    var key: String
    var validation: Bool
    var color: (Double, Double, Double)
    var points: [(x: Double, y: Double)]
}

/// The curves of a ``History`` laid out for drawing: loss first, then every metric in name order,
/// each in its own colour, the training curve dashed and the validation curve solid with dots
/// (the chapter's `style=["r--", "r--.", "b-", "b-*"]` idea, with one colour per quantity).
///
/// The validation values are measured at the end of each epoch and sit at `epoch + 1` (epochs
/// numbered from 1 as Keras prints them); the training values are running means over the epoch,
/// so, as the chapter says, their curve is shifted left by half an epoch, to `epoch + 0.5`.
struct LearningCurves {
    /// matplotlib's "tab10" colours.
    static let palette: [(Double, Double, Double)] = [
        (0.122, 0.467, 0.706), (1.000, 0.498, 0.055), (0.173, 0.627, 0.173), (0.839, 0.153, 0.157),
        (0.580, 0.404, 0.741), (0.549, 0.337, 0.294), (0.890, 0.467, 0.761), (0.498, 0.498, 0.498),
        (0.737, 0.741, 0.133), (0.090, 0.745, 0.812),
    ]

    var series: [CurveSeries] = []
    var xRange: (Double, Double)
    var yTicks: AxisTicks

    init(_ history: History, context: String) throws {
        guard let first = history.epoch.first, let last = history.epoch.last else {
            throw SwiftLearnError.invalidArgument("\(context): the history is empty (no epochs recorded); train with fit first")
        }
        let bases = Set(history.history.keys.map { $0.hasPrefix("val_") ? String($0.dropFirst(4)) : $0 })
        let ordered = bases.sorted { a, b in a == "loss" ? b != "loss" : (b == "loss" ? false : a < b) }
        var low = Double.infinity, high = -Double.infinity
        for (i, base) in ordered.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            for validation in [false, true] {
                let key = validation ? "val_" + base : base
                guard let values = history.history[key] else { continue }
                let shift = validation ? 1.0 : 0.5
                var points: [(x: Double, y: Double)] = []
                for (row, e) in history.epoch.enumerated() where row < values.count {
                    let y = Double(values[row])
                    points.append((Double(e) + shift, y))
                    if y.isFinite { low = min(low, y); high = max(high, y) }
                }
                series.append(CurveSeries(key: key, validation: validation, color: color, points: points))
            }
        }
        guard low <= high else {
            throw SwiftLearnError.invalidArgument("\(context): the history has no finite values to plot (keys: \(history.history.keys.sorted()))")
        }
        xRange = (Double(first), Double(last) + 1)
        yTicks = AxisTicks(low: low, high: high)
    }

    /// Whole-epoch ticks on the x axis, about 10 of them.
    var xTickValues: [Double] {
        let span = xRange.1 - xRange.0
        let step = max(1, AxisTicks(low: 0, high: span, target: 10).step.rounded(.up))
        var values: [Double] = []
        var x = (xRange.0 / step).rounded(.up) * step
        while x <= xRange.1 + 1e-9 { values.append(x); x += step }
        return values
    }

    /// Draws the whole picture: background, title, grid, axes, ticks, curves and legend.
    func draw(on canvas: CairoCanvas, title: String) {
        let w = Double(canvas.width), h = Double(canvas.height)
        let scale = min(w / 800, h / 500)
        let left = 72 * scale, right = w - 20 * scale, top = 44 * scale, bottom = h - 56 * scale
        // A little room on both sides so the first and last dots are not cut by the frame.
        let margin = max(xRange.1 - xRange.0, 1) * 0.02
        let (x0, x1) = (xRange.0 - margin, xRange.1 + margin)
        let px = { (x: Double) in left + (x - x0) / (x1 - x0) * (right - left) }
        let py = { (y: Double) in bottom - (y - yTicks.lower) / (yTicks.upper - yTicks.lower) * (bottom - top) }

        canvas.color((1, 1, 1)); cairo_paint(canvas.cr)
        canvas.color((0.1, 0.1, 0.1)); canvas.font(size: 18 * scale, bold: true)
        canvas.text(title, at: w / 2, 22 * scale, align: 0.5)

        // Gridlines and tick labels.
        canvas.dash([]); canvas.font(size: 12 * scale)
        for y in yTicks.values {
            canvas.color((0.88, 0.88, 0.88)); canvas.line(from: (left, py(y)), to: (right, py(y)), width: 1)
            canvas.color((0.2, 0.2, 0.2)); canvas.line(from: (left - 5 * scale, py(y)), to: (left, py(y)), width: 1)
            canvas.text(yTicks.label(y), at: left - 8 * scale, py(y), align: 1)
        }
        for x in xTickValues {
            canvas.color((0.88, 0.88, 0.88)); canvas.line(from: (px(x), top), to: (px(x), bottom), width: 1)
            canvas.color((0.2, 0.2, 0.2)); canvas.line(from: (px(x), bottom), to: (px(x), bottom + 5 * scale), width: 1)
            canvas.text(String(Int(x)), at: px(x), bottom + 16 * scale, align: 0.5)
        }
        canvas.font(size: 14 * scale)
        canvas.text("Epoch", at: (left + right) / 2, h - 16 * scale, align: 0.5)
        canvas.text("Value", at: 18 * scale, (top + bottom) / 2, align: 0.5, angle: -Double.pi / 2)
        canvas.color((0.2, 0.2, 0.2))
        cairo_set_line_width(canvas.cr, 1.2)
        cairo_rectangle(canvas.cr, left, top, right - left, bottom - top); cairo_stroke(canvas.cr)

        // Curves, clipped to the plot area.
        cairo_save(canvas.cr)
        cairo_rectangle(canvas.cr, left, top, right - left, bottom - top); cairo_clip(canvas.cr)
        cairo_set_line_join(canvas.cr, CAIRO_LINE_JOIN_ROUND)
        for s in series {
            canvas.color(s.color)
            canvas.dash(s.validation ? [] : [7 * scale, 4 * scale])
            cairo_set_line_width(canvas.cr, 2 * scale)
            var drawing = false
            for p in s.points {
                guard p.y.isFinite else { drawing = false; continue }
                if drawing { cairo_line_to(canvas.cr, px(p.x), py(p.y)) } else { cairo_move_to(canvas.cr, px(p.x), py(p.y)) }
                drawing = true
            }
            cairo_stroke(canvas.cr)
            let finite = s.points.filter { $0.y.isFinite }
            if s.validation || finite.count == 1 {
                for p in finite {
                    cairo_arc(canvas.cr, px(p.x), py(p.y), 3 * scale, 0, 2 * Double.pi); cairo_fill(canvas.cr)
                }
            }
        }
        cairo_restore(canvas.cr)
        drawLegend(on: canvas, plot: (left, top, right, bottom), px: px, py: py, scale: scale)
    }

    /// The legend, in whichever corner of the plot covers the fewest points (upper right on ties).
    private func drawLegend(on canvas: CairoCanvas, plot: (Double, Double, Double, Double),
                            px: (Double) -> Double, py: (Double) -> Double, scale: Double) {
        canvas.font(size: 12 * scale)
        let rowHeight = 18 * scale, sample = 28 * scale, pad = 8 * scale
        let boxWidth = pad * 3 + sample + (series.map { canvas.textWidth($0.key) }.max() ?? 0)
        let boxHeight = pad * 2 + rowHeight * Double(series.count)
        let (left, top, right, bottom) = plot
        let corners = [(right - boxWidth - pad, top + pad), (left + pad, top + pad),
                       (right - boxWidth - pad, bottom - boxHeight - pad), (left + pad, bottom - boxHeight - pad)]
        let covered = corners.map { c in
            series.reduce(0) { n, s in
                n + s.points.filter { p in
                    p.y.isFinite && (c.0...(c.0 + boxWidth)).contains(px(p.x)) && (c.1...(c.1 + boxHeight)).contains(py(p.y))
                }.count
            }
        }
        let best = corners[covered.firstIndex(of: covered.min() ?? 0) ?? 0]
        cairo_rectangle(canvas.cr, best.0, best.1, boxWidth, boxHeight)
        canvas.color((1, 1, 1), alpha: 0.9); cairo_fill_preserve(canvas.cr)
        canvas.dash([]); canvas.color((0.7, 0.7, 0.7)); cairo_set_line_width(canvas.cr, 1); cairo_stroke(canvas.cr)
        for (i, s) in series.enumerated() {
            let y = best.1 + pad + rowHeight * (Double(i) + 0.5), x = best.0 + pad
            canvas.color(s.color)
            canvas.dash(s.validation ? [] : [7 * scale, 4 * scale])
            canvas.line(from: (x, y), to: (x + sample, y), width: 2 * scale)
            if s.validation { cairo_arc(canvas.cr, x + sample / 2, y, 3 * scale, 0, 2 * Double.pi); cairo_fill(canvas.cr) }
            canvas.color((0.1, 0.1, 0.1))
            canvas.text(s.key, at: x + sample + pad, y)
        }
        canvas.dash([])
    }
}

extension History {
    /// Draws the learning curves (loss and every metric, training and validation) and writes them
    /// to `path` as PNG or SVG, chosen by its extension — the chapter's
    /// `pd.DataFrame(history.history).plot(figsize=(8, 5), grid=True, xlabel="Epoch")`.
    ///
    /// Training curves are dashed and shifted left by half an epoch (their values are means over
    /// the epoch); validation curves are solid with a dot per epoch, in the same colour. The file
    /// is written atomically (a temporary file, then a rename).
    /// - Throws: ``SwiftLearnError/invalidArgument(_:)`` for an empty history, an extension other
    ///   than `.png`/`.svg` or a bad size; ``SwiftLearnError/io(_:)`` when the file can't be written.
    public func plot(to path: String, width: Int = 800, height: Int = 500, title: String = "Learning curves") throws {
        let format = try PlotFormat(path: path, context: "History.plot(to:)")
        let data = try plotData(format: format, width: width, height: height, title: title)
        try writeAtomically(data, to: path, context: "History.plot(to:)")
    }

    /// The learning-curve picture as PNG or SVG bytes (see ``plot(to:width:height:title:)``).
    public func plotData(format: PlotFormat, width: Int = 800, height: Int = 500, title: String = "Learning curves") throws -> Data {
        let curves = try LearningCurves(self, context: "History.plot")
        let canvas = try CairoCanvas(width: width, height: height, format: format)
        curves.draw(on: canvas, title: title)
        return try canvas.finish()
    }
}
