import TensorCore

/// One binary problem for ``Perceptron``: scikit-learn's `_plain_sgd` with the perceptron loss
/// (hinge with threshold 0), a constant rate η = eta0 and an optional penalty, step for step.
///
/// The weights are kept as scikit-learn keeps them (`WeightVector`): a raw vector times a scale
/// `wscale`, with the squared and absolute norms updated incrementally, so the l2 decay, the
/// truncated-gradient l1 step and the stopping objective round exactly as scikit-learn's do.
struct PerceptronSGDProblem {
    /// Row-major samples, `rows × columns`, in Double.
    let x: [Double]
    let rows: Int
    let columns: Int
    /// +1 for the positive class, −1 otherwise.
    let signs: [Double]
    let sampleWeights: [Double]
    /// Class weights of the positive and the negative side (`pos_weight`, `neg_weight`).
    let positiveWeight: Double
    let negativeWeight: Double
    /// `true` for samples held out for early stopping (never learned from).
    let validationMask: [Bool]
    /// xorshift32 seed of the per-epoch shuffle.
    let seed: UInt32
    /// Starting weights and intercept (zeros, or the previous fit's with warm start).
    let initialWeights: [Double]
    let initialIntercept: Double
}

/// The penalty as `_plain_sgd` sees it: l2 forces l1_ratio 0, l1 forces 1.
struct SGDPenaltySettings {
    let kind: PerceptronPenalty?
    let alpha: Double
    let l1Ratio: Double

    init(_ estimator: Perceptron) {
        kind = estimator.penalty
        alpha = estimator.alpha
        switch estimator.penalty {
        case .l2: l1Ratio = 0
        case .l1: l1Ratio = 1
        case .elasticnet: l1Ratio = estimator.l1Ratio
        case nil: l1Ratio = estimator.l1Ratio
        }
    }

    var scales: Bool { kind == .l2 || kind == .elasticnet }
    var truncates: Bool { kind == .l1 || kind == .elasticnet }
}

extension Perceptron {
    /// Trains one binary problem; returns the weights (scale folded in), intercept and epochs run.
    func trainBinary(_ problem: PerceptronSGDProblem) throws -> (w: [Double], b: Double, epochs: Int) {
        let n = problem.rows, d = problem.columns, x = problem.x
        let penalty = SGDPenaltySettings(self)
        let eta = eta0, alpha = penalty.alpha, l1Ratio = penalty.l1Ratio
        var w = problem.initialWeights, b = problem.initialIntercept
        var wscale = 1.0
        var squaredNorm = 0.0, absoluteNorm = 0.0
        for v in w { squaredNorm += v * v; absoluteNorm += abs(v) }
        var q = Array(repeating: 0.0, count: penalty.truncates ? d : 0), u = 0.0
        let validationCount = problem.validationMask.lazy.filter { $0 }.count
        let trainCount = Double(n - validationCount)
        var order = Array(0..<n)
        var bestObjective = Double.infinity, bestScore = -Double.infinity
        var noImprovement = 0, epochs = 0
        let stopTolerance = tol ?? -.infinity
        for _ in 0..<maxIter {
            epochs += 1
            if shuffle { xorshiftShuffle(&order, seed: problem.seed) }
            var objectiveSum = 0.0
            for i in order where !problem.validationMask[i] {
                let row = i * d, y = problem.signs[i]
                var inner = 0.0
                for j in 0..<d { inner += w[j] * x[row + j] }
                let p = inner * wscale + b
                let z = p * y
                if !earlyStopping {
                    objectiveSum += z <= 0 ? -z : 0
                    if penalty.kind != nil {
                        let norm = squaredNorm.squareRoot()
                        objectiveSum += alpha * ((1 - l1Ratio) * 0.5 * (norm * norm) + l1Ratio * absoluteNorm)
                    }
                }
                let classWeight = y > 0 ? problem.positiveWeight : problem.negativeWeight
                // dloss = −y when y·p ≤ 0, clipped to ±1e12; update = −η·dloss.
                let gradient = z <= 0 ? min(max(-y, -1e12), 1e12) : 0
                let update = -eta * gradient * (classWeight * problem.sampleWeights[i])
                if penalty.scales {
                    let c = max(0, 1 - (1 - l1Ratio) * eta * alpha)
                    wscale *= c
                    squaredNorm *= c * c
                    absoluteNorm *= abs(c)
                    if wscale < 1e-9 {
                        for j in 0..<d { w[j] *= wscale }
                        wscale = 1
                    }
                }
                if update != 0 {
                    var l2 = 0.0, l1 = 0.0
                    let step = update / wscale
                    for j in 0..<d {
                        w[j] += x[row + j] * step
                        l2 += w[j] * w[j]
                        l1 += abs(w[j])
                    }
                    squaredNorm = l2 * (wscale * wscale)
                    absoluteNorm = l1 * wscale
                }
                if fitIntercept, update != 0 { b += update * 1.0 }
                if penalty.truncates {
                    u += l1Ratio * eta * alpha
                    for j in 0..<d {
                        let before = w[j]
                        if wscale * before > 0 {
                            w[j] = max(0, w[j] - (u + q[j]) / wscale)
                        } else if wscale * before < 0 {
                            w[j] = min(0, w[j] + (u - q[j]) / wscale)
                        }
                        q[j] += wscale * (w[j] - before)
                    }
                }
            }
            guard b.isFinite, w.allSatisfy(\.isFinite) else {
                throw SwiftLearnError.invalidArgument("Perceptron.fit: floating-point under-/overflow at epoch \(epochs); scale x (e.g. StandardScaler or MinMaxScaler)")
            }
            if earlyStopping {
                // scikit-learn scores the raw weight vector (without its pending scale).
                let score = validationAccuracy(problem, weights: w, intercept: b)
                if tol != nil, score < bestScore + stopTolerance { noImprovement += 1 } else { noImprovement = 0 }
                if score > bestScore { bestScore = score }
            } else {
                let objective = objectiveSum / trainCount
                if tol != nil, objective > bestObjective - stopTolerance { noImprovement += 1 } else { noImprovement = 0 }
                if objective < bestObjective { bestObjective = objective }
            }
            if noImprovement >= nIterNoChange { break }
        }
        for j in 0..<d { w[j] *= wscale }
        return (w, b, epochs)
    }

    /// The weighted accuracy of sign(w·x + b) on the held-out samples (`_ValidationScoreCallback`).
    private func validationAccuracy(_ problem: PerceptronSGDProblem, weights w: [Double], intercept b: Double) -> Double {
        let d = problem.columns
        var hits = 0.0, total = 0.0
        for i in 0..<problem.rows where problem.validationMask[i] {
            var p = 0.0
            for j in 0..<d { p += problem.x[i * d + j] * w[j] }
            let predicted = p + b > 0 ? 1.0 : -1.0
            let weight = problem.sampleWeights[i]
            if predicted == problem.signs[i] { hits += weight }
            total += weight
        }
        return hits / total
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
