import Testing
import TensorCore
@testable import NeuralNet

/// Sequential models: building, naming, weights, training, reproducibility.
@Suite(.serialized, .isolatedRandomState) struct ModelTests {
    /// Two Gaussian blobs per class in 2-D, 3 classes.
    static func blobs(count: Int, seed: UInt64) -> (Tensor, Tensor) {
        var g = SeededGenerator(seed: seed)
        let centers: [(Float, Float)] = [(-2, 0), (2, 0), (0, 2.5)]
        var xs: [Float] = [], ys: [Float] = []
        for i in 0..<count {
            let c = i % 3
            xs += [centers[c].0 + 0.5 * g.nextNormal(), centers[c].1 + 0.5 * g.nextNormal()]
            ys.append(Float(c))
        }
        return (try! Tensor(shape: [count, 2], scalars: xs), Tensor(ys))
    }

    @Test func summaryMatchesKerasLayout() throws {
        let model = try Sequential([Flatten(inputShape: [28, 28], name: "flatten"), Dense(300, activation: .relu, name: "dense"),
                                    Dense(100, activation: .relu, name: "dense_1"), Dense(10, activation: .softmax, name: "dense_2")],
                                   name: "sequential")
        let text = model.summaryText()
        #expect(text.contains("Model: \"sequential\""))
        #expect(text.contains("│ dense (Dense)"))
        #expect(text.contains("(None, 300)"))
        #expect(text.contains("235,500"))
        #expect(text.contains(" Total params: 266,610 (1.02 MB)"))
        #expect(text.contains(" Non-trainable params: 0 (0.00 B)"))
        #expect(model.layers.map(\.className) == ["Flatten", "Dense", "Dense", "Dense"])
    }

    /// A layer class no other test creates, so its automatic names are predictable while
    /// other tests run in parallel.
    final class NamingProbe: Layer {}

    @Test func layersAreNamedLikeKeras() throws {
        let a = NamingProbe(), b = NamingProbe(), c = NamingProbe(name: "custom"), d = NamingProbe()
        #expect([a.name, b.name, c.name, d.name] == ["naming_probe", "naming_probe_1", "custom", "naming_probe_2"])
        #expect(LayerNames.snakeCase("InputLayer") == "input_layer")
        #expect(LayerNames.snakeCase("Dense") == "dense")
        #expect(ActivationLayer(.relu).name.hasPrefix("activation"))
    }

    @Test func layerLookupAndWeights() throws {
        let model = try Sequential([InputLayer(shape: [4]), Dense(3, activation: .relu, name: "hidden"), Dense(2, name: "out")])
        let hidden = try #require(try model.layer(named: "hidden") as? Dense)
        #expect(hidden.kernel?.shape == [4, 3])
        #expect(hidden.weights.map(\.path) == ["hidden/kernel", "hidden/bias"])
        let weights = hidden.getWeights()
        #expect(try weights[1] == Tensor(zeros: [3]), "biases start at zero")
        let limit = (6.0 / 7.0 as Float).squareRoot()
        #expect(weights[0].scalars.allSatisfy { abs($0) <= limit }, "glorot_uniform limit sqrt(6/(4+3))")
        try hidden.setWeights([try Tensor(ones: [4, 3]), Tensor([1, 2, 3])])
        #expect(hidden.getWeights()[1] == Tensor([1, 2, 3]))
        #expect(model.parameterCount == 4 * 3 + 3 + 3 * 2 + 2)
        #expect(try model.layer(at: 1) === model.layers[1])
    }

    @Test func smallModelConverges() throws {
        setRandomSeed(3)
        let (x, y) = Self.blobs(count: 300, seed: 1)
        let model = try Sequential([InputLayer(shape: [2]), Dense(16, activation: .tanh), Dense(3, activation: .softmax)])
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.02), metrics: [.accuracy])
        let history = try model.fit(x, y, batchSize: 16, epochs: 20, verbose: .silent)
        #expect(history["loss"].last! < history["loss"].first! / 3)
        #expect(history["accuracy"].last! > 0.95)
        let (xTest, yTest) = Self.blobs(count: 90, seed: 2)
        #expect(try model.evaluate(xTest, yTest, verbose: .silent)["accuracy"]! > 0.95)
    }

    @Test func regressionConvergesWithEveryRegressionLoss() throws {
        var g = SeededGenerator(seed: 4)
        let x = try Tensor.randomUniform(shape: [200, 3], low: -1, high: 1, generator: &g)
        let y = try matmul(x, Tensor(shape: [3, 1], scalars: [1.5, -2, 0.5])) + 0.3
        for loss in [Loss.meanSquaredError, .meanAbsoluteError, .huber] {
            setRandomSeed(5)
            let model = try Sequential([Dense(8, activation: .relu, inputShape: [3]), Dense(1)])
            try model.compile(loss: loss, optimizer: SGD(learningRate: 0.05, momentum: 0.9), metrics: [.meanAbsoluteError])
            let history = try model.fit(x, y, batchSize: 20, epochs: 40, verbose: .silent)
            #expect(history["mean_absolute_error"].last! < 0.15, "\(loss.name)")
        }
    }

    @Test func sameSeedGivesIdenticalWeights() throws {
        func train(seed: UInt64 = 42) throws -> [Tensor] {
            setRandomSeed(seed)
            let (x, y) = Self.blobs(count: 120, seed: 7)
            let model = try Sequential([Dense(8, activation: .relu, inputShape: [2]), Dense(3, activation: .softmax)])
            try model.compile(loss: "sparse_categorical_crossentropy", optimizer: "adam")
            try model.fit(x, y, batchSize: 10, epochs: 3, verbose: .silent)
            return model.getWeights()
        }
        let first = try train(), second = try train()
        #expect(first == second)
        #expect(try train(seed: 43) != first, "another seed gives other weights")
    }

    @Test func secondFitResumes() throws {
        setRandomSeed(8)
        let (x, y) = Self.blobs(count: 90, seed: 9)
        let model = try Sequential([Dense(3, activation: .softmax, inputShape: [2])])
        let optimizer = SGD(learningRate: 0.1)
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer)
        let first = try model.fit(x, y, epochs: 2, verbose: .silent)
        let second = try model.fit(x, y, epochs: 2, verbose: .silent)
        #expect(second["loss"].first! < first["loss"].first!)
        #expect(optimizer.iterations == 4 * 3, "4 epochs of 3 batches")
        #expect(first.params == ["epochs": 2, "steps": 3, "verbose": 0])
    }

    @Test func validationSplitHoldsOutTheLastSamples() throws {
        setRandomSeed(10)
        let (x, y) = Self.blobs(count: 100, seed: 11)
        let model = try Sequential([Dense(3, activation: .softmax, inputShape: [2])])
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(), metrics: [.accuracy])
        let weights = model.getWeights()
        let history = try model.fit(x, y, epochs: 1, verbose: .silent, validationSplit: 0.2)
        #expect(Set(history.history.keys) == ["loss", "accuracy", "val_loss", "val_accuracy"])
        let expected = try model.evaluate(try x.rows(80..<100), try y.rows(80..<100), verbose: .silent)
        #expect(history["val_loss"] == [expected["loss"]!])
        #expect(model.getWeights() != weights)
    }

    @Test func perceptronWithStepPredictsButCannotTrain() throws {
        let model = try Sequential([Dense(1, activation: .step, kernelInitializer: .constant(1), biasInitializer: .constant(-1.5), inputShape: [2])])
        let x = try Tensor(rows: [[0, 0], [0, 1], [1, 0], [1, 1]])
        #expect(try model.predict(x, verbose: .silent).scalars == [0, 0, 0, 1], "AND gate")
        try model.compile(loss: .meanSquaredError)
        #expect {
            try model.fit(x, Tensor([0, 0, 0, 1]), verbose: .silent)
        } throws: { ($0 as? SwiftLearnError)?.message.contains("step activation") == true }
    }

    @Test func classAndSampleWeightsScaleTheLoss() throws {
        let model = try Sequential([Dense(2, activation: .softmax, kernelInitializer: .zeros, inputShape: [1])])
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 1e-9))
        let x = try Tensor(shape: [4, 1], repeating: 1), y = Tensor([0, 1, 1, 1])
        let plain = try model.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent)["loss"][0]
        let weighted = try model.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent, classWeight: [0: 2, 1: 0])["loss"][0]
        #expect(abs(plain - 0.6931472) < 1e-5, "ln 2 for a uniform two-class softmax")
        #expect(abs(weighted - 0.6931472 * 2 / 4) < 1e-5, "only class 0 counts, twice, divided by the batch size")
        let sampled = try model.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent, sampleWeight: Tensor([0, 0, 0, 4]))["loss"][0]
        #expect(abs(sampled - 0.6931472) < 1e-5)
    }

    @Test func configUsesKerasKeys() throws {
        let model = try Sequential([Flatten(inputShape: [28, 28]), Dense(300, activation: .relu)])
        let json = JSONValue.object(model.config).jsonText
        #expect(json.contains(#""class_name": "InputLayer", "config": {"batch_shape": [null, 28, 28]"#))
        #expect(json.contains(#""units": 300, "activation": "relu", "use_bias": true"#))
        #expect(json.contains(#""class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}"#))
        #expect(json.contains(#""build_input_shape": [null, 28, 28]"#))
        #expect(JSONValue.float32(0.01).jsonText == "0.009999999776482582")
    }
}

/// Training steps write into the buffers of the previous step instead of allocating new ones.
@Suite struct BufferReuseTests {
    @Test func trainingStepsReuseTheirBuffers() throws {
        let model = try Sequential([InputLayer(shape: [64]), Dense(128, activation: .relu), Dense(10, activation: .softmax)])
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD())
        let x = uniform([32, 64], seed: 30), y = Tensor((0..<32).map { Float($0 % 10) })
        let variables = model.trainableWeights
        func buffers() -> Set<ObjectIdentifier> {
            // The tape and the variables hold these, so identities cannot be recycled in between.
            let results = model.tape.resultBuffers.compactMap { $0.map { ObjectIdentifier($0.storage) } }
            let slots = model.tape.gradientSlots.compactMap { $0.map { ObjectIdentifier($0.storage) } }
            let gradients = variables.compactMap { $0.gradient.map { ObjectIdentifier($0.storage) } }
            return Set(results + slots + gradients)
        }
        _ = try model.trainStep(x, y, sampleWeight: nil, compiled: model.compiled!, variables: variables)
        let first = buffers()
        #expect(first.count >= 10, "activations, gradients and weight gradients are kept")
        for _ in 0..<3 {
            _ = try model.trainStep(x, y, sampleWeight: nil, compiled: model.compiled!, variables: variables)
            #expect(buffers() == first)
        }
    }
}
