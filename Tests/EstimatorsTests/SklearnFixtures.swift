import Foundation
import TensorCore

/// The values real scikit-learn computed, written by `Interop/make_sklearn_fixtures.py`.
struct SklearnFixtures: @unchecked Sendable {
    let root: [String: Any]

    /// `Fixtures/sklearn/estimators.json`.
    static let shared = SklearnFixtures()

    init() {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sklearn/estimators.json")
        // The fixture is committed; a missing or broken file fails the tests (empty lists), not a crash.
        let data = (try? Data(contentsOf: url)) ?? Data("{}".utf8)
        root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    func list(_ key: String) -> [[String: Any]] {
        root[key] as? [[String: Any]] ?? []
    }
}

func doubles(_ value: Any?) -> [Double] {
    (value as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? []
}

func floats(_ value: Any?) -> [Float] {
    doubles(value).map(Float.init)
}

func ints(_ value: Any?) -> [Int] {
    (value as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } ?? []
}

/// A tensor of `values` with `shape` (or rank 1 when `shape` is nil).
func tensor(_ values: Any?, shape: Any? = nil) throws -> Tensor {
    let v = floats(values)
    let s = ints(shape)
    return try Tensor(shape: s.isEmpty ? [v.count] : s, scalars: v)
}

func optionalTensor(_ values: Any?) throws -> Tensor? {
    values is NSNull || values == nil ? nil : try tensor(values)
}

/// `|a − b| ≤ tol·max(1, |b|)`, with NaN equal to NaN.
func close(_ a: Double, _ b: Double, _ tol: Double = 1e-12) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    return abs(a - b) <= tol * max(1, abs(b))
}
