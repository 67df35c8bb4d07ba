import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// BatchNormalization and Lambda against Keras 3 (Fixtures/keras/layers2.json, written by
/// Interop/make_layer2_fixtures.py) and finite differences.
@Suite(.isolatedRandomState) struct Layer2KerasTests {
    static let fixtures = KerasFixtures(file: "layers2.json")

    /// A BatchNormalization with the fixture's gamma, beta and moving statistics.
    static func fixtureLayer(_ f: [String: Any]) throws -> BatchNormalization {
        let bn = BatchNormalization(name: "batch_normalization")
        try bn.buildIfNeeded(inputShape: [nil, 4])
        try bn.setWeights([Tensor(floats(f["gamma"])), Tensor(floats(f["beta"])),
                           Tensor(floats(f["moving_mean"])), Tensor(floats(f["moving_variance"]))])
        return bn
    }

    @Test(arguments: [true, false])
    func batchNormalizationMatchesKeras(training: Bool) throws {
        let f = Self.fixtures.object("batch_normalization")
        let expected = Self.fixtures.object("batch_normalization", training ? "training" : "inference")
        let bn = try Self.fixtureLayer(f)
        let x = try tensor(f["x"], shape: f["shape"])
        let upstream = try tensor(f["upstream"], shape: f["shape"])
        let tape = GradientTape()
        var watched = x, output = x
        let loss = try tape.record { () throws -> Tensor in
            watched = tape.watch(x)
            output = try bn(watched, training: training)
            return try (output * upstream).summed()
        }
        try tape.backward(from: loss)
        // float32 sums over 6 rows: 1e-6 relative, 1e-5 absolute for values near 0.
        #expect(maxScaledDifference(output.scalars, floats(expected["output"])) < 1e-6)
        #expect(maxScaledDifference(try #require(tape.gradient(for: watched)).scalars, floats(expected["grad_x"])) < 1e-5)
        #expect(maxScaledDifference(try #require(bn.gamma?.gradient).scalars, floats(expected["grad_gamma"])) < 1e-5)
        #expect(maxScaledDifference(try #require(bn.beta?.gradient).scalars, floats(expected["grad_beta"])) < 1e-5)
        #expect(maxScaledDifference(try #require(bn.movingMean).storedValue.scalars, floats(expected["moving_mean_after"])) < 1e-6)
        #expect(maxScaledDifference(try #require(bn.movingVariance).storedValue.scalars, floats(expected["moving_variance_after"])) < 1e-6)
    }

    @Test func batchNormalizationWeightsAndConfigAsKeras() throws {
        let f = Self.fixtures.object("batch_normalization")
        let bn = try Self.fixtureLayer(f)
        #expect(bn.weights.map(\.name) == (f["weight_names"] as? [String]))
        #expect(bn.trainableWeights.map(\.name) == (f["trainable_names"] as? [String]))
        #expect(bn.nonTrainableWeights.map(\.name) == ["moving_mean", "moving_variance"])
        let keras = try #require(f["config"] as? String)
        #expect(BatchNormalization(name: "batch_normalization").serialized["config"]?.jsonText == keras)
        let custom = try #require(f["config_custom"] as? String)
        #expect(BatchNormalization(momentum: 0.9, epsilon: 1e-5, center: false, name: "bn2").serialized["config"]?.jsonText == custom)
        // Keras' JSON rebuilds the same layer and writes the same JSON.
        for text in [keras, custom] {
            let layer = try LayerRegistry.layer(from: .object([("class_name", "BatchNormalization"), ("config", try JSONValue.parse(text))]))
            #expect(layer is BatchNormalization)
            #expect(layer.serialized["config"]?.jsonText == text)
        }
        let noBeta = BatchNormalization(center: false)
        try noBeta.buildIfNeeded(inputShape: [nil, 3])
        #expect(noBeta.weights.map(\.name) == ["gamma", "moving_mean", "moving_variance"])
    }

    @Test func batchNormalizationTrainsInAModelAsKeras() throws {
        let f = Self.fixtures.object("batch_normalization")
        let m = Self.fixtures.object("batch_normalization", "model")
        let bn = try Self.fixtureLayer(f)
        let model = try Sequential([bn])
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        let logs = try model.trainOnBatch(try tensor(f["x"], shape: f["shape"]), try tensor(m["target"], shape: f["shape"]))
        let loss = try #require(logs["loss"])
        let kerasLoss = try #require((m["loss"] as? NSNumber)?.floatValue)
        #expect(abs(loss - kerasLoss) <= 1e-6 * max(1, abs(kerasLoss)))
        let after = (m["weights_after"] as? [Any]) ?? []
        #expect(after.count == 4)
        for (w, k) in zip(bn.getWeights(), after) { #expect(maxScaledDifference(w.scalars, floats(k)) < 1e-5) }
    }

    @Test func batchNormalizationGradientsThroughBatchStatistics() throws {
        let x = uniform([5, 3], -2, 2, seed: 4), gamma = uniform([3], 0.5, 1.5, seed: 5), beta = uniform([3], -1, 1, seed: 6)
        try checkGradient([x, gamma, beta], { t in
            let (mean, variance) = BatchNormOp.moments(t[0], features: 3)
            return try BatchNormOp.normalize(t[0], gamma: t[1], beta: t[2], mean: Tensor(mean), variance: Tensor(variance),
                                             epsilon: 1e-3, batchStatistics: true)
        }, reference: { p in
            let (x, g, b) = (p[0], p[1], p[2])
            var out = x.values
            for f in 0..<3 {
                let column = (0..<5).map { x.values[$0 * 3 + f] }
                let mean = column.reduce(0, +) / 5
                let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5
                for r in 0..<5 { out[r * 3 + f] = g.values[f] * (column[r] - mean) / (variance + 1e-3).squareRoot() + b.values[f] }
            }
            return DArray(shape: [5, 3], values: out)
        })
    }

    @Test func frozenBatchNormalizationUsesMovingStatistics() throws {
        let f = Self.fixtures.object("batch_normalization")
        let bn = try Self.fixtureLayer(f)
        bn.isTrainable = false
        let x = try tensor(f["x"], shape: f["shape"])
        let y = try bn(x, training: true)
        #expect(maxScaledDifference(y.scalars, floats(Self.fixtures.object("batch_normalization", "inference")["output"])) < 1e-5)
        #expect(bn.movingMean?.storedValue.scalars == floats(f["moving_mean"]))
    }

    @Test func batchNormalizationBadInput() throws {
        let bn = BatchNormalization()
        #expect(throws: SwiftLearnError.self) { try bn.buildIfNeeded(inputShape: [nil]) }
        let built = BatchNormalization()
        _ = try built(try Tensor(zeros: [2, 3]))
        #expect(throws: SwiftLearnError.self) { try built(try Tensor(zeros: [2, 4])) }
        #expect(throws: SwiftLearnError.self) { try BatchNormalization(momentum: 2)(try Tensor(zeros: [2, 3])) }
        for bad in [#"{"axis": 1}"#, #"{"renorm": true}"#, #"{"momentum": "x"}"#, #"{"gamma_regularizer": "l3"}"#] {
            #expect(throws: SwiftLearnError.self) {
                try LayerRegistry.layer(from: .object([("class_name", "BatchNormalization"), ("config", try JSONValue.parse(bad))]))
            }
        }
    }

    @Test func lambdaIsDifferentiableAndRefusesSerialization() throws {
        let lambda = Lambda({ x in try x * x + x }, name: "square_plus")
        let x = uniform([2, 3], seed: 8)
        try checkGradient([x], { try lambda($0[0], training: true) }, reference: { p in p[0].map { $0 * $0 + $0 } })
        #expect(try lambda.outputShape(forInputShape: [nil, 3]) == [nil, 3])
        let mean = Lambda({ try $0.averagedAlongLastAxis().reshapedDifferentiably(to: [-1, 1]) })
        #expect(try mean.outputShape(forInputShape: [nil, 5]) == [nil, 1])
        // Inside a trained model: the Dense before it gets gradients through the closure.
        let model = try Sequential([Dense(2, inputShape: [3]), lambda])
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        let before = model.getWeights()
        _ = try model.trainOnBatch(x, try Tensor(zeros: [2, 2]))
        #expect(model.getWeights()[0].scalars != before[0].scalars)
        do {
            _ = try model.getConfig()
            Issue.record("getConfig of a model holding a Lambda did not throw")
        } catch let error as SwiftLearnError {
            #expect(error.message.contains("Lambda layer 'square_plus' cannot be serialized"))
            #expect(error.message.contains("LayerRegistry.register"))
        }
        #expect(throws: SwiftLearnError.self) { try cloneModel(model) }
        #expect(throws: SwiftLearnError.self) {
            try LayerRegistry.layer(from: .object([("class_name", "Lambda"), ("config", .object([("name", "l")]))]))
        }
        #expect(try Sequential([Dense(2, inputShape: [3])]).getConfig().isEmpty == false)
    }
}
