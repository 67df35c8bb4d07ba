import Foundation
import TensorCore

/// The first iteration's resource in successive halving (scikit-learn's `min_resources`).
public enum HalvingMinResources: Sendable, Equatable {
    /// As large as possible so the last required iteration uses (nearly) all resources.
    case exhaust
    /// The smallest sensible value: 2 × nSplits samples (× classes for classifiers), or 1
    /// when the resource is a hyperparameter.
    case smallest
    /// This many.
    case count(Int)
}

/// Successive halving's plan, computed exactly as scikit-learn does (floating-point logs included).
public struct HalvingSchedule: Sendable, Equatable {
    /// `n_required_iterations_`: iterations until fewer than `factor` candidates remain.
    public let nRequiredIterations: Int
    /// `n_possible_iterations_`: iterations that fit between min and max resources.
    public let nPossibleIterations: Int
    /// `n_iterations_`.
    public let nIterations: Int
    /// `min_resources_` and `max_resources_`.
    public let minResources: Int
    public let maxResources: Int
    /// Candidates per iteration (`n_candidates_`): each keeps ⌈previous / factor⌉.
    public let nCandidates: [Int]
    /// Resource per iteration (`n_resources_`).
    public let nResources: [Int]

    /// The plan for `candidates` candidates.
    ///
    /// - Parameters:
    ///   - smallest: the value of ``HalvingMinResources/smallest``.
    ///   - aggressiveElimination: run every required iteration, repeating the first resource
    ///     while there are too many candidates.
    public init(candidates: Int, maxResources: Int, minResources: HalvingMinResources, smallest: Int,
                factor: Double, aggressiveElimination: Bool = false, context: String = "HalvingSchedule") throws {
        guard factor > 1, factor.isFinite else {
            throw SwiftLearnError.invalidArgument("\(context): factor must be a number > 1, received \(factor)")
        }
        guard candidates >= 1 else {
            throw SwiftLearnError.invalidArgument("\(context): there must be at least one candidate, received \(candidates)")
        }
        var minimum: Int
        switch minResources {
        case .exhaust, .smallest: minimum = smallest
        case .count(let c): minimum = c
        }
        guard maxResources >= 1 else {
            throw SwiftLearnError.invalidArgument("\(context): maxResources must be at least 1, received \(maxResources)")
        }
        let required = 1 + Int((Foundation.log(Double(candidates)) / Foundation.log(factor)).rounded(.down))
        let whole = factor.rounded() == factor
        func power(_ p: Int) -> Double { whole ? Double((0..<p).reduce(1) { acc, _ in acc * Int(factor) }) : Foundation.pow(factor, Double(p)) }
        if minResources == .exhaust {
            let quotient = whole ? maxResources / Int(power(required - 1)) : Int((Double(maxResources) / power(required - 1)).rounded(.down))
            minimum = max(minimum, quotient)
        }
        guard minimum >= 1 else {
            throw SwiftLearnError.invalidArgument("\(context): minResources must be at least 1, received \(minimum)")
        }
        guard minimum <= maxResources else {
            throw SwiftLearnError.invalidArgument("\(context): minResources=\(minimum) is greater than maxResources=\(maxResources)")
        }
        let possible = 1 + Int((Foundation.log(Double(maxResources / minimum)) / Foundation.log(factor)).rounded(.down))
        let iterations = aggressiveElimination ? required : min(possible, required)
        var counts: [Int] = [], resources: [Int] = [], n = candidates
        for i in 0..<iterations {
            let p = aggressiveElimination ? max(0, i - required + possible) : i
            resources.append(min(Int(power(p) * Double(minimum)), maxResources))
            counts.append(n)
            n = Int((Double(n) / factor).rounded(.up))
        }
        nRequiredIterations = required
        nPossibleIterations = possible
        nIterations = iterations
        self.minResources = minimum
        self.maxResources = maxResources
        nCandidates = counts
        nResources = resources
    }
}

/// What successive halving gives more of to the surviving candidates.
public struct HalvingResource<E: Sendable>: Sendable {
    /// The hyperparameter name, or `nil` for samples.
    public let name: String?
    let set: (@Sendable (E, ParameterValue) throws -> E)?

    /// Training samples (scikit-learn's `resource='n_samples'`): every split's train and test
    /// indices are subsampled without replacement (NumPy `RandomState(randomState)` shuffles, as
    /// scikit-learn's `resample`).
    public static var samples: HalvingResource { HalvingResource(name: nil, set: nil) }

    /// An integer hyperparameter (epochs, iterations) set through a key path and shown as `name`.
    public static func keyPath(_ keyPath: WritableKeyPath<E, Int> & Sendable, name: String) -> HalvingResource {
        HalvingResource(name: name) { e, v in
            var copy = e
            copy[keyPath: keyPath] = try v.int(for: name)
            return copy
        }
    }
}

extension HalvingResource where E: HyperparameterSettable {
    /// An integer hyperparameter by scikit-learn name (`"max_iter"`).
    public static func hyperparameter(_ name: String) -> HalvingResource {
        HalvingResource(name: name) { try $0.setting(name, to: $1) }
    }
}

/// The "zoom in" step: after each halving round, new candidates drawn around the survivors.
///
/// Each new candidate perturbs every searched value of its parent; any single value may stay
/// the parent's (an integer whose draw rounds to no move, a neighbouring list entry that is the
/// same entry), but a candidate equal to one already in the round is drawn again, up to
/// ``maxAttempts`` times, and left out if it still repeats one (a space too small to hold more).
public struct HalvingRefine: Sendable, Equatable {
    /// New candidates added each round (drawn around the survivors, best first, in turn); fewer
    /// when the space around the survivors has no more distinct candidates.
    public var newCandidates: Int
    /// The first round's spread, as a fraction of each domain's width (log width for
    /// `.logUniform`); value lists move to a neighbouring entry.
    public var spread: Double
    /// The spread is multiplied by this every round.
    public var shrink: Double
    /// Draws per new candidate before a repeat of an existing candidate is given up.
    public static let maxAttempts = 8

    public init(newCandidates: Int, spread: Double = 0.25, shrink: Double = 0.5) {
        self.newCandidates = newCandidates
        self.spread = spread
        self.shrink = shrink
    }

    /// `newCandidates` candidates around `parents` (best first, taken in turn), each different
    /// from every candidate in `existing` and from each other; `domains` are the searched axes.
    func children(of parents: [SearchCandidate], existing: [SearchCandidate], domains: [(name: String, domain: ParameterDomain)],
                  round: Int, _ g: inout SeededGenerator) -> [SearchCandidate] {
        guard !parents.isEmpty else { return [] }
        var seen = Set(existing)
        var out: [SearchCandidate] = []
        for i in 0..<newCandidates {
            let parent = parents[i % parents.count]
            for _ in 0..<Self.maxAttempts {
                var child = parent
                for (name, domain) in domains where parent[name] != nil {
                    child[name] = perturb(parent[name] ?? .none, in: domain, round: round, &g)
                }
                if seen.insert(child).inserted {
                    out.append(child)
                    break
                }
            }
        }
        return out
    }

    /// A value near `value` in `domain` (round `round` of the search).
    func perturb(_ value: ParameterValue, in domain: ParameterDomain, round: Int, _ g: inout SeededGenerator) -> ParameterValue {
        let width = spread * Foundation.pow(shrink, Double(round))
        let z = Double(g.nextNormal())
        switch domain {
        case .uniform(let lo, let hi):
            guard let v = try? value.double(for: "") else { return value }
            return .double(min(max(v + z * width * (hi - lo), lo), hi.nextDown))
        case .logUniform(let lo, let hi):
            guard let v = try? value.double(for: ""), v > 0 else { return value }
            let l = Foundation.log(v) + z * width * (Foundation.log(hi) - Foundation.log(lo))
            return .double(min(max(Foundation.exp(l), lo), hi))
        case .integer(let lo, let hi):
            guard let v = try? value.int(for: "") else { return value }
            // A draw that rounds to 0 keeps the parent's value (repeats are handled by `children`).
            // (In Doubles, so a huge domain cannot overflow; exact below 2^53.)
            let step = (z * width * (Double(hi) - Double(lo))).rounded()
            guard step != 0, step.isFinite else { return .int(min(max(v, lo), hi - 1)) }
            let target = Double(v) + step
            if target <= Double(lo) { return .int(lo) }
            if target >= Double(hi - 1) { return .int(hi - 1) }
            return .int(Int(target))
        case .values(let list):
            guard let i = list.firstIndex(of: value), list.count > 1 else { return value }
            return list[min(max(i + g.nextInt(below: 3) - 1, 0), list.count - 1)]
        }
    }
}
