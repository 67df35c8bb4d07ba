import TensorCore

/// Standardizes features to zero mean and unit variance (scikit-learn's `StandardScaler`).
///
/// Deprecated: `Estimators.StandardScaler` is the real transformer (`with_mean`, `with_std`,
/// sample weights, scikit-learn's constant-feature rule, `inverseTransform`); its `fit` returns a
/// `FittedStandardScaler`. Code importing `Estimators` (or `SwiftLearn`) already gets that type.
@available(*, deprecated, message: "use Estimators.StandardScaler: `let (fitted, z) = try StandardScaler().fitTransform(x)`")
public struct StandardScaler {
    public private(set) var mean: [Float] = []
    public private(set) var scale: [Float] = []

    public init() {}

    /// Learns per-column mean and standard deviation (population, as scikit-learn) of a `[rows, columns]` tensor.
    public mutating func fit(_ x: Tensor) throws {
        guard x.rank == 2, x.shape[0] > 0 else {
            throw SwiftLearnError.shapeMismatch("StandardScaler.fit: expected a non-empty (samples, features) tensor, received \(formatShape(x.shape))")
        }
        let (n, d) = (x.shape[0], x.shape[1])
        let v = x.scalars
        var m = [Double](repeating: 0, count: d), s = [Double](repeating: 0, count: d)
        for r in 0..<n { for j in 0..<d { m[j] += Double(v[r * d + j]) } }
        for j in 0..<d { m[j] /= Double(n) }
        for r in 0..<n { for j in 0..<d { let e = Double(v[r * d + j]) - m[j]; s[j] += e * e } }
        mean = m.map { Float($0) }
        scale = s.map { let sd = ($0 / Double(n)).squareRoot(); return sd == 0 ? 1 : Float(sd) }
    }

    /// `(x − mean) / scale` column-wise.
    public func transform(_ x: Tensor) throws -> Tensor {
        guard !mean.isEmpty else { throw SwiftLearnError.invalidState("StandardScaler.transform: call fit first") }
        guard x.rank == 2, x.shape[1] == mean.count else {
            throw SwiftLearnError.shapeMismatch("StandardScaler.transform: expected (samples, \(mean.count)), received \(formatShape(x.shape))")
        }
        let d = mean.count
        var out = x
        out.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = (p[i] - mean[i % d]) / scale[i % d] }
        }
        return out
    }

    /// Fits, then transforms.
    public mutating func fitTransform(_ x: Tensor) throws -> Tensor {
        try fit(x)
        return try transform(x)
    }
}

/// Splits rows into a shuffled train and test part (scikit-learn's `train_test_split`).
///
/// Deprecated: `Estimators.trainTestSplit(_:_:testSize:trainSize:randomState:shuffle:stratify:)`
/// follows scikit-learn (sizes, `random_state` streams, stratification).
@available(*, deprecated, message: "use Estimators.trainTestSplit(_:_:testSize:trainSize:randomState:shuffle:stratify:)")
public func trainTestSplit(_ x: Tensor, _ y: Tensor, testFraction: Double = 0.25, seed: UInt64) throws
    -> (xTrain: Tensor, xTest: Tensor, yTrain: Tensor, yTest: Tensor) {
    guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0] else {
        throw SwiftLearnError.shapeMismatch("trainTestSplit: x has \(x.shape.first ?? 0) samples but y has \(y.shape.first ?? 0)")
    }
    guard testFraction > 0, testFraction < 1 else {
        throw SwiftLearnError.invalidArgument("trainTestSplit: testFraction must be in (0, 1), received \(testFraction)")
    }
    let n = x.shape[0]
    let testCount = Int((Double(n) * testFraction).rounded(.up))
    var generator = SeededGenerator(seed: seed)
    let order = generator.permutation(n)
    let test = Array(order[0..<testCount]), train = Array(order[testCount...])
    return (try x.gathering(rows: train), try x.gathering(rows: test), try y.gathering(rows: train), try y.gathering(rows: test))
}
