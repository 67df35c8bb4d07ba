import Testing
import TensorCore
@testable import NeuralNet

/// Activations, losses, optimizer steps and a whole `fit`, against values real Keras 3 computed.
@Suite struct KerasNumericsTests {
    let fixtures = KerasFixtures.shared

    @Test func fixtureIsPresent() {
        #expect(fixtures.root["keras_version"] as? String == "3.15.1")
    }

    @Test(arguments: ["relu", "sigmoid", "tanh", "softplus", "elu", "selu", "leaky_relu", "gelu", "gelu_approximate", "swish"])
    func activationMatchesKeras(name: String) throws {
        let activation = name == "gelu_approximate" ? Activation.gelu(approximate: true) : try Activation(named: name)
        let x = Tensor(floats(fixtures.object("activations")["x"]))
        let expected = fixtures.object("activations", "functions", name)
        let tape = GradientTape()
        var watched = x
        let (y, total) = try tape.record { () -> (Tensor, Tensor) in
            watched = tape.watch(x)
            let y = try activation(watched)
            return (y, y.summed())
        }
        #expect(maxDifference(y.scalars, floats(expected["y"])) < 2e-6)
        try tape.backward(from: total)
        let dy = try #require(tape.gradient(for: watched))
        #expect(maxDifference(dy.scalars, floats(expected["dy"])) < 2e-5, "derivative of \(name)")
    }

    @Test func softmaxMatchesKeras() throws {
        let f = fixtures.object("activations", "functions", "softmax")
        let x = try tensor(f["x"], shape: f["shape"]), upstream = try tensor(f["upstream"], shape: f["shape"])
        let tape = GradientTape()
        var watched = x
        let y = try tape.record { () -> Tensor in
            watched = tape.watch(x)
            return try watched.softmax()
        }
        #expect(maxDifference(y.scalars, floats(f["y"])) < 1e-6)
        try tape.backward(from: y, seed: upstream)
        #expect(maxDifference(try #require(tape.gradient(for: watched)).scalars, floats(f["dy"])) < 1e-5)
    }

    @Test(arguments: ["mean_squared_error", "mean_absolute_error", "huber", "huber_delta_0.5", "binary_crossentropy",
                      "categorical_crossentropy", "sparse_categorical_crossentropy"])
    func lossMatchesKeras(name: String) throws {
        let f = fixtures.object("losses", name)
        let loss = name == "huber_delta_0.5" ? Loss.huber(delta: 0.5) : try Loss(named: name)
        let yTrue = try tensor(f["y_true"], shape: f["y_true_shape"]), yPred = try tensor(f["y_pred"], shape: f["y_pred_shape"])
        let tape = GradientTape()
        var watched = yPred
        let value = try tape.record { () -> Tensor in
            watched = tape.watch(yPred)
            return try loss(yTrue, watched)
        }
        let expected = try #require((f["loss"] as? Double).map(Float.init))
        #expect(abs(try #require(value.scalar) - expected) <= 2e-6 * max(1, abs(expected)), "\(name) value")
        try tape.backward(from: value)
        #expect(maxDifference(try #require(tape.gradient(for: watched)).scalars, floats(f["grad"])) < 1e-5, "\(name) gradient")
        let weighted = try loss(yTrue, yPred, sampleWeight: Tensor(floats(f["sample_weight"])))
        let expectedWeighted = try #require((f["weighted_loss"] as? Double).map(Float.init))
        #expect(abs(try #require(weighted.scalar) - expectedWeighted) <= 2e-6 * max(1, abs(expectedWeighted)), "\(name) weighted")
    }

    @Test(arguments: ["sgd", "sgd_momentum", "sgd_nesterov", "adam", "adam_amsgrad"])
    func optimizerMatchesKeras(name: String) throws {
        let o = fixtures.object("optimizers")
        let optimizer: Optimizer = switch name {
        case "sgd": SGD(learningRate: 0.1)
        case "sgd_momentum": SGD(learningRate: 0.1, momentum: 0.9)
        case "sgd_nesterov": SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        case "adam": Adam(learningRate: 0.01)
        default: Adam(learningRate: 0.01, amsgrad: true)
        }
        let variable = Variable(try tensor(o["w0"], shape: o["shape"]), name: "w")
        let steps = (o["results"] as? [String: Any]).flatMap { ($0[name] as? [String: Any])?["steps"] as? [Any] } ?? []
        let gradients = o["gradients"] as? [Any] ?? []
        try #require(steps.count == 3 && gradients.count == 3)
        for (g, expected) in zip(gradients, steps) {
            variable.gradient = try tensor(g, shape: o["shape"])
            try optimizer.apply(to: [variable])
            #expect(maxDifference(variable.storedValue.scalars, floats(expected)) < 2e-6, "\(name) step \(optimizer.iterations)")
        }
    }

    /// A whole `fit` (no shuffling) from Keras' initial weights ends at Keras' final weights
    /// (more whole fits: KerasFitTests).
    @Test func fitMatchesKeras() throws {
        let f = fixtures.object("fit")
        let x = try Tensor(shape: [10, 4], scalars: floats(f["x"])), y = Tensor(floats(f["y"]))
        let model = try Sequential([InputLayer(shape: [4]), Dense(5, activation: .relu), Dense(3, activation: .softmax)])
        let shapes = (f["weight_shapes"] as? [Any]) ?? [], initialValues = (f["initial_weights"] as? [Any]) ?? []
        try #require(shapes.count == 4 && initialValues.count == 4)
        try model.setWeights(zip(initialValues, shapes).map { try tensor($0, shape: $1) })
        try model.compile(loss: "sparse_categorical_crossentropy", optimizer: SGD(learningRate: 0.05), metrics: ["accuracy"])
        let history = try model.fit(x, y, batchSize: 4, epochs: 3, verbose: .silent, shuffle: false)
        #expect(maxDifference(history["loss"], floats(f["loss"])) < 2e-6)
        #expect(history["accuracy"].count == 3 && history["accuracy"] == floats(f["accuracy"]))
        let finals = (f["final_weights"] as? [Any]) ?? []
        let weights = model.getWeights()
        try #require(weights.count == 4 && finals.count == 4)
        for (w, expected) in zip(weights, finals) {
            #expect(maxDifference(w.scalars, floats(expected)) < 2e-6)
        }
        let evaluation = try model.evaluate(x, y, verbose: .silent)
        let expectedEvaluation = f["evaluate"] as? [String: Double] ?? [:]
        let loss = try #require(evaluation["loss"]), expectedLoss = try #require(expectedEvaluation["loss"])
        #expect(abs(loss - Float(expectedLoss)) < 2e-6)
        let accuracy = try #require(evaluation["accuracy"]), expectedAccuracy = try #require(expectedEvaluation["accuracy"])
        #expect(accuracy == Float(expectedAccuracy))
        #expect(maxDifference(try model.predict(x, verbose: .silent).scalars, floats(f["predict"])) < 2e-6)
    }
}
