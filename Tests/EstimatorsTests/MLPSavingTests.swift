import Foundation
import Testing
import TensorCore
import NeuralNet
@testable import Estimators

/// A fitted MLP's `model` is a real Keras `Sequential`: it saves in the three Keras formats and
/// loads back predicting exactly as the fitted estimator.
@Suite struct MLPSavingTests {
    private func data() throws -> (x: Tensor, r: Tensor, c: Tensor) {
        var x: [Float] = [], r: [Float] = [], c: [Float] = []
        for i in 0..<30 {
            let a = Float(i % 7) / 3 - 1, b = Float((i * 5) % 11) / 5 - 1
            x += [a, b]
            r.append(2 * a - b)
            c.append(Float(i % 3) * 10)
        }
        return (try Tensor(shape: [30, 2], scalars: x), Tensor(r), Tensor(c))
    }

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mlp-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Saves `model` as `.keras`, `.h5` and `.weights.h5`, reloads each and returns their outputs on `x`.
    private func roundTrips(_ model: Sequential, _ x: Tensor) throws -> [(String, Tensor, Model)] {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var out: [(String, Tensor, Model)] = []
        for name in ["x.keras", "x.h5"] {
            let path = dir.appendingPathComponent(name).path
            try model.save(to: path)
            let loaded = try loadModel(from: path)
            out.append((name, try loaded.predict(x, verbose: .silent), loaded))
        }
        let weightsPath = dir.appendingPathComponent("x.weights.h5").path
        try model.saveWeights(to: weightsPath)
        let fresh = try cloneModel(model, copyWeights: false)
        try fresh.loadWeights(from: weightsPath)
        out.append(("x.weights.h5", try fresh.predict(x, verbose: .silent), fresh))
        return out
    }

    @Test(arguments: [MLPSolver.adam, .sgd])
    func regressorModelSavesAndLoads(solver: MLPSolver) throws {
        let (x, r, _) = try data()
        let fitted = try MLPRegressor(hiddenLayerSizes: [5], solver: solver, maxIter: 5, randomState: 0).fit(x, r)
        let expected = try fitted.predict(x)
        for (name, output, loaded) in try roundTrips(try fitted.model, x) {
            #expect(output.shape == [30, 1], "\(name)")
            #expect(output.scalars == expected.scalars, "\(name)")
            if name != "x.weights.h5" {
                try expectCompiledLikeTheMLP(loaded, loss: "mean_squared_error", solver: solver)
                let history = try loaded.fit(x, r, batchSize: 10, epochs: 2, verbose: .silent)
                #expect(history.history["loss"]?.count == 2)
            }
        }
    }

    @Test func classifierModelSavesAndLoads() throws {
        let (x, _, c) = try data()
        let fitted = try MLPClassifier(hiddenLayerSizes: [4], maxIter: 5, randomState: 0).fit(x, c)
        let expected = try fitted.predictProba(x)
        for (name, output, loaded) in try roundTrips(try fitted.model, x) {
            #expect(output.shape == expected.shape, "\(name)")
            #expect(output.scalars == expected.scalars, "\(name)")
            if name != "x.weights.h5" { try expectCompiledLikeTheMLP(loaded, loss: "sparse_categorical_crossentropy", solver: .adam) }
        }
    }

    /// The reloaded model is compiled with the MLP's loss and Keras's equivalent optimizer
    /// (scikit-learn defaults: learning_rate_init 0.001, momentum 0.9 with Nesterov, betas 0.9/0.999,
    /// epsilon 1e-8), and can go on training.
    private func expectCompiledLikeTheMLP(_ model: Model, loss: String, solver: MLPSolver) throws {
        let compiled = try #require(model.compiled)
        #expect(compiled.loss.name == loss)
        switch solver {
        case .sgd:
            let sgd = try #require(compiled.optimizer as? SGD)
            #expect(sgd.learningRate == 0.001 && sgd.momentum == 0.9 && sgd.nesterov)
        case .adam:
            let adam = try #require(compiled.optimizer as? Adam)
            #expect(adam.learningRate == 0.001 && adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-8)
        default: Issue.record("no Keras optimizer expected for \(solver)")
        }
    }
}
