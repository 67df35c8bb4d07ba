import Foundation
import TensorCore

/// Successive halving over a grid (scikit-learn's `HalvingGridSearchCV`): every candidate
/// first gets a small resource (samples, or an integer hyperparameter such as `max_iter` or
/// epochs); only the best ⌈n / factor⌉ go on to the next iteration, with `factor` times more.
///
/// The schedule is scikit-learn's (``HalvingSchedule``). Results have one row per candidate per
/// iteration with `iter` and `n_resources` columns; ranks are global, and the best candidate
/// is the best of the last iteration. With ``refine`` set, each round also adds new candidates
/// drawn around the survivors (the chapter's "zoom in").
public struct HalvingGridSearch<E: Estimator>: Sendable where E.Fitted: Predictor {
    public var estimator: E
    /// One or more sub-grids of value lists.
    public var grids: [[SearchAxis<E>]]
    public var resource: HalvingResource<E>
    /// The resource multiplier and candidate divisor per iteration (> 1).
    public var factor: Double
    public var minResources: HalvingMinResources
    /// The largest resource; `nil` means all samples (required for a hyperparameter resource).
    public var maxResources: Int?
    public var aggressiveElimination: Bool
    public var refine: HalvingRefine?
    public var options: SearchOptions

    public init(_ estimator: E, grids: [[SearchAxis<E>]], resource: HalvingResource<E> = .samples, factor: Double = 3,
                minResources: HalvingMinResources = .exhaust, maxResources: Int? = nil, aggressiveElimination: Bool = false,
                refine: HalvingRefine? = nil, options: SearchOptions = SearchOptions()) {
        self.estimator = estimator
        self.grids = grids
        self.resource = resource
        self.factor = factor
        self.minResources = minResources
        self.maxResources = maxResources
        self.aggressiveElimination = aggressiveElimination
        self.refine = refine
        self.options = options
    }

    public func fit(_ x: Tensor, _ y: Tensor) async throws -> SearchResult<E> {
        try validateSpace(grids, base: estimator, "HalvingGridSearch")
        let candidates = try expandGrid(grids, "HalvingGridSearch")
        let halving = Halving(estimator: estimator, spaces: grids, resource: resource, factor: factor, minResources: minResources,
                              maxResources: maxResources, aggressive: aggressiveElimination, refine: refine, options: options,
                              context: "HalvingGridSearch")
        return try await halving.run(x, y) { _, _ in candidates }
    }
}

extension HalvingGridSearch where E: HyperparameterSettable {
    /// A grid by scikit-learn parameter names.
    public init(_ estimator: E, paramGrid: [String: [ParameterValue]], resource: HalvingResource<E> = .samples,
                factor: Double = 3, minResources: HalvingMinResources = .exhaust, maxResources: Int? = nil,
                aggressiveElimination: Bool = false, refine: HalvingRefine? = nil, options: SearchOptions = SearchOptions()) {
        self.init(estimator, grids: [SearchAxis.grid(paramGrid)], resource: resource, factor: factor, minResources: minResources,
                  maxResources: maxResources, aggressiveElimination: aggressiveElimination, refine: refine, options: options)
    }
}

/// Successive halving over randomly drawn candidates (scikit-learn's `HalvingRandomSearchCV`).
/// `nCandidates: nil` draws maxResources / minResources candidates (scikit-learn's `'exhaust'`).
public struct HalvingRandomSearch<E: Estimator>: Sendable where E.Fitted: Predictor {
    public var estimator: E
    public var spaces: [[SearchAxis<E>]]
    public var nCandidates: Int?
    public var resource: HalvingResource<E>
    public var factor: Double
    public var minResources: HalvingMinResources
    public var maxResources: Int?
    public var aggressiveElimination: Bool
    public var refine: HalvingRefine?
    public var options: SearchOptions

    public init(_ estimator: E, spaces: [[SearchAxis<E>]], nCandidates: Int? = nil, resource: HalvingResource<E> = .samples,
                factor: Double = 3, minResources: HalvingMinResources = .smallest, maxResources: Int? = nil,
                aggressiveElimination: Bool = false, refine: HalvingRefine? = nil, options: SearchOptions = SearchOptions()) {
        self.estimator = estimator
        self.spaces = spaces
        self.nCandidates = nCandidates
        self.resource = resource
        self.factor = factor
        self.minResources = minResources
        self.maxResources = maxResources
        self.aggressiveElimination = aggressiveElimination
        self.refine = refine
        self.options = options
    }

    public func fit(_ x: Tensor, _ y: Tensor) async throws -> SearchResult<E> {
        let context = "HalvingRandomSearch"
        try validateSpace(spaces, base: estimator, context)
        if let nCandidates, nCandidates < 1 {
            throw SwiftLearnError.invalidArgument("\(context): nCandidates must be at least 1 or nil (exhaust), received \(nCandidates)")
        }
        guard nCandidates != nil || minResources != .exhaust else {
            throw SwiftLearnError.invalidArgument("\(context): nCandidates nil ('exhaust') and minResources .exhaust cannot be combined")
        }
        let halving = Halving(estimator: estimator, spaces: spaces, resource: resource, factor: factor, minResources: minResources,
                              maxResources: maxResources, aggressive: aggressiveElimination, refine: refine, options: options, context: context)
        let (count, seed, spaces) = (nCandidates, options.randomState, spaces)
        return try await halving.run(x, y) { maxR, minR in
            sampleCandidates(spaces, count: count ?? max(1, maxR / minR), seed: mixSeed(seed, 0x5EA4C4))
        }
    }
}

/// The successive-halving loop shared by both searches.
private struct Halving<E: Estimator>: Sendable where E.Fitted: Predictor {
    let estimator: E
    let spaces: [[SearchAxis<E>]]
    let resource: HalvingResource<E>
    let factor: Double
    let minResources: HalvingMinResources
    let maxResources: Int?
    let aggressive: Bool
    let refine: HalvingRefine?
    let options: SearchOptions
    let context: String

    func run(_ x: Tensor, _ y: Tensor,
             candidates make: (_ maxResources: Int, _ minResources: Int) throws -> [SearchCandidate]) async throws -> SearchResult<E> {
        var allSetters = setters(spaces)
        if let name = resource.name, let set = resource.set {
            guard allSetters[name] == nil else {
                throw SwiftLearnError.invalidArgument("\(context): cannot use parameter '\(name)' as the resource since it is part of the searched parameters")
            }
            allSetters[name] = set
        }
        let engine = try SearchEngine(estimator, setters: allSetters, options: options, context: context)
        let splits = try engine.splits(x, y)
        let n = x.shape[0]
        var smallest = 1
        if resource.name == nil {
            smallest = 2 * splits.count
            if E.Fitted.self is any Classifier.Type { smallest *= Set(y.scalars).count }
        }
        guard let maxR = maxResources ?? (resource.name == nil ? n : nil) else {
            throw SwiftLearnError.invalidArgument("\(context): maxResources must be given when the resource is the hyperparameter '\(resource.name ?? "")'")
        }
        if resource.name == nil, maxR > n {
            throw SwiftLearnError.invalidArgument("\(context): maxResources=\(maxR) is greater than the number of samples \(n)")
        }
        let firstMin: Int
        switch minResources {
        case .count(let c): firstMin = c
        default: firstMin = smallest
        }
        var candidates = try make(maxR, max(1, firstMin))
        let schedule = try HalvingSchedule(candidates: candidates.count, maxResources: maxR, minResources: minResources,
                                           smallest: smallest, factor: factor, aggressiveElimination: aggressive, context: context)
        var generator = SeededGenerator(seed: mixSeed(options.randomState, 0x2EF1E))
        var merged: SearchResults?
        var counts: [Int] = []
        for (iteration, resourceValue) in schedule.nResources.enumerated() {
            counts.append(candidates.count)
            let roundSplits = resource.name == nil
                ? splits.map { subsample($0, fraction: Double(resourceValue) / Double(n)) } : splits
            // As scikit-learn, a hyperparameter resource becomes part of each row's params.
            if let name = resource.name { candidates = candidates.map { $0.merging([name: .int(resourceValue)]) { $1 } } }
            var results = try await engine.evaluate(candidates, splits: roundSplits, x: x, y: y, iteration: iteration)
            results.iterations = Array(repeating: iteration, count: candidates.count)
            results.nResources = Array(repeating: resourceValue, count: candidates.count)
            let means = results.meanTestScore(engine.refitScorer)
            merged = merged.map { append($0, results) } ?? results
            let keep = Int((Double(candidates.count) / factor).rounded(.up))
            // scikit-learn's _top_k: ascending by score, NaN first, the last `keep` survive.
            let order = candidates.indices.sorted { a, b in
                let (u, v) = (means[a], means[b])
                if u.isNaN || v.isNaN { return u.isNaN && v.isNaN ? a < b : u.isNaN }
                return u != v ? u < v : a < b
            }
            var next = order.suffix(keep).map { candidates[$0] }
            if let refine, iteration + 1 < schedule.nIterations, refine.newCandidates > 0 {
                next += refine.children(of: Array(next.reversed()), existing: next,
                                        domains: spaces.joined().map { ($0.name, $0.domain) }, round: iteration, &generator)
            }
            candidates = next
        }
        guard let results = merged else {
            throw SwiftLearnError.invalidState("\(context): the schedule has no iterations")
        }
        let last = schedule.nIterations - 1
        let rows = (results.iterations ?? []).indices.filter { results.iterations?[$0] == last }
        return try engine.finish(results, rows: rows, x: x, y: y, nSplits: splits.count,
                                 candidatesPerIteration: counts, resourcesPerIteration: schedule.nResources)
    }

    /// Each split's train and test indices subsampled to ⌊fraction·count⌋ (scikit-learn's `resample`).
    private func subsample(_ split: TrainTestIndices, fraction: Double) -> TrainTestIndices {
        func pick(_ indices: [Int]) -> [Int] {
            var rng = NumPyRandomState(seed: options.randomState)
            let perm = rng.permutation(indices.count)
            return perm.prefix(Int(fraction * Double(indices.count))).map { indices[$0] }
        }
        return TrainTestIndices(train: pick(split.train), test: pick(split.test))
    }

    private func append(_ a: SearchResults, _ b: SearchResults) -> SearchResults {
        var r = a
        r.params += b.params
        r.iterations = (a.iterations ?? []) + (b.iterations ?? [])
        r.nResources = (a.nResources ?? []) + (b.nResources ?? [])
        for (k, v) in b.splitTestScores { r.splitTestScores[k, default: []] += v }
        if let train = b.splitTrainScores { for (k, v) in train { r.splitTrainScores?[k, default: []] += v } }
        r.fitTimes += b.fitTimes
        r.scoreTimes += b.scoreTimes
        return r
    }
}
