import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Normalization, Reshape and Dropout against Keras 3 (Fixtures/keras/layers.json, written by
/// Interop/make_layer_fixtures.py): outputs, adapted statistics, configs byte for byte.
@Suite(.isolatedRandomState) struct PreprocessingLayerTests {
    static let fixtures = KerasFixtures(file: "layers.json")

    @Test func normalizationAdaptsAndStandardizesAsKeras() throws {
        let f = Self.fixtures.object("normalization")
        let data = try tensor(f["data"], shape: f["data_shape"])
        let probe = try Tensor(shape: [4, 3], scalars: floats(f["probe"]))
        let layer = Normalization(name: "norm")
        try layer.adapt(data)
        #expect(maxDifference(try #require(layer.mean).storedValue.scalars, floats(f["mean"])) < 1e-6)
        #expect(maxDifference(try #require(layer.variance).storedValue.scalars, floats(f["variance"])) <= 1e-6 * 100)
        #expect(layer.weights.map(\.name) == ["mean", "variance", "count"])
        #expect(layer.trainableWeights.isEmpty)
        #expect(maxDifference(try layer(probe).scalars, floats(f["output"])) < 2e-5)
        let inverted = Normalization(invert: true)
        try inverted.adapt(data)
        #expect(maxDifference(try inverted(probe).scalars, floats(f["inverted"])) < 2e-4)
        #expect(Normalization(name: "norm").serialized["config"]?.jsonText == f["config"] as? String)
    }

    @Test func normalizationBadInput() throws {
        let layer = Normalization()
        #expect(throws: SwiftLearnError.self) { try layer.adapt(try Tensor(zeros: [0, 3])) }
        #expect(throws: SwiftLearnError.self) { try layer.adapt(Tensor([1, 2])) }
        #expect(throws: SwiftLearnError.self) { try layer.adapt(try Tensor(shape: [2, 1], scalars: [1, .nan])) }
        try layer.adapt(try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        #expect(throws: SwiftLearnError.self) { try layer(try Tensor(zeros: [1, 3])) }
    }

    @Test func reshapeAsKeras() throws {
        let f = Self.fixtures.object("reshape")
        let x = try tensor(f["input"], shape: f["input_shape"])
        let cases = f["cases"] as? [[String: Any]] ?? []
        try #require(cases.count == 3)
        for c in cases {
            let layer = Reshape(ints(c["target_shape"]), name: "reshape")
            let y = try layer(x)
            #expect(y.shape == ints(c["output_shape"]))
            #expect(y.scalars == x.scalars)
            #expect(try layer.outputShape(forInputShape: [nil, 6]) == [nil] + ints(c["output_shape"]).dropFirst().map { Optional($0) })
            #expect(layer.serialized["config"]?.jsonText == c["config"] as? String)
        }
        #expect(throws: SwiftLearnError.self) { try Reshape([4, 2])(x) }
        #expect(throws: SwiftLearnError.self) { try Reshape([-1, -1]).outputShape(forInputShape: [nil, 6]) }
    }

    @Test func dropoutIsIdentityAtInferenceAndInvertedWhileTraining() throws {
        let x = try Tensor(ones: [200, 50])
        let layer = Dropout(0.3, seed: 5)
        #expect(try layer(x, training: false) == x)
        let y = try layer(x, training: true)
        let kept = y.scalars.filter { $0 != 0 }
        let fraction = Double(kept.count) / Double(y.scalarCount)
        #expect(abs(fraction - 0.7) < 0.02, "kept \(fraction) of the inputs")
        #expect(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-6 }, "survivors scaled by 1/(1-rate)")
        #expect(try Dropout(0.3, seed: 5)(x, training: true) == y, "a seed repeats the mask")
        #expect(try layer(x, training: true) != y, "each call draws a new mask")
        let configs = Self.fixtures.object("dropout")["configs"] as? [String] ?? []
        #expect(Dropout(0.3, name: "dropout").serialized["config"]?.jsonText == configs.first)
        #expect(Dropout(0.5, seed: 7, name: "dropout_1").serialized["config"]?.jsonText == configs.last)
        #expect(throws: SwiftLearnError.self) { try Dropout(1)(x) }
    }

    @Test func dropoutGradientFlowsThroughTheKeptUnits() throws {
        let layer = Dropout(0.5, seed: 9)
        let x = try Tensor(ones: [4, 8])
        let tape = GradientTape()
        var watched = x
        let (y, sum) = try tape.record { () throws -> (Tensor, Tensor) in
            watched = tape.watch(x)
            let y = try layer(watched, training: true)
            return (y, y.summed())
        }
        try tape.backward(from: sum)
        let g = try #require(tape.gradient(for: watched))
        #expect(g.scalars == y.scalars, "d(sum)/dx is the mask: 2 where kept, 0 where dropped")
    }

    @Test func newLayersRoundTripThroughTheRegistry() throws {
        let model = try Sequential([Normalization(inputShape: [4]), Reshape([2, 2]), Flatten(), Dropout(0.2), Dense(1)])
        let rebuilt = try LayerRegistry.layer(from: model.serialized)
        #expect(rebuilt.serialized.jsonText == model.serialized.jsonText)
    }
}
