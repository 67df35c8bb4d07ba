import TensorCore

/// The penalty (regularization term) of a ``Perceptron``.
public enum PerceptronPenalty: String, Sendable, Equatable, CaseIterable {
    /// Weight decay w ← w·(1 − η·α) before every sample.
    case l2
    /// Truncated-gradient l1 (Tsuruoka et al. 2009) after every sample.
    case l1
    /// Both: decay by (1 − l1Ratio)·η·α, then truncated l1 with l1Ratio·η·α.
    case elasticnet
}

/// Per-class weights multiplied into each sample's update (scikit-learn's `class_weight`).
///
/// `.weights` is keyed by the Float class values of `y`; with ``Estimator/fit(_:labels:sampleWeight:)``
/// those are the positions `0 ..< K` of the sorted labels.
public enum ClassWeight: Sendable, Equatable {
    /// `n_samples / (n_classes · count(class))` for each class.
    case balanced
    /// A weight per class label; classes not listed weigh 1.
    case weights([Float: Double])
}

/// The perceptron learning rule (scikit-learn 1.9's `Perceptron`): a linear classifier trained by
/// stochastic updates w ← w + η·y·x, b ← b + η·y on every sample with y·(w·x + b) ≤ 0.
///
/// Several classes are fitted one-vs-rest. Training stops after `maxIter` epochs, or earlier
/// when the mean training objective (loss plus penalty) has not improved by `tol` for
/// `nIterNoChange` epochs in a row; with `earlyStopping` it is the accuracy on a stratified
/// held-out `validationFraction` instead. With `shuffle`, each epoch applies the same
/// permutation (scikit-learn's xorshift32 Fisher–Yates) to the previous epoch's order. Seeds and
/// the validation split come from a port of NumPy's `RandomState`, so every fit — shuffled,
/// penalized, class-weighted, early-stopped — gives scikit-learn's coefficients.
///
/// Hyperparameters are only stored here; ``fit(_:_:sampleWeight:)`` validates them.
public struct Perceptron: Estimator, Equatable {
    /// The constant learning rate η (> 0).
    public var eta0: Double
    /// The maximum number of epochs (≥ 1).
    public var maxIter: Int
    /// The required improvement of the stopping criterion per epoch; `nil` always runs `maxIter` epochs.
    public var tol: Double?
    /// Whether to shuffle the samples every epoch.
    public var shuffle: Bool
    /// The seed of the shuffles and of the validation split, 0 ..< 2³² (scikit-learn's default is 0).
    public var randomState: UInt64
    /// Whether to learn an intercept b.
    public var fitIntercept: Bool
    /// Epochs without improvement before stopping (≥ 1).
    public var nIterNoChange: Int
    /// The regularization term, or `nil` for none (the default).
    public var penalty: PerceptronPenalty?
    /// The penalty's strength α (≥ 0).
    public var alpha: Double
    /// The l1 share of the elastic-net penalty, in [0, 1] (used only with `.elasticnet`).
    public var l1Ratio: Double
    /// Whether to stop on the accuracy of a held-out stratified validation set.
    public var earlyStopping: Bool
    /// The share of samples held out with `earlyStopping`, in (0, 1).
    public var validationFraction: Double
    /// Class weights, or `nil` for 1 everywhere.
    public var classWeight: ClassWeight?
    /// Whether ``fit(_:_:sampleWeight:warmStartFrom:)`` starts from a previous fit's coefficients.
    public var warmStart: Bool
    /// Accepted for scikit-learn compatibility (`n_jobs`); one-vs-rest problems run sequentially.
    public var nJobs: Int?
    /// Accepted for scikit-learn compatibility (`verbose`); nothing is printed.
    public var verbose: Int

    public init(eta0: Double = 1, maxIter: Int = 1000, tol: Double? = 1e-3, shuffle: Bool = true,
                randomState: UInt64 = 0, fitIntercept: Bool = true, nIterNoChange: Int = 5,
                penalty: PerceptronPenalty? = nil, alpha: Double = 0.0001, l1Ratio: Double = 0.15,
                earlyStopping: Bool = false, validationFraction: Double = 0.1, classWeight: ClassWeight? = nil,
                warmStart: Bool = false, nJobs: Int? = nil, verbose: Int = 0) {
        self.eta0 = eta0
        self.maxIter = maxIter
        self.tol = tol
        self.shuffle = shuffle
        self.randomState = randomState
        self.fitIntercept = fitIntercept
        self.nIterNoChange = nIterNoChange
        self.penalty = penalty
        self.alpha = alpha
        self.l1Ratio = l1Ratio
        self.earlyStopping = earlyStopping
        self.validationFraction = validationFraction
        self.classWeight = classWeight
        self.warmStart = warmStart
        self.nJobs = nJobs
        self.verbose = verbose
    }

    /// Fits one binary problem per class (one problem for two classes; its positive class is `classes[1]`).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> FittedPerceptron {
        try fit(x, y, sampleWeight: sampleWeight, warmStartFrom: nil)
    }

    /// Fits as ``fit(_:_:sampleWeight:)``; with `warmStart` and a `previous` fit (same classes and
    /// features), training starts from its coefficients and intercepts instead of zeros
    /// (scikit-learn's `warm_start=True` refit). Without `warmStart`, `previous` is ignored.
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil, warmStartFrom previous: FittedPerceptron?) throws -> FittedPerceptron {
        let context = "Perceptron.fit"
        try validate(context)
        let labels = try InputChecks.vector(y, context)
        let classes = try classLabels(labels, context)
        let problems = classes.count == 2 ? 1 : classes.count
        let seeds = PerceptronSampling.shuffleSeeds(randomState: randomState, problems: problems)
        return try fit(x, y, sampleWeight: sampleWeight, shuffleSeeds: seeds, warmStartFrom: warmStart ? previous : nil)
    }

    /// `fit` with explicit per-problem shuffle seeds.
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?, shuffleSeeds: [UInt32],
             warmStartFrom previous: FittedPerceptron? = nil) throws -> FittedPerceptron {
        let context = "Perceptron.fit"
        try validate(context)
        let (n, d, labels) = try InputChecks.fitInputs(x, y, context)
        let weights = try InputChecks.weights(sampleWeight, count: n, context)
        let classes = try classLabels(labels, context)
        guard classes.count >= 2 else {
            throw SwiftLearnError.invalidArgument("\(context): the number of classes has to be greater than one; got 1 class (\(classes.first ?? 0))")
        }
        let problems = classes.count == 2 ? 1 : classes.count
        guard shuffleSeeds.count == problems else {
            throw SwiftLearnError.invalidArgument("\(context): expected \(problems) shuffle seeds, received \(shuffleSeeds.count)")
        }
        if let previous {
            guard previous.classes == classes, previous.featureCount == d else {
                throw SwiftLearnError.invalidArgument("\(context): warm start needs the previous fit's classes \(previous.classes) and \(previous.featureCount) features; received classes \(classes) and \(d) features")
            }
        }
        let position = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let classIndex = labels.map { position[$0] ?? 0 }
        let classWeights = try PerceptronSampling.classWeights(classWeight, classes: classes, classIndices: classIndex, context)
        let mask = earlyStopping
            ? try PerceptronSampling.validationMask(classIndices: classIndex, classCount: classes.count, fraction: validationFraction,
                                                    randomState: randomState, sampleWeights: weights, context)
            : Array(repeating: false, count: n)
        let features = x.scalars.map(Double.init)
        var coefficients: [[Double]] = [], intercepts: [Double] = [], epochs = 0
        for k in 0..<problems {
            let positive = problems == 1 ? 1 : k
            let problem = PerceptronSGDProblem(
                x: features, rows: n, columns: d, signs: classIndex.map { $0 == positive ? 1.0 : -1.0 },
                sampleWeights: weights, positiveWeight: classWeights[positive],
                negativeWeight: problems == 1 ? classWeights[0] : 1.0, validationMask: mask, seed: shuffleSeeds[k],
                initialWeights: previous?.coefficients[k] ?? Array(repeating: 0, count: d),
                initialIntercept: previous?.intercepts[k] ?? 0)
            let r = try trainBinary(problem)
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
        guard alpha >= 0, alpha.isFinite else {
            throw SwiftLearnError.invalidArgument("\(context): alpha must be a finite number ≥ 0, received \(alpha)")
        }
        guard l1Ratio >= 0, l1Ratio <= 1 else {
            throw SwiftLearnError.invalidArgument("\(context): l1Ratio must be in [0, 1], received \(l1Ratio)")
        }
        guard validationFraction > 0, validationFraction < 1 else {
            throw SwiftLearnError.invalidArgument("\(context): validationFraction must be in (0, 1), received \(validationFraction)")
        }
        guard randomState <= UInt64(UInt32.max) else {
            throw SwiftLearnError.invalidArgument("\(context): randomState must be between 0 and 2**32 - 1, received \(randomState)")
        }
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
