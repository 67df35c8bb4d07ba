import Foundation
import TensorCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much `fit`, `evaluate` and `predict` print (Keras' `verbose`): 0, 1 or 2.
///
/// Write `.silent`, `.progressBar`, `.oneLinePerEpoch`, or Keras' integers (`verbose: 0`).
/// Only 0, 1 and 2 are valid: another value (`verbose: 7`) makes `fit`, `evaluate` and `predict`
/// throw, and ``init(level:)`` throws for it at once.
public struct Verbosity: Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// Keras' level: 0, 1 or 2 when valid.
    public let level: Int

    /// Nothing.
    public static let silent = Verbosity(unchecked: 0)
    /// A progress bar with ETA and running metrics (redrawn on a terminal, one line per epoch otherwise).
    public static let progressBar = Verbosity(unchecked: 1)
    /// One line per epoch.
    public static let oneLinePerEpoch = Verbosity(unchecked: 2)

    private init(unchecked level: Int) { self.level = level }

    /// A literal is checked when it is used (`fit` throws for anything but 0, 1, 2).
    public init(integerLiteral value: Int) { level = value }

    /// The verbosity of Keras' `verbose=level`; throws unless `level` is 0, 1 or 2.
    public init(level: Int) throws {
        self.level = level
        try validate(context: "Verbosity")
    }

    /// Throws unless the level is 0, 1 or 2.
    func validate(context: String) throws {
        guard (0...2).contains(level) else {
            throw SwiftLearnError.invalidArgument("\(context): verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), received \(level)")
        }
    }

    public var description: String { "\(level)" }
}

/// Keras 3's progress bar: `1719/1719 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: 0.8 - loss: 0.5`.
///
/// On a terminal it redraws at most every 50 ms, so it costs nothing measurable per step;
/// elsewhere it prints only the final line.
final class ProgressBar {
    let target: Int
    let verbosity: Verbosity
    let dynamic: Bool
    let start = Date()
    var lastRender = Date.distantPast
    static let width = 20

    init(target: Int, verbosity: Verbosity) {
        self.target = target
        self.verbosity = verbosity
        self.dynamic = verbosity == .progressBar && isatty(1) == 1
    }

    /// Reports that `step` of `target` steps are done, with the current logs.
    func update(_ step: Int, logs: @autoclosure () -> Logs) {
        guard verbosity == .progressBar, dynamic, step < target else { return }
        let now = Date()
        guard now.timeIntervalSince(lastRender) >= 0.05 else { return }
        lastRender = now
        let elapsed = now.timeIntervalSince(start)
        let eta = step > 0 ? elapsed / Double(step) * Double(target - step) : 0
        write("\r" + line(step, time: ProgressBar.formatDuration(eta), perStep: nil, logs: logs()) + "\u{1B}[K")
    }

    /// Prints the final line for this bar.
    func finish(logs: Logs) {
        guard verbosity != .silent else { return }
        let elapsed = Date().timeIntervalSince(start)
        let perStep = ProgressBar.formatPerStep(elapsed / Double(max(target, 1)))
        if verbosity == .progressBar {
            write((dynamic ? "\r" : "") + line(target, time: ProgressBar.formatDuration(elapsed), perStep: perStep, logs: logs) + (dynamic ? "\u{1B}[K" : "") + "\n")
        } else {
            let metrics = ProgressBar.formatLogs(logs)
            write("\(target)/\(target) - \(ProgressBar.formatDuration(elapsed)) - \(perStep)\(metrics)\n")
        }
    }

    private func line(_ step: Int, time: String, perStep: String?, logs: Logs) -> String {
        let digits = String(target).count
        let count = String(repeating: " ", count: max(0, digits - String(step).count)) + "\(step)/\(target)"
        let filled = target > 0 ? Int(Double(ProgressBar.width) * Double(step) / Double(target)) : ProgressBar.width
        let bar = dynamic
            ? "\u{1B}[1m" + String(repeating: "━", count: filled) + "\u{1B}[0m\u{1B}[2m" + String(repeating: "━", count: ProgressBar.width - filled) + "\u{1B}[0m"
            : String(repeating: "━", count: filled) + String(repeating: " ", count: ProgressBar.width - filled)
        return "\(count) \(bar) \(time)\(perStep.map { " " + $0 } ?? "")\(ProgressBar.formatLogs(logs))"
    }

    /// ` - accuracy: 0.8123 - loss: 0.5012`, training keys first then `val_` keys, each sorted.
    static func formatLogs(_ logs: Logs) -> String {
        let keys = logs.keys.sorted { a, b in
            let (va, vb) = (a.hasPrefix("val_"), b.hasPrefix("val_"))
            return va == vb ? a < b : !va
        }
        return keys.map { " - \($0): \(formatValue(logs[$0]!))" }.joined()
    }

    static func formatValue(_ v: Float) -> String {
        let a = abs(v)
        if a != 0 && (a < 1e-3 || a >= 1e4) { return String(format: "%.4e", v) }
        return String(format: "%.4f", v)
    }

    static func formatDuration(_ seconds: Double) -> String {
        if seconds >= 3600 { return String(format: "%d:%02d:%02d", Int(seconds) / 3600, Int(seconds) % 3600 / 60, Int(seconds) % 60) }
        if seconds >= 60 { return String(format: "%d:%02d", Int(seconds) / 60, Int(seconds) % 60) }
        return String(format: "%.0fs", seconds)
    }

    static func formatPerStep(_ seconds: Double) -> String {
        if seconds >= 1 { return String(format: "%.0fs/step", seconds) }
        if seconds >= 1e-3 { return String(format: "%.0fms/step", seconds * 1e3) }
        return String(format: "%.0fus/step", seconds * 1e6)
    }

    private func write(_ s: String) {
        Console.write(s)
    }
}

/// Writes to standard output through the C stream, flushing at once, so library output and
/// `print` never interleave out of order.
public enum Console {
    public static func write(_ s: String) {
        print(s, terminator: "")
        fflush(nil)
    }
}
