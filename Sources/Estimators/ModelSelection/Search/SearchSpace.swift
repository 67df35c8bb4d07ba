import Foundation
import TensorCore

/// A Swift value that a search can hold as a ``ParameterValue`` (for printing and results)
/// and convert back when it sets a key path.
public protocol ParameterValueConvertible: Sendable {
    /// The value as a ``ParameterValue``.
    var parameterValue: ParameterValue { get }
    /// The value back from a ``ParameterValue``; throws naming `name` for the wrong kind.
    init(parameterValue: ParameterValue, name: String) throws
}

extension Double: ParameterValueConvertible {
    public var parameterValue: ParameterValue { .double(self) }
    public init(parameterValue: ParameterValue, name: String) throws { self = try parameterValue.double(for: name) }
}

extension Float: ParameterValueConvertible {
    public var parameterValue: ParameterValue { .double(Double(self)) }
    public init(parameterValue: ParameterValue, name: String) throws { self = Float(try parameterValue.double(for: name)) }
}

extension Int: ParameterValueConvertible {
    public var parameterValue: ParameterValue { .int(self) }
    public init(parameterValue: ParameterValue, name: String) throws { self = try parameterValue.int(for: name) }
}

extension Bool: ParameterValueConvertible {
    public var parameterValue: ParameterValue { .bool(self) }
    public init(parameterValue: ParameterValue, name: String) throws { self = try parameterValue.bool(for: name) }
}

extension String: ParameterValueConvertible {
    public var parameterValue: ParameterValue { .string(self) }
    public init(parameterValue: ParameterValue, name: String) throws { self = try parameterValue.string(for: name) }
}

extension Array: ParameterValueConvertible where Element == Int {
    public var parameterValue: ParameterValue { .ints(self) }
    public init(parameterValue: ParameterValue, name: String) throws { self = try parameterValue.ints(for: name) }
}

/// Where a searched hyperparameter's values come from.
public enum ParameterDomain: Sendable, Equatable {
    /// These values, in this order (a grid axis; a random search picks one uniformly, with replacement).
    case values([ParameterValue])
    /// A Double uniform in [low, high) (`scipy.stats.uniform(low, high - low)`).
    case uniform(Double, Double)
    /// A Double whose logarithm is uniform in [log low, log high) (`scipy.stats.loguniform`).
    case logUniform(Double, Double)
    /// An integer uniform in low ..< high (`scipy.stats.randint(low, high)`).
    case integer(Int, Int)

    /// A categorical choice among `values` (scikit-learn's list in `param_distributions`): the
    /// same as ``values(_:)``, named as the distribution it is in a random search.
    public static func choice(_ values: [ParameterValue]) -> ParameterDomain { .values(values) }

    /// Checks the domain can be sampled; the error names `name`, the bounds and what is allowed.
    func validate(_ name: String, _ context: String) throws {
        switch self {
        case .values(let v) where v.isEmpty:
            throw SwiftLearnError.invalidArgument("\(context): parameter '\(name)' has an empty list of values; give at least one")
        case .uniform(let lo, let hi) where !(lo < hi && lo.isFinite && hi.isFinite):
            throw SwiftLearnError.invalidArgument("\(context): parameter '\(name)': uniform(\(lo), \(hi)) needs finite low < high")
        case .logUniform(let lo, let hi) where !(lo > 0 && lo < hi && hi.isFinite):
            throw SwiftLearnError.invalidArgument("\(context): parameter '\(name)': logUniform(\(lo), \(hi)) needs 0 < low < high")
        case .integer(let lo, let hi) where lo >= hi:
            throw SwiftLearnError.invalidArgument("\(context): parameter '\(name)': integer(\(lo), \(hi)) needs low < high (high is excluded)")
        default: break
        }
    }

    /// One draw (a list picks an entry uniformly).
    func sample(_ g: inout SeededGenerator) -> ParameterValue {
        switch self {
        case .values(let v): return v[g.nextInt(below: v.count)]
        case .uniform(let lo, let hi): return .double(lo + (hi - lo) * g.nextDouble())
        case .logUniform(let lo, let hi): return .double(Foundation.exp(Foundation.log(lo) + g.nextDouble() * (Foundation.log(hi) - Foundation.log(lo))))
        case .integer(let lo, let hi): return .int(lo + g.nextInt(below: hi - lo))
        }
    }
}

/// One searched hyperparameter of estimator `E`: its name (as printed in results), its
/// domain, and how to set it.
///
/// Build it by scikit-learn name for a ``HyperparameterSettable`` estimator
/// (`SearchAxis.named("eta0", [0.1, 1.0])`), or type-safely by key path for any estimator
/// (`SearchAxis(\.learningRate, name: "learning_rate", values: [1e-3, 1e-2])`).
public struct SearchAxis<E: Sendable>: Sendable {
    /// The name shown in results (`param_<name>`, `params`).
    public let name: String
    /// The values or distribution searched.
    public let domain: ParameterDomain
    let set: @Sendable (E, ParameterValue) throws -> E

    /// An axis with a custom setter.
    public init(name: String, domain: ParameterDomain, set: @escaping @Sendable (E, ParameterValue) throws -> E) {
        self.name = name
        self.domain = domain
        self.set = set
    }

    /// A key-path axis over `values`.
    public init<V: ParameterValueConvertible>(_ keyPath: WritableKeyPath<E, V> & Sendable, name: String, values: [V]) {
        self.init(keyPath, name: name, domain: .values(values.map(\.parameterValue)))
    }

    /// A key-path axis over a distribution (a `Double`, `Float` or `Int` key path).
    public init<V: ParameterValueConvertible>(_ keyPath: WritableKeyPath<E, V> & Sendable, name: String, domain: ParameterDomain) {
        self.init(name: name, domain: domain) { estimator, value in
            var copy = estimator
            copy[keyPath: keyPath] = try V(parameterValue: value, name: name)
            return copy
        }
    }
}

extension SearchAxis where E: HyperparameterSettable {
    /// An axis over the hyperparameter called `name` (`set_params(name=value)`).
    public static func named(_ name: String, _ values: [ParameterValue]) -> SearchAxis {
        named(name, domain: .values(values))
    }

    /// An axis drawing the hyperparameter called `name` from `domain`.
    public static func named(_ name: String, domain: ParameterDomain) -> SearchAxis {
        SearchAxis(name: name, domain: domain) { try $0.setting(name, to: $1) }
    }

    /// Name-based axes from a scikit-learn style grid (`{"eta0": [0.1, 1.0], ...}`).
    public static func grid(_ grid: [String: [ParameterValue]]) -> [SearchAxis] {
        grid.keys.sorted().map { named($0, grid[$0] ?? []) }
    }
}

/// One candidate: a value per searched name (`params` of `cv_results_`).
public typealias SearchCandidate = [String: ParameterValue]

/// Checks a list of grids (sub-spaces) and the base estimator accept every value: names must
/// be unique per grid and each value must set (unknown names and wrong kinds throw here, at
/// search start, rather than in a trial).
func validateSpace<E: Sendable>(_ grids: [[SearchAxis<E>]], base: E, _ context: String) throws {
    guard !grids.isEmpty, grids.allSatisfy({ !$0.isEmpty }) else {
        throw SwiftLearnError.invalidArgument("\(context): the parameter grid is empty; give at least one parameter with at least one value")
    }
    for axes in grids {
        var seen = Set<String>()
        for axis in axes {
            guard seen.insert(axis.name).inserted else {
                throw SwiftLearnError.invalidArgument("\(context): parameter '\(axis.name)' appears twice in one grid")
            }
            try axis.domain.validate(axis.name, context)
            let probes: [ParameterValue]
            switch axis.domain {
            case .values(let v): probes = v
            case .uniform(let lo, _), .logUniform(let lo, _): probes = [.double(lo)]
            case .integer(let lo, _): probes = [.int(lo)]
            }
            for value in probes {
                do { _ = try axis.set(base, value) } catch let error as SwiftLearnError {
                    throw SwiftLearnError.invalidArgument("\(context): value \(value) for parameter '\(axis.name)' is not allowed: \(error)")
                }
            }
        }
    }
}

/// scikit-learn's `ParameterGrid`: each grid's names sorted, Cartesian product with the last
/// name varying fastest; grids expanded one after another. Every axis must be a value list.
func expandGrid<E: Sendable>(_ grids: [[SearchAxis<E>]], _ context: String) throws -> [SearchCandidate] {
    var candidates: [SearchCandidate] = []
    for axes in grids {
        let sorted = axes.sorted { $0.name < $1.name }
        let lists = try sorted.map { axis -> [ParameterValue] in
            guard case .values(let v) = axis.domain else {
                throw SwiftLearnError.invalidArgument("\(context): parameter '\(axis.name)' is a distribution; a grid needs a list of values (use RandomizedSearch for distributions)")
            }
            return v
        }
        var partial: [SearchCandidate] = [[:]]
        for (axis, values) in zip(sorted, lists) {
            partial = partial.flatMap { c in values.map { v in c.merging([axis.name: v]) { $1 } } }
        }
        candidates += partial
    }
    return candidates
}

/// `count` candidates drawn from the grids: each draw picks a grid uniformly (none when there
/// is one), then each name in sorted order draws from its domain (`ParameterSampler` with replacement).
func sampleCandidates<E: Sendable>(_ grids: [[SearchAxis<E>]], count: Int, seed: UInt64) -> [SearchCandidate] {
    var g = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
        let axes = grids.count == 1 ? grids[0] : grids[g.nextInt(below: grids.count)]
        var c: SearchCandidate = [:]
        for axis in axes.sorted(by: { $0.name < $1.name }) { c[axis.name] = axis.domain.sample(&g) }
        return c
    }
}

/// The setters of every name in the grids (the first axis of a name wins).
func setters<E: Sendable>(_ grids: [[SearchAxis<E>]]) -> [String: @Sendable (E, ParameterValue) throws -> E] {
    var result: [String: @Sendable (E, ParameterValue) throws -> E] = [:]
    for axis in grids.joined() where result[axis.name] == nil { result[axis.name] = axis.set }
    return result
}
