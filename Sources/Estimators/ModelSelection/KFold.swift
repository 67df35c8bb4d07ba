import TensorCore

/// One train/test partition of sample indices.
public struct TrainTestIndices: Sendable, Equatable {
    /// Indices of the samples to fit on.
    public var train: [Int]
    /// Indices of the samples to score on.
    public var test: [Int]

    public init(train: [Int], test: [Int]) {
        self.train = train
        self.test = test
    }
}

/// A cross-validation strategy: splits `n` samples into train/test index sets.
///
/// Shuffling splitters draw from SwiftLearn's ``SeededGenerator`` seeded with `randomState`
/// (or, when it is `nil`, from the global random state): the same seed always gives the same
/// splits, but they are not NumPy's `RandomState` stream, so shuffled folds differ from
/// scikit-learn's. The unshuffled folds and every size rule are scikit-learn's.
public protocol CrossValidator: Sendable {
    /// How many splits ``splits(sampleCount:y:)`` returns.
    var nSplits: Int { get }

    /// The splits of `sampleCount` samples; stratified splitters need the labels `y`.
    func splits(sampleCount: Int, y: Tensor?) throws -> [TrainTestIndices]
}

extension CrossValidator {
    /// The splits of the rows of `x` (labels `y` for stratified splitters).
    public func split(_ x: Tensor, _ y: Tensor? = nil) throws -> [TrainTestIndices] {
        guard x.rank >= 1 else {
            throw SwiftLearnError.shapeMismatch("\(type(of: self)).split: x must have a sample dimension, received shape \(formatShape(x.shape))")
        }
        return try splits(sampleCount: x.shape[0], y: y)
    }
}

/// The generator a shuffling splitter uses: seeded by `randomState`, else from the global state.
func splitterGenerator(_ randomState: UInt64?) -> SeededGenerator {
    randomState.map { SeededGenerator(seed: $0) } ?? GlobalRandom.makeGenerator()
}

/// Checks the k-fold parameters shared by ``KFold`` and ``StratifiedKFold``.
func checkKFold(_ name: String, nSplits: Int, shuffle: Bool, randomState: UInt64?, sampleCount: Int) throws {
    guard nSplits >= 2 else {
        throw SwiftLearnError.invalidArgument("\(name): k-fold cross-validation requires at least one train/test split by setting nSplits=2 or more, got nSplits=\(nSplits)")
    }
    guard shuffle || randomState == nil else {
        throw SwiftLearnError.invalidArgument("\(name): setting a randomState has no effect since shuffle is false. Leave randomState nil, or set shuffle=true")
    }
    guard nSplits <= sampleCount else {
        throw SwiftLearnError.invalidArgument("\(name): cannot have number of splits nSplits=\(nSplits) greater than the number of samples: sampleCount=\(sampleCount)")
    }
}

/// Splits test folds out of a per-sample fold id: fold `i` tests the samples whose id is `i`
/// and trains on the rest, both ascending (scikit-learn's masks).
func foldsFromIDs(_ ids: [Int], nSplits: Int) -> [TrainTestIndices] {
    (0..<nSplits).map { fold in
        var train: [Int] = [], test: [Int] = []
        for (i, id) in ids.enumerated() {
            if id == fold { test.append(i) } else { train.append(i) }
        }
        return TrainTestIndices(train: train, test: test)
    }
}

/// K consecutive folds (scikit-learn's `KFold`): the first `n % k` folds get ⌊n/k⌋ + 1 samples,
/// the rest ⌊n/k⌋; with `shuffle`, the sample order is permuted once before cutting.
public struct KFold: CrossValidator, Equatable {
    /// The number of folds (at least 2).
    public var nSplits: Int
    /// Whether to permute the samples before cutting folds.
    public var shuffle: Bool
    /// The shuffle seed; must be `nil` unless `shuffle`.
    public var randomState: UInt64?

    public init(nSplits: Int = 5, shuffle: Bool = false, randomState: UInt64? = nil) {
        self.nSplits = nSplits
        self.shuffle = shuffle
        self.randomState = randomState
    }

    public func splits(sampleCount n: Int, y: Tensor? = nil) throws -> [TrainTestIndices] {
        try checkKFold("KFold", nSplits: nSplits, shuffle: shuffle, randomState: randomState, sampleCount: n)
        var order = Array(0..<n)
        if shuffle {
            var generator = splitterGenerator(randomState)
            generator.shuffle(&order)
        }
        var ids = Array(repeating: 0, count: n)
        var start = 0
        for fold in 0..<nSplits {
            let size = n / nSplits + (fold < n % nSplits ? 1 : 0)
            for i in order[start..<start + size] { ids[i] = fold }
            start += size
        }
        return foldsFromIDs(ids, nSplits: nSplits)
    }
}

/// K folds that keep each class's proportion (scikit-learn's `StratifiedKFold`).
///
/// Classes are taken in order of first appearance; their sorted labels are dealt round-robin to
/// the folds, which fixes how many samples of each class every fold gets; within a class,
/// samples in their original order fill fold 0, then 1, … (with `shuffle`, that fold
/// assignment is permuted, class by class).
public struct StratifiedKFold: CrossValidator, Equatable {
    /// The number of folds (at least 2).
    public var nSplits: Int
    /// Whether to permute each class's fold assignment.
    public var shuffle: Bool
    /// The shuffle seed; must be `nil` unless `shuffle`.
    public var randomState: UInt64?

    public init(nSplits: Int = 5, shuffle: Bool = false, randomState: UInt64? = nil) {
        self.nSplits = nSplits
        self.shuffle = shuffle
        self.randomState = randomState
    }

    public func splits(sampleCount n: Int, y: Tensor?) throws -> [TrainTestIndices] {
        guard let y else {
            throw SwiftLearnError.invalidArgument("StratifiedKFold: the class labels y are required")
        }
        let labels = try InputChecks.vector(y, "StratifiedKFold", name: "y")
        guard labels.count == n else {
            throw SwiftLearnError.shapeMismatch("StratifiedKFold: y has \(labels.count) labels but there are \(n) samples")
        }
        try checkKFold("StratifiedKFold", nSplits: nSplits, shuffle: shuffle, randomState: randomState, sampleCount: n)
        // Encode labels by order of first appearance.
        var code: [Float: Int] = [:]
        let encoded = labels.map { label -> Int in
            if let c = code[label] { return c }
            code[label] = code.count
            return code.count - 1
        }
        var counts = Array(repeating: 0, count: code.count)
        for c in encoded { counts[c] += 1 }
        guard counts.contains(where: { $0 >= nSplits }) else {
            throw SwiftLearnError.invalidArgument("StratifiedKFold: nSplits=\(nSplits) cannot be greater than the number of members in each class (largest class has \(counts.max() ?? 0))")
        }
        // allocation[fold][class]: how many of the sorted labels at positions fold, fold+k, … are in class.
        let sortedCodes = encoded.sorted()
        var allocation = Array(repeating: Array(repeating: 0, count: counts.count), count: nSplits)
        for (position, c) in sortedCodes.enumerated() { allocation[position % nSplits][c] += 1 }
        var generator = shuffle ? splitterGenerator(randomState) : SeededGenerator(seed: 0)
        var ids = Array(repeating: 0, count: n)
        for c in counts.indices {
            var foldsForClass: [Int] = []
            for fold in 0..<nSplits { foldsForClass += Array(repeating: fold, count: allocation[fold][c]) }
            if shuffle { generator.shuffle(&foldsForClass) }
            var next = 0
            for i in 0..<n where encoded[i] == c {
                ids[i] = foldsForClass[next]
                next += 1
            }
        }
        return foldsFromIDs(ids, nSplits: nSplits)
    }
}
