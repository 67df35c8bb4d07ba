import Foundation
import SwiftLearn

/// A search described in JSON for `swiftlearn search` (see docs/sharded-search.md):
///
/// ```json
/// {"estimator": "perceptron", "params": {"max_iter": 20},
///  "search": "grid", "param_grid": {"eta0": [0.01, 0.1, 1.0]},
///  "cv": {"kind": "stratified-kfold", "n_splits": 3, "shuffle": true, "random_state": 0},
///  "scoring": ["accuracy", "f1_macro"], "refit": "accuracy",
///  "data": "iris.csv", "target": "species", "seed": 42}
/// ```
///
/// Relative data paths are read from the spec file's folder. Numbers keep their JSON spelling
/// as Python's `json` does: `1` is an integer, `1.0` a float.
public struct SearchSpec: Sendable {
    /// The estimators a spec can name.
    public static let estimators = ["perceptron", "mlp-regressor", "mlp-classifier"]
    static let keys = ["estimator", "params", "search", "param_grid", "param_distributions", "n_iter", "cv", "scoring",
                       "refit", "return_train_score", "error_score", "data", "target", "targets", "seed", "scale"]

    public var estimator: String
    public var params: [String: ParameterValue]
    /// `"grid"` or `"random"`.
    public var kind: String
    public var paramGrids: [[String: [ParameterValue]]]
    public var paramDistributions: [String: ParameterDomain]
    public var nIter: Int
    public var cv: any CrossValidator
    public var scoring: [String]
    public var refit: String?
    public var returnTrainScore: Bool
    /// Standardize the features inside each fit: the search runs over
    /// `Pipeline(("standardscaler", StandardScaler()), ("<estimator type, lowercased>", estimator))`,
    /// so every parameter name carries the step prefix (`mlpclassifier__alpha`).
    public var scale: Bool
    /// `nil` means a failed trial fails the merge (`"error_score": "raise"`).
    public var errorScore: Double?
    /// The data file (resolved against the spec's folder), target column, `.npy` targets file.
    public var data: String
    public var target: String?
    public var targets: String?
    public var seed: UInt64
    /// The spec file, for messages.
    public var source: String

    /// Reads and checks the spec at `path`; every error names the file and the key.
    public init(contentsOf path: String) throws {
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SwiftLearnError.io("\(path): cannot read the search spec: \(fileErrorReason(error, path: path))")
        }
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: bytes)
                .keepingFractions(of: try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]))
        } catch {
            throw SwiftLearnError.invalidConfig("\(path): not valid JSON: \(error)")
        }
        try self.init(root, source: path)
    }

    init(_ root: JSONValue, source: String) throws {
        self.source = source
        func fail(_ key: String, _ what: String) -> SwiftLearnError { .invalidConfig("\(source): key '\(key)': \(what)") }
        guard case .object(let o) = root else { throw SwiftLearnError.invalidConfig("\(source): the spec must be a JSON object") }
        if let bad = o.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw fail(bad, "unknown key; the keys are \(Self.keys.joined(separator: ", "))")
        }
        func string(_ key: String) throws -> String? {
            guard let v = o[key] else { return nil }
            guard case .string(let s) = v else { throw fail(key, "expected a string, found \(v.kind)") }
            return s
        }
        func int(_ key: String) throws -> Int? {
            guard let v = o[key] else { return nil }
            guard case .int(let i) = v else { throw fail(key, "expected a whole number, found \(v.kind)") }
            return i
        }
        guard let name = try string("estimator") else { throw fail("estimator", "missing; one of \(Self.estimators.joined(separator: ", "))") }
        guard Self.estimators.contains(name) else {
            throw SwiftLearnError.unknownName("\(source): key 'estimator': unknown estimator '\(name)'; known: \(Self.estimators.joined(separator: ", "))")
        }
        estimator = name
        params = [:]
        if let p = o["params"] {
            guard case .object(let fixed) = p else { throw fail("params", "expected an object of parameter values, found \(p.kind)") }
            params = try Dictionary(uniqueKeysWithValues: fixed.map { name, v in
                (name, try v.parameterValue(fail("params", "parameter '\(name)': ")))
            })
        }
        kind = try string("search") ?? "grid"
        paramGrids = []
        paramDistributions = [:]
        nIter = try int("n_iter") ?? 10
        switch kind {
        case "grid":
            guard let g = o["param_grid"] else { throw fail("param_grid", "missing; a grid search needs {\"name\": [values...]} (or a list of such objects)") }
            let grids: [JSONValue]
            if case .array(let a) = g { grids = a } else { grids = [g] }
            paramGrids = try grids.map { grid in
                guard case .object(let axes) = grid else { throw fail("param_grid", "expected an object of value lists, found \(grid.kind)") }
                return try Dictionary(uniqueKeysWithValues: axes.map { name, v in
                    guard case .array(let values) = v else { throw fail("param_grid", "each parameter needs a list of values, found \(v.kind)") }
                    return (name, try values.map { try $0.parameterValue(fail("param_grid", "parameter '\(name)': ")) })
                })
            }
        case "random":
            guard case .object(let d)? = o["param_distributions"] else {
                throw fail("param_distributions", "missing or not an object; a random search needs {\"name\": [values] or {\"uniform\"|\"loguniform\"|\"randint\": [low, high]}}")
            }
            paramDistributions = try Dictionary(uniqueKeysWithValues: d.map { name, v in
                (name, try v.domain(fail("param_distributions", "parameter '\(name)': ")))
            })
        default:
            throw fail("search", "'\(kind)' is neither 'grid' nor 'random'")
        }
        cv = try Self.splitter(o["cv"], fail)
        switch o["scoring"] {
        case nil: scoring = []
        case .string(let s)?: scoring = [s]
        case .array(let a)?:
            scoring = try a.map { v in
                guard case .string(let s) = v else { throw fail("scoring", "expected scorer names, found \(v.kind)") }
                return s
            }
        case let v?: throw fail("scoring", "expected a scorer name or a list of names, found \(v.kind)")
        }
        refit = try string("refit")
        switch o["return_train_score"] {
        case nil: returnTrainScore = false
        case .bool(let b)?: returnTrainScore = b
        case let v?: throw fail("return_train_score", "expected true or false, found \(v.kind)")
        }
        switch o["error_score"] {
        case nil: errorScore = .nan
        case .string("raise")?: errorScore = nil
        case .string("nan")?: errorScore = .nan
        case .int(let i)?: errorScore = Double(i)
        case .double(let d)?: errorScore = d
        case let v?: throw fail("error_score", "expected a number, \"nan\" or \"raise\", found \(v.kind)")
        }
        switch o["scale"] {
        case nil: scale = false
        case .bool(let b)?: scale = b
        case let v?: throw fail("scale", "expected true or false, found \(v.kind)")
        }
        guard let data = try string("data") else { throw fail("data", "missing; the CSV or .npy file of samples") }
        let folder = URL(fileURLWithPath: source).deletingLastPathComponent()
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : folder.appendingPathComponent(p).path }
        self.data = resolve(data)
        target = try string("target")
        targets = try string("targets").map(resolve)
        let s = try int("seed") ?? 0
        guard s >= 0 else { throw fail("seed", "must be a whole number ≥ 0, found \(s)") }
        seed = UInt64(s)
    }

    /// `{"kind": "kfold"|"stratified-kfold", "n_splits": 5, "shuffle": false, "random_state": 0}`.
    private static func splitter(_ v: JSONValue?, _ fail: (String, String) -> SwiftLearnError) throws -> any CrossValidator {
        guard let v else { throw fail("cv", "missing; e.g. {\"kind\": \"kfold\", \"n_splits\": 5}") }
        guard case .object(let o) = v else { throw fail("cv", "expected an object, found \(v.kind)") }
        if let bad = o.keys.sorted().first(where: { !["kind", "n_splits", "shuffle", "random_state"].contains($0) }) {
            throw fail("cv", "unknown key '\(bad)'; the keys are kind, n_splits, shuffle, random_state")
        }
        var nSplits = 5, shuffle = false, randomState: UInt64?
        if let n = o["n_splits"] {
            guard case .int(let i) = n, i >= 2 else { throw fail("cv", "n_splits must be a whole number ≥ 2, found \(n.kind) \(n)") }
            nSplits = i
        }
        if let s = o["shuffle"] {
            guard case .bool(let b) = s else { throw fail("cv", "shuffle must be true or false, found \(s.kind)") }
            shuffle = b
        }
        if let r = o["random_state"] {
            guard case .int(let i) = r, i >= 0 else { throw fail("cv", "random_state must be a whole number ≥ 0, found \(r.kind)") }
            randomState = UInt64(i)
        }
        switch o["kind"] {
        case .string("kfold")?: return KFold(nSplits: nSplits, shuffle: shuffle, randomState: randomState)
        case .string("stratified-kfold")?: return StratifiedKFold(nSplits: nSplits, shuffle: shuffle, randomState: randomState)
        case let k: throw fail("cv", "kind \(k.map { "\($0)" } ?? "missing"): expected \"kfold\" or \"stratified-kfold\"")
        }
    }
}

/// A JSON value, keeping integers apart from other numbers.
enum JSONValue: Decodable, Sendable, CustomStringConvertible {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// `self` (decoded exactly by `JSONDecoder`, which reads `1.0` as an integer) with the numbers
    /// that `JSONSerialization` parsed as doubles (`1.0`) turned back into doubles, as Python reads them.
    func keepingFractions(of parsed: Any) -> JSONValue {
        switch self {
        case .int(let i):
            if let n = parsed as? NSNumber, String(cString: n.objCType) == "d" { return .double(Double(i)) }
            return self
        case .array(let a):
            let p = parsed as? [Any] ?? []
            return .array(a.enumerated().map { i, v in i < p.count ? v.keepingFractions(of: p[i]) : v })
        case .object(let o):
            let p = parsed as? [String: Any] ?? [:]
            return .object(Dictionary(uniqueKeysWithValues: o.map { k, v in (k, p[k].map { v.keepingFractions(of: $0) } ?? v) }))
        default:
            return self
        }
    }

    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a Bool"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .int(let i): return "\(i)"
        case .double(let d): return "\(d)"
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\"\($0)\": \(o[$0]?.description ?? "")" }.joined(separator: ", ") + "}"
        }
    }

    /// A hyperparameter value: number, Bool, string, null, a list of integers (a tuple of
    /// integers, `hidden_layer_sizes`), a list of numbers with at least one fraction (a tuple of
    /// floats, `feature_range`), or an object (a dictionary, `class_weight`; a key spelled as a
    /// whole number, `"0"`, becomes an integer key, as JSON keys are always strings).
    func parameterValue(_ context: SwiftLearnError) throws -> ParameterValue {
        switch self {
        case .null: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let a):
            let ints = a.compactMap { if case .int(let i) = $0 { return i } else { return nil } }
            if ints.count == a.count { return .ints(ints) }
            let numbers = a.compactMap { v -> Double? in
                switch v {
                case .int(let i): return Double(i)
                case .double(let d): return d
                default: return nil
                }
            }
            guard numbers.count == a.count else {
                throw SwiftLearnError.invalidConfig(context.message + "the list \(self) is not a list of numbers (a tuple of integers or floats)")
            }
            return .doubles(numbers)
        case .object(let o):
            var d: [ParameterKey: ParameterValue] = [:]
            for key in o.keys.sorted() {
                let value = try (o[key] ?? .null).parameterValue(context)
                let parameterKey = Int(key).map(ParameterKey.int) ?? .string(key)
                guard d[parameterKey] == nil else {
                    throw SwiftLearnError.invalidConfig(context.message + "the object \(self) names the key \(parameterKey) twice")
                }
                d[parameterKey] = value
            }
            return .dictionary(d)
        }
    }

    /// A random-search domain: a value list or `{"uniform"|"loguniform"|"randint": [low, high]}`.
    func domain(_ context: SwiftLearnError) throws -> ParameterDomain {
        switch self {
        case .array(let values): return .values(try values.map { try $0.parameterValue(context) })
        case .object(let o) where o.count == 1:
            let (name, bounds) = (o.keys.first ?? "", o.values.first ?? .null)
            switch (name, bounds) {
            case ("uniform", .array(let b)) where b.count == 2:
                return .uniform(try b[0].parameterValue(context).double(for: name), try b[1].parameterValue(context).double(for: name))
            case ("loguniform", .array(let b)) where b.count == 2:
                return .logUniform(try b[0].parameterValue(context).double(for: name), try b[1].parameterValue(context).double(for: name))
            case ("randint", .array(let b)) where b.count == 2:
                return .integer(try b[0].parameterValue(context).int(for: name), try b[1].parameterValue(context).int(for: name))
            default: break
            }
        default: break
        }
        throw SwiftLearnError.invalidConfig(context.message
            + "\(self) is not a distribution; use a list of values or {\"uniform\"|\"loguniform\"|\"randint\": [low, high]}")
    }
}
