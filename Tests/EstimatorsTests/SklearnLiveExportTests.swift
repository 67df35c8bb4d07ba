import Datasets
import Foundation
import Testing
import TensorCore
@testable import Estimators

/// Writes what our Perceptron, cross-validation splitters and metrics compute into
/// `$SWIFTLEARN_SKLEARN_OUT/swiftlearn.json`, for `Interop/check_sklearn_live.py` to recompute with
/// the real scikit-learn on the same inputs (scripts/interop runs both). Skipped unless
/// `SWIFTLEARN_SKLEARN_OUT` names a folder.
///
/// Every input is a Float32 value written as a Double, so scikit-learn sees exactly our numbers.
/// The file holds three lists: `perceptron` (shuffle off: params in scikit-learn's names, x, y,
/// sample weights, our coef_, intercept_, n_iter_, decision_function and predict), `splits`
/// (KFold, StratifiedKFold, GroupKFold unshuffled and GroupKFold seeded: our train/test index
/// sets; ShuffleSplit: our sets, whose sizes and disjointness are checked, since our shuffling is
/// not NumPy's stream) and `metrics` (random inputs, our value).
@Suite struct SklearnLiveExport {
    @Test func writesValuesForSklearnToCheck() throws {
        guard let out = ProcessInfo.processInfo.environment["SWIFTLEARN_SKLEARN_OUT"], !out.isEmpty else { return }
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = LiveJSON.object([
            ("perceptron", .array(try Self.perceptronCases())),
            ("splits", .array(try Self.splitCases())),
            ("metrics", .array(try LiveMetricCases.all())),
        ])
        try Data(root.text.utf8).write(to: folder.appendingPathComponent("swiftlearn.json"))
    }

    /// Perceptron fits with shuffle off on iris (Fixtures/data/iris.csv) and random blobs.
    static func perceptronCases() throws -> [LiveJSON] {
        let (petals, setosa, table) = try PerceptronExampleTests.iris()
        let names = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
        let columns = try names.map { try table.column($0).scalars }
        let all = try Tensor(shape: [150, 4], scalars: (0..<150).flatMap { i in columns.map { $0[i] } })
        let species = try table.column("target")
        var g = SeededGenerator(seed: 7_001)
        let (blobs2, labels2) = try blobs(&g, centers: [[0, 0, 1], [2, 1.5, 0]], perClass: 30)
        let (blobs3, labels3) = try blobs(&g, centers: [[0, 0], [3, 0], [1.5, 2.5]], perClass: 20)
        let weights2 = Tensor((0..<60).map { _ in g.nextUniform(0.2, 2) })
        let problems: [(String, Tensor, Tensor, Tensor?, Perceptron, [(String, LiveJSON)])] = [
            ("iris_petal_setosa", petals, setosa, nil, Perceptron(shuffle: false), []),
            ("iris_all_species", all, species, nil, Perceptron(shuffle: false), []),
            ("iris_petal_species_no_intercept", petals, species, nil,
             Perceptron(eta0: 0.1, maxIter: 20, tol: nil, shuffle: false, fitIntercept: false),
             [("eta0", .double(0.1)), ("max_iter", .int(20)), ("tol", .null), ("fit_intercept", .bool(false))]),
            ("blobs_binary_weighted_l2", blobs2, labels2, weights2,
             Perceptron(eta0: 0.5, shuffle: false, penalty: .l2, alpha: 0.001),
             [("eta0", .double(0.5)), ("penalty", .string("l2")), ("alpha", .double(0.001))]),
            ("blobs_multiclass_balanced", blobs3, labels3, nil,
             Perceptron(shuffle: false, classWeight: .balanced), [("class_weight", .string("balanced"))]),
        ]
        return try problems.map { name, x, y, w, estimator, params in
            let model = try estimator.fit(x, y, sampleWeight: w)
            return .object([
                ("name", .string(name)), ("params", .object([("shuffle", .bool(false))] + params)),
                ("x", .floats(x.scalars)), ("shape", .ints(x.shape)), ("y", .floats(y.scalars)),
                ("sample_weight", w.map { .floats($0.scalars) } ?? .null),
                ("coef", .array(model.coefficients.map { .doubles($0) })), ("intercept", .doubles(model.intercepts)),
                ("n_iter", .int(model.iterationCount)), ("classes", .floats(model.classes)),
                ("decision_function", .floats(try model.decisionFunction(x).scalars)),
                ("predict", .floats(try model.predict(x).scalars)),
            ])
        }
    }

    /// Gaussian blobs (sd 0.7) around `centers`, `perClass` rows each, labels 0, 1, ...
    static func blobs(_ g: inout SeededGenerator, centers: [[Float]], perClass: Int) throws -> (Tensor, Tensor) {
        var x: [Float] = [], y: [Float] = []
        for (label, center) in centers.enumerated() {
            for _ in 0..<perClass {
                x += center.map { $0 + 0.7 * g.nextNormal() }
                y.append(Float(label))
            }
        }
        return (try Tensor(shape: [y.count, centers[0].count], scalars: x), Tensor(y))
    }

    static func folds(_ splits: [TrainTestIndices]) -> LiveJSON {
        .array(splits.map { .object([("train", .ints($0.train)), ("test", .ints($0.test))]) })
    }

    /// Unshuffled KFold / StratifiedKFold / GroupKFold, seeded GroupKFold, and ShuffleSplit sizes.
    static func splitCases() throws -> [LiveJSON] {
        var cases: [LiveJSON] = []
        var g = SeededGenerator(seed: 7_002)
        for (n, k) in [(10, 3), (11, 4), (7, 7), (23, 5), (100, 10), (31, 2)] {
            cases.append(.object([("kind", .string("KFold")), ("n", .int(n)), ("n_splits", .int(k)),
                                  ("folds", folds(try KFold(nSplits: k).splits(sampleCount: n)))]))
        }
        for (n, classes, k) in [(12, 2, 3), (25, 3, 4), (40, 4, 5), (17, 2, 2), (60, 5, 3)] {
            // Every class gets at least k members (ours refuses fewer; scikit-learn only warns).
            var labels = (0..<n).map { Float($0 < classes * k ? $0 % classes : g.nextInt(below: classes)) }
            labels.shuffle(using: &g)
            let folds = folds(try StratifiedKFold(nSplits: k).splits(sampleCount: n, y: Tensor(labels)))
            cases.append(.object([("kind", .string("StratifiedKFold")), ("n", .int(n)), ("n_splits", .int(k)),
                                  ("y", .floats(labels)), ("folds", folds)]))
        }
        for (n, groupCount, k, seed) in [(20, 6, 3, nil), (30, 10, 4, nil), (15, 5, 5, nil), (40, 12, 3, UInt64?(0)), (25, 8, 4, 5)] {
            let groups = (0..<n).map { $0 < groupCount ? $0 : g.nextInt(below: groupCount) }
            let splitter = GroupKFold(nSplits: k, groups: groups, shuffle: seed != nil, randomState: seed)
            cases.append(.object([("kind", .string("GroupKFold")), ("n", .int(n)), ("n_splits", .int(k)), ("groups", .ints(groups)),
                                  ("shuffle", .bool(seed != nil)), ("random_state", seed.map { .int(Int($0)) } ?? .null),
                                  ("folds", folds(try splitter.splits(sampleCount: n)))]))
        }
        let sizes: [(Int, SplitSize?, SplitSize?)] = [(10, nil, nil), (10, 0.25, nil), (23, 3, nil), (23, 0.3, 0.5),
                                                      (50, nil, 0.6), (50, nil, 17), (7, 0.5, 2)]
        func size(_ s: SplitSize?) -> LiveJSON {
            switch s {
            case .fraction(let f)?: return .double(f)
            case .count(let c)?: return .int(c)
            case nil: return .null
            }
        }
        for (n, test, train) in sizes {
            let splits = try ShuffleSplit(nSplits: 3, testSize: test, trainSize: train, randomState: 0).splits(sampleCount: n)
            cases.append(.object([("kind", .string("ShuffleSplit")), ("n", .int(n)), ("n_splits", .int(3)),
                                  ("test_size", size(test)), ("train_size", size(train)), ("folds", folds(splits))]))
        }
        return cases
    }
}

/// A JSON value written with Swift's shortest round-trip number text (NaN and ±Infinity as
/// Python's `json` module reads them), so Doubles reach Python exactly.
indirect enum LiveJSON {
    case int(Int), double(Double), string(String), bool(Bool), null
    case array([LiveJSON]), object([(String, LiveJSON)])

    static func doubles(_ v: [Double]) -> LiveJSON { .array(v.map { .double($0) }) }
    static func floats(_ v: [Float]) -> LiveJSON { .array(v.map { .double(Double($0)) }) }
    static func ints(_ v: [Int]) -> LiveJSON { .array(v.map { .int($0) }) }

    var text: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v):
            if v.isNaN { return "NaN" }
            if v.isInfinite { return v > 0 ? "Infinity" : "-Infinity" }
            return "\(v)"
        case .string(let s):
            let escaped = s.unicodeScalars.map { c -> String in
                switch c {
                case "\"": return "\\\""
                case "\\": return "\\\\"
                case "\n": return "\\n"
                default: return c.value < 0x20 ? String(format: "\\u%04x", c.value) : String(c)
                }
            }.joined()
            return "\"\(escaped)\""
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let a): return "[" + a.map(\.text).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.map { LiveJSON.string($0.0).text + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }
}
