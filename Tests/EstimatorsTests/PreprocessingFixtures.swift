import Foundation
import TensorCore

/// `Fixtures/sklearn/preprocessing.json`, written by `Interop/make_prep_fixtures.py` with real
/// scikit-learn 1.9.1: transformer outputs, inverses and fitted attributes on small inputs.
struct PreprocessingFixtures: @unchecked Sendable {
    let root: [String: Any]

    static let shared = PreprocessingFixtures()

    init() {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sklearn/preprocessing.json")
        // A missing or broken fixture gives empty lists, which the count checks turn into failures.
        let data = (try? Data(contentsOf: url)) ?? Data("{}".utf8)
        root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// The transformer cases of one scikit-learn class.
    func cases(_ kind: String) -> [[String: Any]] {
        (root["transformers"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == kind }
    }
}

/// Numbers with JSON `null` read as NaN (how the fixture writes missing values).
func nanDoubles(_ value: Any?) -> [Double] {
    (value as? [Any])?.map { ($0 as? NSNumber)?.doubleValue ?? .nan } ?? []
}

/// A `{"shape": [...], "values": [...]}` fixture matrix as a Tensor.
func fixtureMatrix(_ value: Any?) throws -> Tensor {
    let m = value as? [String: Any] ?? [:]
    return try Tensor(shape: ints(m["shape"]), scalars: nanDoubles(m["values"]).map(Float.init))
}

/// The values of a fixture matrix, NaN for null.
func fixtureValues(_ value: Any?) -> [Double] {
    nanDoubles((value as? [String: Any])?["values"])
}

/// Element-wise closeness of a Float32 result to scikit-learn's Float64 value (NaN equals NaN):
/// |a − b| ≤ tol · max(1, |b|).
func allClose(_ got: [Float], _ expected: [Double], _ tol: Double = 1e-6) -> Bool {
    got.count == expected.count && zip(got, expected).allSatisfy { close(Double($0), $1, tol) }
}

func allClose(_ got: [Double], _ expected: [Double], _ tol: Double = 1e-6) -> Bool {
    got.count == expected.count && zip(got, expected).allSatisfy { close($0, $1, tol) }
}
