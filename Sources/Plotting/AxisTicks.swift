import Foundation

/// Tick positions for a numeric axis: "nice" steps (1, 2, 2.5 or 5 times a power of ten) covering
/// a data range, as matplotlib's default locator picks them.
struct AxisTicks: Equatable {
    /// The axis limits: the first and last tick, which enclose the data.
    var lower: Double
    var upper: Double
    /// The distance between ticks.
    var step: Double

    /// Ticks enclosing `[low, high]` with about `target` intervals. A zero-width range is widened
    /// around its value (by 1 around 0, else by a tenth of its magnitude).
    init(low: Double, high: Double, target: Int = 8) {
        var low = low, high = high
        if high - low <= abs(high) * 1e-9 || high - low < 1e-30 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad; high += pad
        }
        let raw = (high - low) / Double(max(target, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
        self.step = step
        lower = floor(low / step + 1e-9) * step
        upper = ceil(high / step - 1e-9) * step
    }

    /// The tick values from ``lower`` to ``upper``.
    var values: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...max(count, 0)).map { lower + Double($0) * step }
    }

    /// The decimals a label needs to show ``step`` exactly (0 for whole steps, 1 for 0.5, 2 for 0.25...).
    var decimals: Int {
        var d = 0
        while d < 10 && abs((step * pow(10, Double(d))).rounded() - step * pow(10, Double(d))) > 1e-6 * step * pow(10, Double(d)) { d += 1 }
        return d
    }

    /// A tick value as text with ``decimals`` decimals (no "-0").
    func label(_ value: Double) -> String {
        let text = String(format: "%.\(decimals)f", abs(value) < step * 1e-6 ? 0 : value)
        return text
    }
}
