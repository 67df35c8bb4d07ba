import TensorCore

/// The perceptron learning rule (scikit-learn's `Perceptron`): a linear classifier trained by
/// stochastic updates w ← w + η·y·x, b ← b + η·y on every sample with y·(w·x + b) ≤ 0.
///
/// Several classes are fitted one-vs-rest. Training stops after `maxIter` epochs, or earlier
/// when the mean training loss has not improved by `tol` for `nIterNoChange` epochs in a row.
/// With `shuffle`, each epoch applies the same permutation (scikit-learn's xorshift32
/// Fisher–Yates, restarted from one seed) to the previous epoch's order; the seed comes from
/// SwiftLearn's ``SeededGenerator``(`randomState`), not NumPy's `RandomState`, so shuffled fits
/// differ from scikit-learn's while unshuffled fits match it. Not implemented yet: `penalty`,
/// `alpha`, `l1_ratio`, `early_stopping`, `class_weight`, `warm_start`.
///
/// Hyperparameters are only stored here; ``fit(_:_:sampleWeight:)`` validates them.
public struct Perceptron: Estimator, Equatable {
    /// The constant learning rate η (> 0).
    public var eta0: Double
    /// The maximum number of epochs (≥ 1).
    public var maxIter: Int
    /// The required improvement of the mean loss per epoch; `nil` always runs `maxIter` epochs.
    public var tol: Double?
    /// Whether to shuffle the samples every epoch.
    public var shuffle: Bool
    /// The shuffle seed (scikit-learn's default is 0).
    public var randomState: UInt64
    /// Whether to learn an intercept b.
    public var fitIntercept: Bool
    /// Epochs without improvement before stopping (≥ 1).
    public var nIterNoChange: Int

    public init(eta0: Double = 1, maxIter: Int = 1000, tol: Double? = 1e-3, shuffle: Bool = true,
                randomState: UInt64 = 0, fitIntercept: Bool = true, nIterNoChange: Int = 5) {
        self.eta0 = eta0
        self.maxIter = maxIter
        self.tol = tol
        self.shuffle = shuffle
        self.randomState = randomState
        self.fitIntercept = fitIntercept
        self.nIterNoChange = nIterNoChange
    }

    /// Fits one binary problem per class (one problem for two classes; its positive class is `classes[1]`).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> FittedPerceptron {
        let classes = uniqueSorted(try InputChecks.vector(y, "Perceptron.fit"))
        // One xorshift32 seed per binary problem, as scikit-learn draws one per problem.
        var generator = SeededGenerator(seed: randomState)
        let problems = classes.count == 2 ? 1 : classes.count
        let seeds = (0..<problems).map { _ in UInt32(truncatingIfNeeded: generator.next() % 0x7FFF_FFFF) }
        return try fit(x, y, sampleWeight: sampleWeight, shuffleSeeds: seeds)
    }

    /// `fit` with explicit per-problem shuffle seeds (tests pass scikit-learn's to compare shuffled fits).
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?, shuffleSeeds: [UInt32]) throws -> FittedPerceptron {
        let context = "Perceptron.fit"
        try validate(context)
        let (n, d, labels) = try InputChecks.fitInputs(x, y, context)
        let weights = try InputChecks.weights(sampleWeight, count: n, context)
        let classes = uniqueSorted(labels)
        guard classes.count >= 2 else {
            throw SwiftLearnError.invalidArgument("\(context): the number of classes has to be greater than one; got 1 class (\(classes.first ?? 0))")
        }
        let positives = classes.count == 2 ? [classes[1]] : classes
        guard shuffleSeeds.count == positives.count else {
            throw SwiftLearnError.invalidArgument("\(context): expected \(positives.count) shuffle seeds, received \(shuffleSeeds.count)")
        }
        let features = x.scalars.map(Double.init)
        var coefficients: [[Double]] = [], intercepts: [Double] = [], epochs = 0
        for (k, positive) in positives.enumerated() {
            let signs = labels.map { $0 == positive ? 1.0 : -1.0 }
            let r = try trainBinary(features, rows: n, columns: d, signs: signs, weights: weights, seed: shuffleSeeds[k])
            coefficients.append(r.w)
            intercepts.append(r.b)
            epochs = max(epochs, r.epochs)
        }
        return FittedPerceptron(hyperparameters: self, classes: classes, coefficients: coefficients,
                                intercepts: intercepts, iterationCount: epochs, stepCount: 1 + epochs * n)
    }

    private func validate(_ context: String) throws {
        guard eta0 > 0, eta0.isFinite else {
            throw SwiftLearnError.invalidArgument("\(context): eta0 must be a positive finite number, received \(eta0)")
        }
        guard maxIter >= 1 else { throw SwiftLearnError.invalidArgument("\(context): maxIter must be at least 1, received \(maxIter)") }
        if let tol, !(tol >= 0 && tol.isFinite) {
            throw SwiftLearnError.invalidArgument("\(context): tol must be a finite number ≥ 0 or nil, received \(tol)")
        }
        guard nIterNoChange >= 1 else {
            throw SwiftLearnError.invalidArgument("\(context): nIterNoChange must be at least 1, received \(nIterNoChange)")
        }
    }

    /// scikit-learn's `_plain_sgd` with the perceptron loss, a constant rate and no penalty.
    private func trainBinary(_ x: [Double], rows n: Int, columns d: Int, signs: [Double], weights: [Double],
                             seed: UInt32) throws -> (w: [Double], b: Double, epochs: Int) {
        var w = Array(repeating: 0.0, count: d), b = 0.0
        var order = Array(0..<n)
        var best = Double.infinity, noImprovement = 0, epochs = 0
        for _ in 0..<maxIter {
            epochs += 1
            if shuffle { xorshiftShuffle(&order, seed: seed) }
            var lossSum = 0.0
            for i in order {
                let row = i * d
                var p = 0.0
                for j in 0..<d { p += w[j] * x[row + j] }
                p += b
                let z = p * signs[i]
                guard z <= 0 else { continue }
                lossSum += -z
                let update = eta0 * signs[i] * weights[i]
                if update != 0 {
                    for j in 0..<d { w[j] += x[row + j] * update }
                    if fitIntercept { b += update }
                }
            }
            guard b.isFinite, w.allSatisfy(\.isFinite) else {
                throw SwiftLearnError.invalidArgument("Perceptron.fit: floating-point overflow at epoch \(epochs); scale x (e.g. standardize it)")
            }
            let objective = lossSum / Double(n)
            if let tol, objective > best - tol { noImprovement += 1 } else { noImprovement = 0 }
            best = min(best, objective)
            if noImprovement >= nIterNoChange { break }
        }
        return (w, b, epochs)
    }
}

/// scikit-learn's `SequentialDataset.shuffle`: Fisher–Yates driven by xorshift32 from `seed`.
func xorshiftShuffle(_ order: inout [Int], seed: UInt32) {
    var s = seed == 0 ? 1 : seed
    let n = order.count
    guard n > 1 else { return }
    for i in 0..<(n - 1) {
        s ^= s << 13
        s ^= s >> 17
        s ^= s << 5
        let r = Int(s % 0x8000_0000)
        order.swapAt(i, i + r % (n - i))
    }
}

/// A fitted ``Perceptron``: linear decision function, one row of coefficients per binary problem.
public struct FittedPerceptron: DecisionFunctionClassifier, Equatable {
    /// The hyperparameters it was fitted with.
    public let hyperparameters: Perceptron
    public let classes: [Float]
    /// `coef_`: one row per binary problem (1 for two classes, else one per class), in Double.
    public let coefficients: [[Double]]
    /// `intercept_`, one per binary problem.
    public let intercepts: [Double]
    /// `n_iter_`: epochs run (the largest over one-vs-rest problems).
    public let iterationCount: Int
    /// `t_`: 1 + epochs × samples.
    public let stepCount: Int

    public var featureCount: Int { coefficients.first?.count ?? 0 }

    /// `coef_` as a `[problems, features]` tensor.
    public var coef: Tensor {
        var t = Tensor(uncheckedShape: [coefficients.count, featureCount])
        let flat = coefficients.flatMap { $0.map(Float.init) }
        t.withUnsafeMutableBufferPointer { p in for i in flat.indices { p[i] = flat[i] } }
        return t
    }

    /// `intercept_` as a `[problems]` tensor.
    public var intercept: Tensor { Tensor(intercepts.map(Float.init)) }

    /// Scores in Double: `[n][problems]`.
    private func scores(_ x: Tensor, _ context: String) throws -> [[Double]] {
        let n = try InputChecks.predictInput(x, featureCount: featureCount, model: "Perceptron", context)
        let d = featureCount
        let values = x.scalars
        return (0..<n).map { i in
            zip(coefficients, intercepts).map { w, b in
                var p = 0.0
                for j in 0..<d { p += w[j] * Double(values[i * d + j]) }
                return p + b
            }
        }
    }

    /// x·coefᵀ + intercept: shape `[n]` for two classes (positive means `classes[1]`), else `[n, classes]`.
    public func decisionFunction(_ x: Tensor) throws -> Tensor {
        let s = try scores(x, "Perceptron.decisionFunction")
        let flat = s.flatMap { $0.map(Float.init) }
        if coefficients.count == 1 { return Tensor(flat) }
        var t = Tensor(uncheckedShape: [s.count, coefficients.count])
        t.withUnsafeMutableBufferPointer { p in for i in flat.indices { p[i] = flat[i] } }
        return t
    }

    /// The predicted class per row: for two classes `classes[1]` when the score is > 0,
    /// otherwise the class with the largest score (ties go to the first).
    public func predict(_ x: Tensor) throws -> Tensor {
        let s = try scores(x, "Perceptron.predict")
        return Tensor(s.map { row in
            if row.count == 1 { return row[0] > 0 ? classes[1] : classes[0] }
            var best = 0
            for k in row.indices where row[k] > row[best] { best = k }
            return classes[best]
        })
    }
}
