import Foundation
import TensorCore

/// The values real Keras 3 computed, written by `Interop/make_fixtures.py`.
struct KerasFixtures: @unchecked Sendable {
    let root: [String: Any]

    /// `Fixtures/keras/numerics.json` (Interop/make_fixtures.py).
    static let shared = KerasFixtures(file: "numerics.json")
    /// `Fixtures/keras/fit.json` (Interop/make_fit_fixtures.py).
    static let fit = KerasFixtures(file: "fit.json")

    init(root: [String: Any]) { self.root = root }

    init(file: String) {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keras").appendingPathComponent(file)
        // The fixtures are committed; a missing or broken file is a test failure, not a crash.
        let data = (try? Data(contentsOf: url)) ?? Data("{}".utf8)
        self.init(root: (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    func object(_ path: String...) -> [String: Any] {
        var node: Any = root
        for key in path { node = (node as? [String: Any])?[key] ?? [:] }
        return node as? [String: Any] ?? [:]
    }
}

func floats(_ value: Any?) -> [Float] {
    (value as? [Any])?.compactMap { ($0 as? NSNumber)?.floatValue } ?? []
}

func ints(_ value: Any?) -> [Int] {
    (value as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } ?? []
}

func tensor(_ values: Any?, shape: Any?) throws -> Tensor {
    try Tensor(shape: ints(shape), scalars: floats(values))
}

/// Largest absolute difference, or infinity when the sizes differ or both are empty.
func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    let gaps = zip(a, b).map { abs($0 - $1) }
    return gaps.contains(where: \.isNaN) ? .infinity : gaps.max() ?? .infinity // a NaN is a mismatch
}

/// Largest `|a − b| / max(1, |b|)` (absolute below 1, relative above), or infinity when the
/// sizes differ or both are empty.
func maxScaledDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    let gaps = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }
    return gaps.contains(where: \.isNaN) ? .infinity : gaps.max() ?? .infinity // a NaN is a mismatch
}
