import Foundation
import TensorCore

/// The size of a train or test set: a fraction of the samples or an absolute count.
public enum SplitSize: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// A fraction in (0, 1): test sets round up (⌈f·n⌉), train sets round down (⌊f·n⌋).
    case fraction(Double)
    /// A number of samples in [1, n).
    case count(Int)

    public init(floatLiteral value: Double) { self = .fraction(value) }
    public init(integerLiteral value: Int) { self = .count(value) }

    public var description: String {
        switch self {
        case .fraction(let f): return "\(f)"
        case .count(let c): return "\(c)"
        }
    }
}

/// The (train, test) sizes for `n` samples, by scikit-learn's `_validate_shuffle_split` rules.
func shuffleSplitSizes(_ context: String, n: Int, testSize: SplitSize?, trainSize: SplitSize?, defaultTest: Double) throws -> (train: Int, test: Int) {
    let test = (testSize == nil && trainSize == nil) ? .fraction(defaultTest) : testSize
    func check(_ size: SplitSize?, _ name: String) throws {
        let bad: Bool
        switch size {
        case .fraction(let f)?: bad = !(f > 0 && f < 1)
        case .count(let c)?: bad = c <= 0 || c >= n
        case nil: bad = false
        }
        if bad, let size {
            throw SwiftLearnError.invalidArgument("\(context): \(name)=\(size) should be either positive and smaller than the number of samples \(n) or a float in the (0, 1) range")
        }
    }
    try check(test, "testSize")
    try check(trainSize, "trainSize")
    if case .fraction(let a)? = test, case .fraction(let b)? = trainSize, a + b > 1 {
        throw SwiftLearnError.invalidArgument("\(context): the sum of testSize and trainSize = \(a + b), should be in the (0, 1) range. Reduce testSize and/or trainSize")
    }
    var nTest: Int?, nTrain: Int?
    switch test {
    case .fraction(let f)?: nTest = Int((f * Double(n)).rounded(.up))
    case .count(let c)?: nTest = c
    case nil: break
    }
    switch trainSize {
    case .fraction(let f)?: nTrain = Int((f * Double(n)).rounded(.down))
    case .count(let c)?: nTrain = c
    case nil: break
    }
    let train = nTrain ?? (n - (nTest ?? 0))
    let testCount = nTest ?? (n - train)
    guard train + testCount <= n else {
        throw SwiftLearnError.invalidArgument("\(context): the sum of train and test sizes = \(train + testCount), should be smaller than the number of samples \(n). Reduce testSize and/or trainSize")
    }
    guard train > 0 else {
        throw SwiftLearnError.invalidArgument("\(context): with sampleCount=\(n), testSize=\(testSize.map { "\($0)" } ?? "nil") and trainSize=\(trainSize.map { "\($0)" } ?? "nil"), the resulting train set will be empty. Adjust any of the aforementioned parameters")
    }
    return (train, testCount)
}

/// Independent random train/test splits (scikit-learn's `ShuffleSplit`): each split permutes
/// the samples; the test set is the first `nTest`, the train set the next `nTrain`, both in
/// permutation order. One generator serves all splits.
public struct ShuffleSplit: CrossValidator, Equatable {
    /// The number of splits.
    public var nSplits: Int
    /// The test set size (default 0.1 when both sizes are `nil`).
    public var testSize: SplitSize?
    /// The train set size (default: the complement of the test set).
    public var trainSize: SplitSize?
    /// The seed; `nil` draws one from the global random state.
    public var randomState: UInt64?

    public init(nSplits: Int = 10, testSize: SplitSize? = nil, trainSize: SplitSize? = nil, randomState: UInt64? = nil) {
        self.nSplits = nSplits
        self.testSize = testSize
        self.trainSize = trainSize
        self.randomState = randomState
    }

    public func splits(sampleCount n: Int, y: Tensor? = nil) throws -> [TrainTestIndices] {
        guard nSplits >= 1 else {
            throw SwiftLearnError.invalidArgument("ShuffleSplit: nSplits must be at least 1, got \(nSplits)")
        }
        let (nTrain, nTest) = try shuffleSplitSizes("ShuffleSplit", n: n, testSize: testSize, trainSize: trainSize, defaultTest: 0.1)
        var generator = splitterGenerator(randomState)
        return (0..<nSplits).map { _ in
            let perm = generator.permutation(n)
            return TrainTestIndices(train: Array(perm[nTest..<nTest + nTrain]), test: Array(perm[..<nTest]))
        }
    }
}

/// Random splits that keep each class's proportion (scikit-learn's `StratifiedShuffleSplit`):
/// per-class train and test counts by largest remainder (ties broken at random), then each
/// class's samples permuted, and finally both sets permuted.
public struct StratifiedShuffleSplit: CrossValidator, Equatable {
    /// The number of splits.
    public var nSplits: Int
    /// The test set size (default 0.1 when both sizes are `nil`).
    public var testSize: SplitSize?
    /// The train set size (default: the complement of the test set).
    public var trainSize: SplitSize?
    /// The seed; `nil` draws one from the global random state.
    public var randomState: UInt64?

    public init(nSplits: Int = 10, testSize: SplitSize? = nil, trainSize: SplitSize? = nil, randomState: UInt64? = nil) {
        self.nSplits = nSplits
        self.testSize = testSize
        self.trainSize = trainSize
        self.randomState = randomState
    }

    public func splits(sampleCount n: Int, y: Tensor?) throws -> [TrainTestIndices] {
        try stratifiedShuffleSplits("StratifiedShuffleSplit", n: n, y: y, defaultTest: 0.1)
    }

    func stratifiedShuffleSplits(_ context: String, n: Int, y: Tensor?, defaultTest: Double) throws -> [TrainTestIndices] {
        guard let y else { throw SwiftLearnError.invalidArgument("\(context): the class labels y are required") }
        let labels = try InputChecks.vector(y, context, name: "y")
        guard labels.count == n else {
            throw SwiftLearnError.shapeMismatch("\(context): y has \(labels.count) labels but there are \(n) samples")
        }
        guard nSplits >= 1 else { throw SwiftLearnError.invalidArgument("\(context): nSplits must be at least 1, got \(nSplits)") }
        let (nTrain, nTest) = try shuffleSplitSizes(context, n: n, testSize: testSize, trainSize: trainSize, defaultTest: defaultTest)
        let classes = uniqueSorted(labels)
        let position = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var members = Array(repeating: [Int](), count: classes.count)
        for (i, label) in labels.enumerated() { members[position[label] ?? 0].append(i) }
        let counts = members.map(\.count)
        if let smallest = counts.min(), smallest < 2 {
            throw SwiftLearnError.invalidArgument("\(context): the least populated class in y has only \(smallest) member, which is too few. The minimum number of members for any class cannot be less than 2")
        }
        guard nTrain >= classes.count else {
            throw SwiftLearnError.invalidArgument("\(context): the train size = \(nTrain) should be greater or equal to the number of classes = \(classes.count)")
        }
        guard nTest >= classes.count else {
            throw SwiftLearnError.invalidArgument("\(context): the test size = \(nTest) should be greater or equal to the number of classes = \(classes.count)")
        }
        var generator = splitterGenerator(randomState)
        return (0..<nSplits).map { _ in
            let trainCounts = approximateMode(counts, draws: nTrain, &generator)
            let testCounts = approximateMode(zip(counts, trainCounts).map { $0 - $1 }, draws: nTest, &generator)
            var train: [Int] = [], test: [Int] = []
            for c in classes.indices {
                let perm = generator.permutation(counts[c]).map { members[c][$0] }
                train += perm[..<trainCounts[c]]
                test += perm[trainCounts[c]..<trainCounts[c] + testCounts[c]]
            }
            return TrainTestIndices(train: generator.permutation(train.count).map { train[$0] },
                                    test: generator.permutation(test.count).map { test[$0] })
        }
    }
}

/// `draws` split over classes in proportion to `counts`: floors first, then the remaining units
/// go to the largest remainders, ties broken at random (scikit-learn's `_approximate_mode`).
func approximateMode(_ counts: [Int], draws: Int, _ generator: inout SeededGenerator) -> [Int] {
    let total = Double(counts.reduce(0, +))
    let continuous = counts.map { Double($0) / total * Double(draws) }
    var result = continuous.map { Int($0.rounded(.down)) }
    var needed = draws - result.reduce(0, +)
    let remainders = zip(continuous, result).map { $0 - Double($1) }
    for value in Set(remainders).sorted(by: >) where needed > 0 {
        var tied = remainders.indices.filter { remainders[$0] == value }
        generator.shuffle(&tied)
        for i in tied.prefix(needed) { result[i] += 1 }
        needed -= min(tied.count, needed)
    }
    return result
}

/// A train/test split of `x` and `y` (scikit-learn's `train_test_split`).
public struct TrainTestSplit: Sendable {
    public var xTrain: Tensor, xTest: Tensor, yTrain: Tensor, yTest: Tensor
    /// The sample indices of each part, in the order the rows appear.
    public var indices: TrainTestIndices
}

/// Splits the samples of `x` and `y` into a random train and test part (`train_test_split`).
///
/// The default test size is 0.25. With `stratify` (usually `y`), class proportions are kept
/// (``StratifiedShuffleSplit``). With `shuffle: false` the first samples train and the next test.
public func trainTestSplit(_ x: Tensor, _ y: Tensor, testSize: SplitSize? = nil, trainSize: SplitSize? = nil,
                           randomState: UInt64? = nil, shuffle: Bool = true, stratify: Tensor? = nil) throws -> TrainTestSplit {
    let context = "trainTestSplit"
    guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0] else {
        throw SwiftLearnError.shapeMismatch("\(context): x (shape \(formatShape(x.shape))) and y (shape \(formatShape(y.shape))) must have the same number of samples")
    }
    let n = x.shape[0]
    let split: TrainTestIndices
    if !shuffle {
        guard stratify == nil else {
            throw SwiftLearnError.invalidArgument("\(context): stratified train/test split is not implemented for shuffle=false")
        }
        let (nTrain, nTest) = try shuffleSplitSizes(context, n: n, testSize: testSize, trainSize: trainSize, defaultTest: 0.25)
        split = TrainTestIndices(train: Array(0..<nTrain), test: Array(nTrain..<nTrain + nTest))
    } else if let stratify {
        let splitter = StratifiedShuffleSplit(nSplits: 1, testSize: testSize, trainSize: trainSize, randomState: randomState)
        split = try splitter.stratifiedShuffleSplits(context, n: n, y: stratify, defaultTest: 0.25)[0]
    } else {
        let sizes = testSize == nil && trainSize == nil ? SplitSize.fraction(0.25) : testSize
        split = try ShuffleSplit(nSplits: 1, testSize: sizes, trainSize: trainSize, randomState: randomState).splits(sampleCount: n)[0]
    }
    return TrainTestSplit(
        xTrain: try x.gathering(rows: split.train), xTest: try x.gathering(rows: split.test),
        yTrain: try y.gathering(rows: split.train), yTest: try y.gathering(rows: split.test), indices: split)
}
