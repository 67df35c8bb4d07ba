import Foundation
import TensorCore

/// K folds that never split a group (scikit-learn's `GroupKFold`): every sample of a group is
/// in the same test fold.
///
/// Without shuffling, groups are taken largest first (equal sizes: the larger group id first)
/// and each goes to the fold holding the fewest samples so far (ties: the lowest fold). With
/// `shuffle`, the distinct groups are permuted by NumPy's `RandomState(randomState)` and cut
/// into `nSplits` consecutive chunks (`array_split`), as scikit-learn does, so seeded folds
/// equal scikit-learn's.
public struct GroupKFold: CrossValidator, Equatable {
    /// The number of folds (at least 2, at most the number of distinct groups).
    public var nSplits: Int
    /// The group of each sample.
    public var groups: [Int]
    /// Whether to permute the groups before cutting folds.
    public var shuffle: Bool
    /// The shuffle seed (NumPy's `RandomState`, below 2³²); must be `nil` unless `shuffle`.
    public var randomState: UInt64?

    public init(nSplits: Int = 5, groups: [Int], shuffle: Bool = false, randomState: UInt64? = nil) {
        self.nSplits = nSplits
        self.groups = groups
        self.shuffle = shuffle
        self.randomState = randomState
    }

    public func splits(sampleCount n: Int, y: Tensor? = nil) throws -> [TrainTestIndices] {
        let context = "GroupKFold"
        guard groups.count == n else {
            throw SwiftLearnError.shapeMismatch("\(context): groups has \(groups.count) entries but there are \(n) samples")
        }
        try checkKFold(context, nSplits: nSplits, shuffle: shuffle, randomState: randomState, sampleCount: n)
        let unique = Array(Set(groups)).sorted()
        guard nSplits <= unique.count else {
            throw SwiftLearnError.invalidArgument("\(context): cannot have number of splits nSplits=\(nSplits) greater than the number of groups: \(unique.count)")
        }
        let position = Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($1, $0) })
        let groupIndex = groups.map { position[$0] ?? 0 }
        var groupToFold = Array(repeating: 0, count: unique.count)
        if shuffle {
            var rng = NumPyRandomState(seed: randomState ?? GlobalRandom.nextSeed() & 0xFFFF_FFFF)
            groupToFold = consecutiveFoldIDs(rng.permutation(unique.count), nSplits: nSplits)
        } else {
            var sizes = Array(repeating: 0, count: unique.count)
            for g in groupIndex { sizes[g] += 1 }
            // A stable ascending argsort, reversed: largest first, later group ids first among equals.
            let order = sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] < sizes[$1] : $0 < $1 }.reversed()
            var load = Array(repeating: 0, count: nSplits)
            for g in order {
                var lightest = 0
                for f in load.indices where load[f] < load[lightest] { lightest = f }
                load[lightest] += sizes[g]
                groupToFold[g] = lightest
            }
        }
        return foldsFromIDs(groupIndex.map { groupToFold[$0] }, nSplits: nSplits)
    }
}

/// ``KFold`` with shuffling, repeated `nRepeats` times (scikit-learn's `RepeatedKFold`).
///
/// One NumPy `RandomState(randomState)` serves every repeat, so the repeats are successive
/// shuffles of one stream and the folds equal scikit-learn's for the same seed (below 2³²).
public struct RepeatedKFold: CrossValidator, Equatable {
    /// Folds per repeat (at least 2).
    public var nSplitsPerRepeat: Int
    /// How many times the k-fold split is repeated (at least 1).
    public var nRepeats: Int
    /// The seed; `nil` draws one from the global random state.
    public var randomState: UInt64?

    public init(nSplits: Int = 5, nRepeats: Int = 10, randomState: UInt64? = nil) {
        self.nSplitsPerRepeat = nSplits
        self.nRepeats = nRepeats
        self.randomState = randomState
    }

    /// `nSplits × nRepeats` (`get_n_splits`).
    public var nSplits: Int { nSplitsPerRepeat * nRepeats }

    public func splits(sampleCount n: Int, y: Tensor? = nil) throws -> [TrainTestIndices] {
        try checkRepeats("RepeatedKFold", nRepeats)
        try checkKFold("RepeatedKFold", nSplits: nSplitsPerRepeat, shuffle: true, randomState: nil, sampleCount: n)
        var rng = NumPyRandomState(seed: randomState ?? GlobalRandom.nextSeed() & 0xFFFF_FFFF)
        var result: [TrainTestIndices] = []
        for _ in 0..<nRepeats {
            var order = Array(0..<n)
            rng.shuffle(&order)
            result += foldsFromIDs(consecutiveFoldIDs(order, nSplits: nSplitsPerRepeat), nSplits: nSplitsPerRepeat)
        }
        return result
    }
}

/// ``StratifiedKFold`` with shuffling, repeated `nRepeats` times from one NumPy `RandomState`
/// (scikit-learn's `RepeatedStratifiedKFold`; equal folds for the same seed).
public struct RepeatedStratifiedKFold: CrossValidator, Equatable {
    /// Folds per repeat (at least 2).
    public var nSplitsPerRepeat: Int
    /// How many times the stratified split is repeated (at least 1).
    public var nRepeats: Int
    /// The seed; `nil` draws one from the global random state.
    public var randomState: UInt64?

    public init(nSplits: Int = 5, nRepeats: Int = 10, randomState: UInt64? = nil) {
        self.nSplitsPerRepeat = nSplits
        self.nRepeats = nRepeats
        self.randomState = randomState
    }

    /// `nSplits × nRepeats`.
    public var nSplits: Int { nSplitsPerRepeat * nRepeats }

    public func splits(sampleCount n: Int, y: Tensor?) throws -> [TrainTestIndices] {
        let context = "RepeatedStratifiedKFold"
        try checkRepeats(context, nRepeats)
        let labels = try StratifiedClasses.labels(y, sampleCount: n, context)
        try checkKFold(context, nSplits: nSplitsPerRepeat, shuffle: true, randomState: nil, sampleCount: n)
        let classes = try StratifiedClasses(labels: labels, nSplits: nSplitsPerRepeat, context)
        var rng = NumPyRandomState(seed: randomState ?? GlobalRandom.nextSeed() & 0xFFFF_FFFF)
        var result: [TrainTestIndices] = []
        for _ in 0..<nRepeats {
            result += foldsFromIDs(classes.foldIDs { rng.shuffle(&$0) }, nSplits: nSplitsPerRepeat)
        }
        return result
    }
}

private func checkRepeats(_ context: String, _ nRepeats: Int) throws {
    guard nRepeats >= 1 else {
        throw SwiftLearnError.invalidArgument("\(context): nRepeats must be at least 1, got nRepeats=\(nRepeats)")
    }
}

/// Each sample's prediction from the model fitted without it (scikit-learn's `cross_val_predict`):
/// the test folds of `cv` must form a partition; predictions come back in sample order.
///
/// Folds are fitted in parallel (at most `maxConcurrency` at once); fold `i` runs under the
/// random state `randomState + i`, so the result does not depend on scheduling.
public func crossValPredict<E: Estimator>(
    _ estimator: E, _ x: Tensor, _ y: Tensor, cv: (any CrossValidator)? = nil,
    randomState: UInt64? = nil, maxConcurrency: Int? = nil
) async throws -> Tensor where E.Fitted: Predictor {
    let context = "crossValPredict"
    let (n, _, _) = try InputChecks.fitInputs(x, y, context)
    let splitter: any CrossValidator = cv ?? (E.Fitted.self is any Classifier.Type ? StratifiedKFold(nSplits: 5) : KFold(nSplits: 5))
    let splits = try splitter.splits(sampleCount: n, y: y)
    var seen = Array(repeating: 0, count: n)
    for split in splits { for i in split.test { seen[i] += 1 } }
    guard seen.allSatisfy({ $0 == 1 }) else {
        throw SwiftLearnError.invalidArgument("\(context): cross_val_predict only works for partitions; \(type(of: splitter)) tests some samples \(seen.contains { $0 > 1 } ? "more than once" : "never")")
    }
    let baseSeed = randomState ?? GlobalRandom.nextSeed()
    let predictions = try await boundedMap(count: splits.count, limit: maxConcurrency) { index in
        try withRandomSeed(baseSeed &+ UInt64(index)) { () throws -> [Float] in
            let split = splits[index]
            let model = try estimator.fit(try x.gathering(rows: split.train), try y.gathering(rows: split.train))
            return try model.predict(try x.gathering(rows: split.test)).scalars
        }
    }
    var out = [Float](repeating: 0, count: n)
    for (split, values) in zip(splits, predictions) {
        guard values.count == split.test.count else {
            throw SwiftLearnError.shapeMismatch("\(context): predict returned \(values.count) values for \(split.test.count) samples")
        }
        for (i, v) in zip(split.test, values) { out[i] = v }
    }
    return Tensor(out)
}

/// Runs `body(0..<count)` as child tasks, at most `limit` (default: the core count) at once;
/// results in index order.
func boundedMap<R: Sendable>(count: Int, limit: Int?, _ body: @escaping @Sendable (Int) async throws -> R) async throws -> [R] {
    let width = max(1, limit ?? ProcessInfo.processInfo.activeProcessorCount)
    var results = [R?](repeating: nil, count: count)
    try await withThrowingTaskGroup(of: (Int, R).self) { group in
        var next = 0
        while next < min(width, count) {
            let i = next
            group.addTask { (i, try await body(i)) }
            next += 1
        }
        while let (i, r) = try await group.next() {
            results[i] = r
            if next < count {
                let j = next
                group.addTask { (j, try await body(j)) }
                next += 1
            }
        }
    }
    return results.compactMap { $0 }
}
