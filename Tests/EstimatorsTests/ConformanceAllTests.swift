import Testing
import TensorCore
import NeuralNet
@testable import Estimators

/// The conformance runs use a smaller, faster network than the wrapper tests.
private let smallNet = ChapterBuildParams(nHidden: 1, nNeurons: 8, learningRate: 0.05)

private func kerasRegressor() -> KerasRegressor<ChapterBuildParams> {
    var reg = KerasRegressor(smallNet) { p, info in try chapterBuildModel(p, info, output: Dense(1), loss: .meanSquaredError) }
    reg.fitOptions.epochs = 3
    reg.fitOptions.batchSize = 8
    reg.fitOptions.randomState = 3
    return reg
}

private func kerasClassifier() -> KerasClassifier<ChapterBuildParams> {
    var clf = KerasClassifier(smallNet) { p, info in
        try chapterBuildModel(p, info, output: Dense(info.outputCount, activation: .softmax), loss: .sparseCategoricalCrossentropy)
    }
    clf.fitOptions.epochs = 3
    clf.fitOptions.batchSize = 8
    clf.fitOptions.randomState = 3
    return clf
}

/// 24 samples with 3 features, a smooth regression target and 3 classes (8 each).
private func smallData() throws -> (x: Tensor, regression: Tensor, classes: Tensor) {
    var x: [Float] = [], r: [Float] = [], c: [Float] = []
    for i in 0..<24 {
        let a = Float(i % 7) / 3 - 1, b = Float((i * 5) % 11) / 5 - 1, d = Float((i * 3) % 5) / 2 - 1
        x += [a, b, d]
        r.append(2 * a - b + 0.5 * d)
        c.append(Float(i % 3))
    }
    return (try Tensor(shape: [24, 3], scalars: x), Tensor(r), Tensor(c))
}

/// `checkEstimator` on every neural estimator of the library (the Perceptron's run is in ConformanceTests).
@Suite struct ConformanceAllTests {
    @Test func mlpRegressorPassesEveryCheck() async throws {
        let (x, y, _) = try smallData()
        let report = await checkEstimator(MLPRegressor(hiddenLayerSizes: [5], maxIter: 5, randomState: 0), x: x, y: y)
        #expect(report.passed, "\(report)")
        #expect(report.checks.count == 14)
    }

    @Test func mlpClassifierPassesEveryCheck() async throws {
        let (x, _, y) = try smallData()
        let report = await checkEstimator(MLPClassifier(hiddenLayerSizes: [5], maxIter: 5, randomState: 0), x: x, y: y)
        #expect(report.passed, "\(report)")
        #expect(report.checks.count == 14)
    }

    @Test func kerasRegressorPassesEveryCheck() async throws {
        let (x, y, _) = try smallData()
        let report = await checkEstimator(kerasRegressor(), x: x, y: y)
        #expect(report.passed, "\(report)")
        #expect(report.checks.count == 14)
    }

    @Test func kerasClassifierPassesEveryCheck() async throws {
        let (x, _, y) = try smallData()
        let report = await checkEstimator(kerasClassifier(), x: x, y: y)
        #expect(report.passed, "\(report)")
        #expect(report.checks.count == 14)
    }

    /// Other training paths: sgd with momentum and adaptive rate, early stopping, no seed
    /// (the checker's global seed decides), logistic/tanh activations, several hidden layers.
    @Test func mlpVariantsPassEveryCheck() async throws {
        let (x, r, c) = try smallData()
        let regressors = [
            MLPRegressor(hiddenLayerSizes: [4, 3], activation: .tanh, solver: .sgd, learningRate: .adaptive, maxIter: 4,
                         randomState: 1, nesterovsMomentum: false),
            MLPRegressor(hiddenLayerSizes: [4], maxIter: 6, earlyStopping: true, validationFraction: 0.2),
            MLPRegressor(hiddenLayerSizes: [3], batchSize: 5, maxIter: 3, shuffle: false, randomState: 2),
        ]
        for estimator in regressors {
            let report = await checkEstimator(estimator, x: x, y: r)
            #expect(report.passed, "\(estimator.parameterDescription)\n\(report)")
        }
        let classifiers = [
            MLPClassifier(hiddenLayerSizes: [4], activation: .logistic, solver: .sgd, learningRate: .invscaling, maxIter: 4, randomState: 1),
            MLPClassifier(hiddenLayerSizes: [4], maxIter: 6, earlyStopping: true, validationFraction: 0.25),
        ]
        for estimator in classifiers {
            let report = await checkEstimator(estimator, x: x, y: c)
            #expect(report.passed, "\(estimator.parameterDescription)\n\(report)")
        }
        let binary = Tensor(c.scalars.map { $0 == 1 ? 1 : 0 })
        let report = await checkEstimator(MLPClassifier(hiddenLayerSizes: [3], maxIter: 4, earlyStopping: true), x: x, y: binary)
        #expect(report.passed, "\(report)")
    }

    @Test func kerasVariantsPassEveryCheck() async throws {
        let (x, r, c) = try smallData()
        var unseeded = kerasRegressor()
        unseeded.fitOptions.randomState = nil
        unseeded.fitOptions.validationSplit = 0.25
        unseeded.parameters.nHidden = 2
        let reports = [
            await checkEstimator(unseeded, x: x, y: r),
            await checkEstimator(kerasClassifier().setting(\.fitOptions.shuffle, to: false), x: x, y: c),
        ]
        for report in reports { #expect(report.passed, "\(report)") }
        var binary = KerasClassifier(smallNet) { p, info in
            try chapterBuildModel(p, info, output: Dense(1, activation: .sigmoid), loss: .binaryCrossentropy)
        }
        binary.fitOptions.epochs = 2
        let report = await checkEstimator(binary, x: x, y: Tensor(c.scalars.map { $0 == 2 ? 5 : -1 }))
        #expect(report.passed, "\(report)")
    }

    @Test func penalizedEarlyStoppingPerceptronPassesEveryCheck() async throws {
        let (x, _, y) = try smallData()
        let estimator = Perceptron(penalty: .elasticnet, alpha: 0.01, earlyStopping: true, validationFraction: 0.25, classWeight: .balanced)
        let report = await checkEstimator(estimator, x: x, y: y)
        #expect(report.passed, "\(report)")
    }
}

/// `checkEstimator` on the composites and `checkTransformer` on every transformer of the library.
@Suite struct ConformanceCompositesAndTransformersTests {
    @Test func pipelineAndTransformedTargetRegressorPassEveryEstimatorCheck() async throws {
        let (x, r, c) = try smallData()
        let pipeline = Pipeline(("scaler", MinMaxScaler()), ("perceptron", Perceptron(maxIter: 20)))
        let ttr = TransformedTargetRegressor(regressor: MLPRegressor(hiddenLayerSizes: [4], maxIter: 4, randomState: 0),
                                            transformer: StandardScaler())
        let reports = [await checkEstimator(pipeline, x: x, y: c), await checkEstimator(ttr, x: x, y: r)]
        for report in reports {
            #expect(report.passed, "\(report)")
            #expect(report.checks.count == 14)
        }
    }

    @Test func everyTransformerPassesEveryCheck() throws {
        let (x, _, c) = try smallData()
        var missing = x.scalars
        for i in stride(from: 1, to: missing.count, by: 7) { missing[i] = .nan }
        let xMissing = try Tensor(shape: x.shape, scalars: missing)
        let categorical = try Tensor(shape: x.shape, scalars: x.scalars.map { ($0 * 3).rounded() })
        let cases: [(String, ConformanceReport, Int)] = [
            ("StandardScaler", checkTransformer(StandardScaler(), x: x), 12),
            ("StandardScaler(with_mean=False)", checkTransformer(StandardScaler(withMean: false), x: x), 12),
            ("MinMaxScaler", checkTransformer(MinMaxScaler(featureRange: (-1, 2)), x: x), 12),
            ("OneHotEncoder", checkTransformer(OneHotEncoder(), x: categorical), 12),
            ("OneHotEncoder(drop=first)", checkTransformer(OneHotEncoder(drop: .first), x: categorical), 12),
            ("SimpleImputer", checkTransformer(SimpleImputer(), x: xMissing), 11),
            ("SimpleImputer(median, add_indicator)", checkTransformer(SimpleImputer(strategy: .median, addIndicator: true), x: xMissing), 11),
            ("ColumnTransformer", checkTransformer(ColumnTransformer(("scale", StandardScaler(), [0, 1]), ("onehot", OneHotEncoder(), [2])), x: categorical), 11),
            ("ColumnTransformer(passthrough)", checkTransformer(ColumnTransformer(("scale", MinMaxScaler(), [1]), remainder: .passthrough), x: x), 11),
            ("Pipeline", checkTransformer(Pipeline(("impute", SimpleImputer()), ("scale", StandardScaler())), x: xMissing), 11),
            ("LabelEncoder", checkTransformer(LabelEncoder(), x: Tensor(c.scalars.map { $0 * 10 - 5 })), 10),
        ]
        for (name, report, count) in cases {
            #expect(report.passed, "\(name)\n\(report)")
            #expect(report.checks.count == count, "\(name)\n\(report)")
        }
    }
}
