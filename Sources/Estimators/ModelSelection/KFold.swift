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

/// Cuts `order` (a permutation of `0..<count`) into `nSplits` consecutive chunks as NumPy's
/// `array_split` does (the first `count % nSplits` chunks one longer) and returns, for each
/// element, the chunk it fell in.
func consecutiveFoldIDs(_ order: [Int], nSplits: Int) -> [Int] {
    let count = order.count
    var ids = Array(repeating: 0, count: count)
    var start = 0
    for fold in 0..<nSplits {
        let size = count / nSplits + (fold < count % nSplits ? 1 : 0)
        for i in order[start..<start + size] { ids[i] = fold }
        start += size
    }
    return ids
}

/// The classes of stratified labels as ``StratifiedKFold`` and ``RepeatedStratifiedKFold``
/// deal them: classes coded by order of first appearance, and how many samples of each class
/// every fold gets (the sorted labels dealt round-robin).
struct StratifiedClasses {
    /// Each sample's class code.
    let encoded: [Int]
    /// `allocation[fold][class]`: how many of the sorted labels at positions fold, fold+k, … are in class.
    let allocation: [[Int]]

    /// The labels `y` of `n` samples, checked: present, a vector, one per sample.
    static func labels(_ y: Tensor?, sampleCount n: Int, _ context: String) throws -> [Float] {
        guard let y else {
            throw SwiftLearnError.invalidArgument("\(context): the class labels y are required")
        }
        let labels = try InputChecks.vector(y, context, name: "y")
        guard labels.count == n else {
            throw SwiftLearnError.shapeMismatch("\(context): y has \(labels.count) labels but there are \(n) samples")
        }
        return labels
    }

    /// Throws when no class has at least `nSplits` members.
    init(labels: [Float], nSplits: Int, _ context: String) throws {
        var code: [Float: Int] = [:]
        let encoded = labels.map { label -> Int in
            if let c = code[label] { return c }
            code[label] = code.count
            return code.count - 1
        }
        var counts = Array(repeating: 0, count: code.count)
        for c in encoded { counts[c] += 1 }
        guard counts.contains(where: { $0 >= nSplits }) else {
            throw SwiftLearnError.invalidArgument("\(context): nSplits=\(nSplits) cannot be greater than the number of members in each class (largest class has \(counts.max() ?? 0))")
        }
        var allocation = Array(repeating: Array(repeating: 0, count: counts.count), count: nSplits)
        for (position, c) in encoded.sorted().enumerated() { allocation[position % nSplits][c] += 1 }
        self.encoded = encoded
        self.allocation = allocation
    }

    /// Each sample's fold: within a class, samples in their original order fill fold 0, then
    /// 1, …, in the order `permute` leaves that class's fold list in (class by class).
    func foldIDs(permute: (inout [Int]) -> Void) -> [Int] {
        var ids = Array(repeating: 0, count: encoded.count)
        for c in allocation.first?.indices ?? 0..<0 {
            var folds: [Int] = []
            for fold in allocation.indices { folds += Array(repeating: fold, count: allocation[fold][c]) }
            permute(&folds)
            var next = 0
            for i in encoded.indices where encoded[i] == c {
                ids[i] = folds[next]
                next += 1
            }
        }
        return ids
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
        return foldsFromIDs(consecutiveFoldIDs(order, nSplits: nSplits), nSplits: nSplits)
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
        let labels = try StratifiedClasses.labels(y, sampleCount: n, "StratifiedKFold")
        try checkKFold("StratifiedKFold", nSplits: nSplits, shuffle: shuffle, randomState: randomState, sampleCount: n)
        let classes = try StratifiedClasses(labels: labels, nSplits: nSplits, "StratifiedKFold")
        var generator = shuffle ? splitterGenerator(randomState) : SeededGenerator(seed: 0)
        let ids = classes.foldIDs { folds in if shuffle { generator.shuffle(&folds) } }
        return foldsFromIDs(ids, nSplits: nSplits)
    }
}
