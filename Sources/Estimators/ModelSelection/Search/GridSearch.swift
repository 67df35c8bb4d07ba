import TensorCore

/// Exhaustive search over a parameter grid with cross-validation (scikit-learn's `GridSearchCV`).
///
/// Candidates come in `ParameterGrid` order (names sorted within each grid, the last varying
/// fastest; grids one after another). Every grid value is checked against the estimator when
/// ``fit(_:_:)`` starts, so an unknown name, a wrong value kind or an empty grid throws before
/// any training.
///
/// ```swift
/// let search = try GridSearch(Perceptron(shuffle: false), paramGrid: ["eta0": [0.1, 1.0]])
/// let result = try await search.fit(x, y)
/// print(result.bestParams, result.bestScore)
/// ```
public struct GridSearch<E: Estimator>: Sendable where E.Fitted: Predictor {
    /// The base estimator; candidates set their values on copies of it.
    public var estimator: E
    /// One or more sub-grids (scikit-learn's list of dicts).
    public var grids: [[SearchAxis<E>]]
    /// CV, scoring, refit, parallelism, seed, verbosity.
    public var options: SearchOptions

    public init(_ estimator: E, grids: [[SearchAxis<E>]], options: SearchOptions = SearchOptions()) {
        self.estimator = estimator
        self.grids = grids
        self.options = options
    }

    /// A single grid of axes.
    public init(_ estimator: E, axes: [SearchAxis<E>], options: SearchOptions = SearchOptions()) {
        self.init(estimator, grids: [axes], options: options)
    }

    /// The candidates in evaluation order.
    public func candidates() throws -> [SearchCandidate] {
        try validateSpace(grids, base: estimator, "GridSearch")
        return try expandGrid(grids, "GridSearch")
    }

    /// Runs the search on samples `x` and targets `y`.
    public func fit(_ x: Tensor, _ y: Tensor) async throws -> SearchResult<E> {
        let engine = try SearchEngine(estimator, setters: setters(grids), options: options, context: "GridSearch")
        return try await engine.run(try candidates(), x: x, y: y)
    }
}

extension GridSearch where E: HyperparameterSettable {
    /// A grid by scikit-learn parameter names (`["eta0": [0.1, 1.0], "fit_intercept": [true, false]]`).
    public init(_ estimator: E, paramGrid: [String: [ParameterValue]], options: SearchOptions = SearchOptions()) {
        self.init(estimator, grids: [SearchAxis.grid(paramGrid)], options: options)
    }

    /// Several grids by name, expanded one after another.
    public init(_ estimator: E, paramGrids: [[String: [ParameterValue]]], options: SearchOptions = SearchOptions()) {
        self.init(estimator, grids: paramGrids.map(SearchAxis.grid), options: options)
    }
}

/// Search over `nIter` candidates drawn at random (scikit-learn's `RandomizedSearchCV`).
///
/// Each candidate picks a sub-space uniformly (when there are several), then draws every name,
/// in sorted order, from its domain: `.uniform`, `.logUniform`, `.integer` or a value list
/// (picked with replacement). Draws come from ``SeededGenerator``(`options.randomState`), so a
/// seed always gives the same candidates (they are not NumPy's draws).
public struct RandomizedSearch<E: Estimator>: Sendable where E.Fitted: Predictor {
    /// The base estimator.
    public var estimator: E
    /// One or more sub-spaces of axes.
    public var spaces: [[SearchAxis<E>]]
    /// The number of candidates (at least 1).
    public var nIter: Int
    /// CV, scoring, refit, parallelism, seed, verbosity.
    public var options: SearchOptions

    public init(_ estimator: E, spaces: [[SearchAxis<E>]], nIter: Int = 10, options: SearchOptions = SearchOptions()) {
        self.estimator = estimator
        self.spaces = spaces
        self.nIter = nIter
        self.options = options
    }

    /// A single space.
    public init(_ estimator: E, axes: [SearchAxis<E>], nIter: Int = 10, options: SearchOptions = SearchOptions()) {
        self.init(estimator, spaces: [axes], nIter: nIter, options: options)
    }

    /// The candidates in evaluation order.
    public func candidates() throws -> [SearchCandidate] {
        try validateSpace(spaces, base: estimator, "RandomizedSearch")
        guard nIter >= 1 else {
            throw SwiftLearnError.invalidArgument("RandomizedSearch: nIter must be at least 1, received \(nIter)")
        }
        return sampleCandidates(spaces, count: nIter, seed: mixSeed(options.randomState, 0x5EA4C4))
    }

    /// Runs the search on samples `x` and targets `y`.
    public func fit(_ x: Tensor, _ y: Tensor) async throws -> SearchResult<E> {
        let engine = try SearchEngine(estimator, setters: setters(spaces), options: options, context: "RandomizedSearch")
        return try await engine.run(try candidates(), x: x, y: y)
    }
}

extension RandomizedSearch where E: HyperparameterSettable {
    /// Distributions by scikit-learn parameter name (`["eta0": .logUniform(1e-3, 1)]`).
    public init(_ estimator: E, paramDistributions: [String: ParameterDomain], nIter: Int = 10,
                options: SearchOptions = SearchOptions()) {
        let axes = paramDistributions.keys.sorted().map { SearchAxis<E>.named($0, domain: paramDistributions[$0] ?? .values([])) }
        self.init(estimator, spaces: [axes], nIter: nIter, options: options)
    }
}
