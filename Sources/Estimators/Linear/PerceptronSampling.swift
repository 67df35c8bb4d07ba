import TensorCore

/// The random draws and per-class settings of a ``Perceptron`` fit, reproducing scikit-learn's
/// NumPy `RandomState` streams exactly (``NumPyRandomState``).
enum PerceptronSampling {
    /// `np.iinfo(np.int32).max`, scikit-learn's `MAX_INT`.
    static let maxInt = 2_147_483_647

    /// `fit_binary`'s draws from `check_random_state(seed)`: the dataset seed
    /// `randint(1, MAX_INT)` (unused by sequential passes), then the shuffle seed `randint(MAX_INT)`.
    static func shuffleSeed(_ state: inout NumPyRandomState) -> UInt32 {
        _ = 1 + state.interval(maxInt - 2)
        return UInt32(state.interval(maxInt - 1))
    }

    /// One xorshift32 seed per binary problem: for two classes from `RandomState(randomState)`
    /// itself; for K classes each problem gets `RandomState(s_k)` with
    /// `s = RandomState(randomState).randint(MAX_INT, size=K)`.
    static func shuffleSeeds(randomState: UInt64, problems: Int) -> [UInt32] {
        var state = NumPyRandomState(seed: randomState)
        if problems == 1 { return [shuffleSeed(&state)] }
        let perProblem = (0..<problems).map { _ in state.interval(maxInt - 1) }
        return perProblem.map { seed in
            var own = NumPyRandomState(seed: UInt64(seed))
            return shuffleSeed(&own)
        }
    }

    /// The held-out mask of `early_stopping`: the test part of the first split of
    /// `StratifiedShuffleSplit(test_size: fraction, random_state: randomState)` on the class
    /// indices `y` (0 ..< classCount), with NumPy's exact draws.
    static func validationMask(classIndices y: [Int], classCount: Int, fraction: Double, randomState: UInt64,
                               sampleWeights: [Double], _ context: String) throws -> [Bool] {
        let n = y.count
        let nTest = Int((fraction * Double(n)).rounded(.up))
        let nTrain = n - nTest
        guard nTrain > 0, nTest > 0 else {
            throw SwiftLearnError.invalidArgument("\(context): splitting \(n) samples into a train set and a validation set with validationFraction=\(fraction) led to an empty set (\(max(nTrain, 0)) and \(nTest) samples); change validationFraction, add samples or disable earlyStopping")
        }
        var members = Array(repeating: [Int](), count: classCount)
        for (i, c) in y.enumerated() { members[c].append(i) }
        let counts = members.map(\.count)
        if let smallest = counts.min(), smallest < 2 {
            throw SwiftLearnError.invalidArgument("\(context): early stopping needs at least 2 samples of every class for its stratified validation split; the least populated class has \(smallest)")
        }
        guard nTrain >= classCount, nTest >= classCount else {
            throw SwiftLearnError.invalidArgument("\(context): the validation split (\(nTrain) train, \(nTest) validation samples) must hold at least one sample of each of the \(classCount) classes on each side; change validationFraction")
        }
        var state = NumPyRandomState(seed: randomState)
        let trainCounts = approximateModeNumPy(counts, draws: nTrain, &state)
        let testCounts = approximateModeNumPy(zip(counts, trainCounts).map { $0 - $1 }, draws: nTest, &state)
        var mask = Array(repeating: false, count: n)
        for c in 0..<classCount {
            let permutation = state.permutation(counts[c])
            for k in trainCounts[c]..<trainCounts[c] + testCounts[c] { mask[members[c][permutation[k]]] = true }
        }
        // The final permutations of the train and test lists do not change the mask.
        guard (0..<n).contains(where: { mask[$0] && sampleWeights[$0] > 0 }) else {
            throw SwiftLearnError.invalidArgument("\(context): the sample weights of the validation set are all zero; use a different randomState")
        }
        return mask
    }

    /// scikit-learn's `_approximate_mode` with `rng.choice(..., replace=False)` from NumPy's stream.
    static func approximateModeNumPy(_ counts: [Int], draws: Int, _ state: inout NumPyRandomState) -> [Int] {
        let total = Double(counts.reduce(0, +))
        let continuous = counts.map { Double($0) / total * Double(draws) }
        var result = continuous.map { $0.rounded(.down) }
        var needed = draws - Int(result.reduce(0, +))
        guard needed > 0 else { return result.map { Int($0) } }
        let remainders = zip(continuous, result).map { $0 - $1 }
        for value in Set(remainders).sorted(by: >) {
            let tied = remainders.indices.filter { remainders[$0] == value }
            let take = min(tied.count, needed)
            let chosen = state.permutation(tied.count).prefix(take)
            for k in chosen { result[tied[k]] += 1 }
            needed -= take
            if needed == 0 { break }
        }
        return result.map { Int($0) }
    }

    /// `compute_class_weight`: ones, `n / (K · count_k)` for `.balanced`, or the given weights.
    static func classWeights(_ classWeight: ClassWeight?, classes: [Float], classIndices y: [Int],
                             _ context: String) throws -> [Double] {
        switch classWeight {
        case nil:
            return Array(repeating: 1, count: classes.count)
        case .balanced:
            var counts = Array(repeating: 0, count: classes.count)
            for c in y { counts[c] += 1 }
            return counts.map { Double(y.count) / (Double(classes.count) * Double($0)) }
        case .weights(let given):
            let weights = classes.map { given[$0] ?? 1 }
            let unweighted = classes.filter { given[$0] == nil }
            let unknown = given.keys.filter { !classes.contains($0) }.sorted()
            if !unweighted.isEmpty, !unknown.isEmpty {
                throw SwiftLearnError.invalidArgument("\(context): classWeight names labels \(unknown) that are not classes of y; the classes \(unweighted) are not in classWeight")
            }
            if let bad = weights.first(where: { !$0.isFinite }) {
                throw SwiftLearnError.invalidArgument("\(context): classWeight values must be finite, received \(bad)")
            }
            return weights
        }
    }
}
