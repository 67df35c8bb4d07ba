import Testing
import TensorCore
import NeuralNet
@testable import Estimators

private func chapterRegressor() -> KerasRegressor<ChapterBuildParams> {
    var reg = KerasRegressor(ChapterBuildParams()) { p, info in try chapterBuildModel(p, info, output: Dense(1), loss: .meanSquaredError) }
    reg.fitOptions.epochs = 30
    reg.fitOptions.batchSize = 8
    reg.fitOptions.randomState = 42
    return reg
}

@Suite struct KerasWrapperTests {
    @Test func regressorTrainsTheBuiltModelAndScoresR2() throws {
        let (x, y) = try regressionData(60)
        let reg = chapterRegressor().setting(\.parameters.learningRate, to: 0.05)
        let fitted = try reg.fit(x, y)
        let r2 = try fitted.score(x, y)
        #expect(r2 == (try r2Score(y, fitted.predict(x))))
        #expect(r2 > 0.8, "R² \(r2)")
        #expect(fitted.history["loss"]?.count == 30 && fitted.epochsRun == Array(0..<30))
        #expect(try fitted.predict(x).shape == [60])
        // Same seed, same model; the fitted model is reachable as an independent copy.
        #expect(try reg.fit(x, y).predict(x).scalars == fitted.predict(x).scalars)
        let copy = try fitted.model
        #expect(try copy.predict(x, verbose: .silent).reshaped(to: [-1]).scalars == fitted.predict(x).scalars)
        #expect(fitted.withModel { $0.layers.count } == 2)
    }

    @Test func hyperparametersAreSettableByKeyPathAndByName() throws {
        let reg = try chapterRegressor().setting(["n_hidden": 2, "epochs": 5, "learning_rate": 0.01])
        #expect(reg.parameters == ChapterBuildParams(nHidden: 2, nNeurons: 30, learningRate: 0.01) && reg.fitOptions.epochs == 5)
        #expect(reg.setting(\.parameters.nNeurons, to: 7).parameters.nNeurons == 7)
        // Wrapped at 80 columns as scikit-learn's printer wraps it.
        #expect(reg.parameterDescription == "KerasRegressor(batch_size=8, epochs=5, learning_rate=0.01, n_hidden=2,\n               random_state=42)")
        #expect { try reg.setting("n_hiden", to: 1) } throws: { "\($0)".contains("'n_hiden'") && "\($0)".contains("n_neurons") }
        let (x, y) = try regressionData(20)
        #expect(try reg.fit(x, y).history["loss"]?.count == 5)
    }

    @Test func fitOptionsReachKerasFit() throws {
        let (x, y) = try regressionData(50)
        var reg = chapterRegressor()
        reg.fitOptions.validationSplit = 0.2
        reg.fitOptions.callbacks = { [EarlyStopping(monitor: "loss", minDelta: 1e9, patience: 1)] }
        let fitted = try reg.fit(x, y)
        #expect(fitted.epochsRun.count == 2) // stopped by the callback (no improvement ≥ 1e9 after one epoch)
        #expect(fitted.history["val_loss"]?.count == 2)
        reg.fitOptions.validationSplit = 0
        reg.fitOptions.validationData = (x, y)
        #expect(try reg.fit(x, y).history["val_loss"]?.count == 2)
        #expect { try reg.setting(\.fitOptions.epochs, to: 0).fit(x, y) } throws: { "\($0)".contains("epochs must be ≥ 1, received 0") }
        #expect { try reg.setting(\.fitOptions.batchSize, to: -2).fit(x, y) } throws: { "\($0)".contains("batch_size must be ≥ 1, received -2") }
        #expect { try reg.setting(\.fitOptions.verbose, to: 5).fit(x, y) } throws: { "\($0)".contains("verbose must be 0") }
        reg.fitOptions.validationSplit = 1.5
        #expect { try reg.fit(x, y) } throws: { "\($0)".contains("validation_split must be in [0, 1), received 1.5") }
        let uncompiled = KerasRegressor(ChapterBuildParams()) { _, info in try Sequential([InputLayer(shape: info.inputShape), Dense(1)]) }
        #expect { try uncompiled.fit(x, y) } throws: { "\($0)".contains("uncompiled") }
    }

    @Test func classifierEncodesLabelsAndScoresAccuracy() throws {
        let (x, _) = try regressionData(60)
        let labels = Tensor(x.scalars.enumerated().compactMap { $0.offset % 2 == 0 ? ($0.element > 0 ? Float(5) : -2) : nil })
        var clf = KerasClassifier(ChapterBuildParams(learningRate: 0.1)) { p, info in
            try chapterBuildModel(p, info, output: Dense(info.outputCount, activation: .softmax), loss: .sparseCategoricalCrossentropy)
        }
        clf.fitOptions.epochs = 40
        clf.fitOptions.batchSize = 10
        clf.fitOptions.randomState = 1
        let fitted = try clf.fit(x, labels)
        #expect(fitted.classes == [-2, 5])
        let accuracy = try fitted.score(x, labels)
        #expect(accuracy == (try accuracyScore(labels, fitted.predict(x))) && accuracy > 0.9, "accuracy \(accuracy)")
        #expect(try fitted.predictProba(x).shape == [60, 2])

        var binary = KerasClassifier(ChapterBuildParams(learningRate: 0.1)) { p, info in
            try chapterBuildModel(p, info, output: Dense(1, activation: .sigmoid), loss: .binaryCrossentropy)
        }
        binary.fitOptions.epochs = 40
        binary.fitOptions.randomState = 1
        let b = try binary.fit(x, labels)
        #expect(try b.score(x, labels) > 0.9 && b.predictProba(x).shape == [60, 2])
        let three = Tensor((0..<60).map { Float($0 % 3) })
        #expect { try binary.fit(x, three).predict(x) } throws: { "\($0)".contains("for 3 classes it must return [samples, 3]") }
    }

    @Test func wrappersFitInParallelTasks() async throws {
        let (x, y) = try regressionData(30)
        let reg = chapterRegressor().setting(\.fitOptions.epochs, to: 3)
        let scores = try await withThrowingTaskGroup(of: Double.self) { group in
            for _ in 0..<3 { group.addTask { try reg.fit(x, y).score(x, y) } }
            return try await group.reduce(into: [Double]()) { $0.append($1) }
        }
        #expect(Set(scores).count == 1)
    }
}
