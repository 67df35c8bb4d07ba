import Testing
import TensorCore
@testable import NeuralNet

/// Bad input never crashes: each case throws a SwiftLearnError whose message names the
/// argument, the expected and the received value.
@Suite struct BadInputTests {
    func classifier() throws -> Sequential {
        let model = try Sequential([Flatten(inputShape: [4, 2]), Dense(5, activation: .relu), Dense(3, activation: .softmax)])
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(), metrics: [.accuracy])
        return model
    }

    func expectError(_ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an error containing \(fragments)", sourceLocation: sourceLocation)
        } catch let error as SwiftLearnError {
            for f in fragments {
                #expect(error.description.contains(f), "'\(f)' missing from: \(error.description)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func mismatchedSampleCounts() throws {
        let model = try classifier()
        expectError(["fit", "x has 10 samples but y has 9"]) {
            try model.fit(try Tensor(zeros: [10, 4, 2]), try Tensor(zeros: [9]), verbose: .silent)
        }
        expectError(["evaluate", "x has 10 samples but y has 11"]) {
            _ = try model.evaluate(try Tensor(zeros: [10, 4, 2]), try Tensor(zeros: [11]), verbose: .silent)
        }
    }

    @Test func wrongFeatureShape() throws {
        let model = try classifier()
        expectError(["fit", "expects input of shape (None, 4, 2)", "received x of shape (10, 4, 3)"]) {
            try model.fit(try Tensor(zeros: [10, 4, 3]), try Tensor(zeros: [10]), verbose: .silent)
        }
        expectError(["predict", "(None, 4, 2)", "(2, 8)"]) { _ = try model.predict(try Tensor(zeros: [2, 8])) }
        let dense = Dense(3)
        _ = try dense(try Tensor(zeros: [2, 5]))
        expectError(["Dense '\(dense.name)'", "expected input of shape (None, 5)", "received (2, 4)"]) {
            _ = try dense(try Tensor(zeros: [2, 4]))
        }
    }

    @Test func sparseLabelsOutOfRange() throws {
        let model = try classifier()
        expectError(["sparse_categorical_crossentropy", "label 3.0 at index 2", "0..<3"]) {
            try model.fit(try Tensor(zeros: [4, 4, 2]), Tensor([0, 1, 3, 2]), verbose: .silent)
        }
        expectError(["label -1.0 at index 0"]) {
            try model.fit(try Tensor(zeros: [4, 4, 2]), Tensor([-1, 1, 0, 2]), verbose: .silent)
        }
        expectError(["label 0.5 at index 1"]) {
            _ = try Loss.sparseCategoricalCrossentropy(Tensor([0, 0.5]), Tensor(shape: [2, 3], repeating: 1.0 / 3))
        }
        expectError(["categorical_crossentropy", "one-hot"]) {
            _ = try Loss.categoricalCrossentropy(Tensor([0, 1]), Tensor(shape: [2, 3], repeating: 1.0 / 3))
        }
    }

    @Test func nanOrInfiniteInputs() throws {
        let model = try classifier()
        var x = try Tensor(zeros: [4, 4, 2])
        x.withUnsafeMutableBufferPointer { $0[13] = .nan }
        expectError(["fit", "x contains nan", "sample 1"]) { try model.fit(x, Tensor([0, 1, 2, 0]), verbose: .silent) }
        expectError(["predict", "x contains nan"]) { _ = try model.predict(x) }
        expectError(["fit", "y contains inf"]) {
            try model.fit(try Tensor(zeros: [2, 4, 2]), Tensor([0, .infinity]), verbose: .silent)
        }
    }

    @Test func predictBeforeBuild() throws {
        let model = try Sequential([Dense(3), Dense(1)])
        expectError(["predict", "not built yet"]) { _ = try model.predict(try Tensor(zeros: [2, 3])) }
        expectError(["fit", "must be compiled first"]) { try model.fit(try Tensor(zeros: [2, 3]), try Tensor(zeros: [2]), verbose: .silent) }
    }

    @Test func unknownNames() throws {
        expectError(["loss 'mean_sqared_error'", "expected one of"]) { _ = try Loss(named: "mean_sqared_error") }
        expectError(["metric 'acuracy'"]) { _ = try Metric(named: "acuracy") }
        expectError(["optimizer 'adamw2'", "sgd, adam"]) { _ = try Optimizer.named("adamw2") }
        expectError(["activation 'rellu'", "relu"]) { _ = try Activation(named: "rellu") }
        expectError(["initializer 'glorot'"]) { _ = try Initializer(named: "glorot") }
        let model = try classifier()
        expectError(["layer 'dense_99'", "its layers are"]) { _ = try model.layer(named: "dense_99") }
    }

    @Test func badHyperparameters() throws {
        let model = try classifier()
        expectError(["SGD", "learningRate", "-0.1"]) { try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: -0.1)) }
        expectError(["Adam", "beta1", "1.5"]) { try model.compile(loss: .meanSquaredError, optimizer: Adam(beta1: 1.5)) }
        expectError(["batchSize", "received 0"]) { try model.fit(try Tensor(zeros: [2, 4, 2]), Tensor([0, 1]), batchSize: 0, verbose: .silent) }
        expectError(["validationSplit", "1.5"]) { try model.fit(try Tensor(zeros: [2, 4, 2]), Tensor([0, 1]), verbose: .silent, validationSplit: 1.5) }
        expectError(["validationSplit=1e-20 of 2 samples", "0 for validation"]) { try model.fit(try Tensor(zeros: [2, 4, 2]), Tensor([0, 1]), verbose: .silent, validationSplit: 1e-20) }
        let zeroUnits = try Sequential([Dense(0)])
        expectError(["Dense", "expected a positive integer, received units=0"]) { _ = try zeroUnits(try Tensor(zeros: [1, 2])) }
    }

    @Test func weightShapesAreChecked() throws {
        let model = try classifier()
        expectError(["setWeights", "expected 4 arrays", "received 1"]) { try model.setWeights([try Tensor(zeros: [8, 5])]) }
        expectError(["weight", "kernel", "has shape (8, 5)", "received (5, 8)"]) {
            try model.setWeights([try Tensor(zeros: [5, 8]), try Tensor(zeros: [5]), try Tensor(zeros: [5, 3]), try Tensor(zeros: [3])])
        }
        expectError(["sampleWeight has 2 values", "(3)"]) {
            try model.fit(try Tensor(zeros: [3, 4, 2]), Tensor([0, 1, 2]), verbose: .silent, sampleWeight: Tensor([1, 1]))
        }
    }

    @Test func shapeErrorsInOperations() throws {
        expectError(["+", "(2, 3)", "(4,)", "cannot be broadcast"]) { _ = try Tensor(zeros: [2, 3]) + Tensor(zeros: [4]) }
        expectError(["matmul", "(2, 3)", "(4, 2)"]) { _ = try matmul(try Tensor(zeros: [2, 3]), try Tensor(zeros: [4, 2])) }
        expectError(["Tensor(shape:scalars:)", "needs 6 scalars, received 5"]) { _ = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5]) }
        expectError(["reshaped(to:)", "(2, 3)", "(4, -1)"]) { _ = try Tensor(zeros: [2, 3]).reshaped(to: [4, -1]) }
        expectError(["mean_squared_error", "(3, 2)", "(3, 4)"]) { _ = try Loss.meanSquaredError(try Tensor(zeros: [3, 2]), try Tensor(zeros: [3, 4])) }
    }
}
