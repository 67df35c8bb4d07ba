import Testing
import TensorCore
@testable import NeuralNet

/// Configs round-trip to identical JSON and rebuild models; Keras' own JSON loads.
@Suite struct ConfigTests {
    @Test func jsonParsesWhatItWrites() throws {
        let text = #"{"b": [1, 2.5, -3e-07, null, true, false], "a": {"s": "x\"y\\z\u00e9\ud83d\ude00\n"}, "n": NaN, "i": -Infinity}"#
        let value = try JSONValue.parse(text)
        #expect(value["a"]?["s"]?.stringValue == "x\"y\\zé😀\n")
        #expect(value["b"]?.arrayValue?.count == 6)
        #expect(value["i"]?.doubleValue == -.infinity)
        if case .object(let pairs) = value { #expect(pairs.map(\.0) == ["b", "a", "n", "i"], "key order is kept") }
        let again = try JSONValue.parse(value.jsonText)
        #expect(again.jsonText == value.jsonText)
        for bad in ["{", "[1,]", #"{"a" 1}"#, "tru", #""abc"#, "1 2", ""] {
            #expect(throws: SwiftLearnError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
    }

    @Test func sequentialConfigRoundTrips() throws {
        let model = try Sequential([
            Flatten(inputShape: [28, 28], name: "flat"),
            Dense(300, activation: .relu, kernelInitializer: .heNormal(seed: 7), name: "hidden1"),
            Dense(10, activation: .softmax, useBias: false, kernelInitializer: .randomNormal(mean: 0, standardDeviation: 0.1), name: "out"),
        ], name: "classifier")
        let text = model.serialized.jsonText
        let rebuilt = try #require(try LayerRegistry.layer(from: JSONValue.parse(text)) as? Sequential)
        #expect(rebuilt.serialized.jsonText == text)
        #expect(rebuilt.name == "classifier")
        #expect(rebuilt.layers.map(\.name) == ["flat", "hidden1", "out"])
        #expect(rebuilt.parameterCount == model.parameterCount)
        let out = try #require(try rebuilt.layer(named: "out") as? Dense)
        #expect(out.useBias == false && out.activation == .softmax)
        #expect(out.kernelInitializer == .randomNormal(mean: 0, standardDeviation: 0.1))
    }

    /// The Sequential entry of a Keras 3 `.h5` file (`model_config`), as Keras 3.15 writes it.
    @Test func kerasModelConfigBuildsTheSameModel() throws {
        let policy = #"{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}"#
        func dense(_ name: String, _ units: Int, _ activation: String) -> String {
            #"{"class_name": "Dense", "config": {"name": "\#(name)", "trainable": true, "dtype": \#(policy), "units": \#(units), "activation": "\#(activation)", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}}"#
        }
        let text = #"{"class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "dtype": \#(policy), "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 28, 28], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer", "optional": false}}, {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": \#(policy), "data_format": "channels_last"}}, \#(dense("dense", 300, "relu")), \#(dense("dense_1", 100, "relu")), \#(dense("dense_2", 10, "softmax"))], "build_input_shape": [null, 28, 28]}}"#
        let model = try #require(try LayerRegistry.layer(from: JSONValue.parse(text)) as? Sequential)
        #expect(model.isBuilt)
        #expect(model.parameterCount == 266_610)
        #expect(model.layers.map(\.name) == ["flatten", "dense", "dense_1", "dense_2"])
        #expect(model.serialized.jsonText == (try JSONValue.parse(text)).jsonText, "written back exactly as Keras wrote it")
    }

    @Test func badConfigsAreReportedWithTheLayerAndKey() throws {
        func message(_ json: String) -> String {
            do { _ = try LayerRegistry.layer(from: JSONValue.parse(json)); return "" } catch { return "\(error)" }
        }
        #expect(message(#"{"class_name": "Conv2D", "config": {}}"#).contains("layer class 'Conv2D'"))
        #expect(message(#"{"class_name": "Dense", "config": {"name": "d", "units": "ten"}}"#).contains("invalid config: Dense config 'd': key 'units' must be a positive integer, received \"ten\""))
        #expect(message(#"{"class_name": "Dense", "config": {"name": "d"}}"#).contains("missing key 'units'"))
        #expect(message(#"{"class_name": "Dense", "config": {"units": 3, "activation": "swoosh"}}"#).contains("activation 'swoosh'"))
        #expect(message(#"{"class_name": "InputLayer", "config": {"batch_shape": [null, null]}}"#).contains("known dimensions"))
    }

    @Test func userLayersCanBeRegistered() throws {
        final class Doubler: Layer {
            override var className: String { "Doubler" }
            override func call(_ input: Tensor, training: Bool) throws -> Tensor { input * 2 }
        }
        LayerRegistry.register(className: "Doubler") { c in Doubler(name: try c.string("name")) }
        let layer = try LayerRegistry.layer(from: JSONValue.parse(#"{"class_name": "Doubler", "config": {"name": "twice"}}"#))
        #expect(layer.name == "twice")
        #expect(try layer(Tensor([1, 2])).scalars == [2, 4])
    }
}
