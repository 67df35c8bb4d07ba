import Testing
import TensorCore
@testable import NeuralNet

/// Malformed layer configs throw SwiftLearnError.invalidConfig naming the layer and the key;
/// activation parameters survive a round trip in the form Keras 3 writes and loads.
@Suite struct ConfigValidationTests {
    /// The error `json` raises when loaded as a layer, or nil.
    func loadError(_ json: String) -> SwiftLearnError? {
        do { _ = try LayerRegistry.layer(from: JSONValue.parse(json)); return nil } catch let e as SwiftLearnError { return e } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    func expectInvalidConfig(_ json: String, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = loadError(json) else {
            Issue.record("loaded without error: \(json)", sourceLocation: sourceLocation)
            return
        }
        guard case .invalidConfig = error else {
            Issue.record("expected invalidConfig, received \(error)", sourceLocation: sourceLocation)
            return
        }
        for f in fragments {
            #expect(error.description.contains(f), "'\(f)' missing from: \(error.description)", sourceLocation: sourceLocation)
        }
    }

    func dense(units: String, inputs: Int? = nil) -> String {
        let shape = inputs.map { #", "batch_shape": [null, \#($0)]"# } ?? ""
        return #"{"class_name": "Dense", "config": {"name": "dense_1", "units": \#(units)\#(shape)}}"#
    }

    @Test func unitsMustBeAPlausiblePositiveInteger() {
        let prefix = "invalid config: Dense config 'dense_1': key 'units'"
        for units in ["1e18", "1e9", "16777217", "1e300", "Infinity"] {
            expectInvalidConfig(dense(units: units), [prefix, "must be at most 16777216"])
            expectInvalidConfig(dense(units: units, inputs: 4), [prefix, "must be at most 16777216"])
        }
        for units in ["-3", "0", "2.5", "-0.5", "NaN", "\"ten\"", "[3]", "true"] {
            expectInvalidConfig(dense(units: units), [prefix, "must be a positive integer, received \(units)"])
        }
        expectInvalidConfig(#"{"class_name": "Dense", "config": {"name": "dense_1"}}"#, ["Dense config 'dense_1': missing key 'units'"])
        expectInvalidConfig(#"{"class_name": "Dense", "config": {"name": "dense_1", "units": null}}"#, ["missing key 'units'"])
    }

    @Test func largestAllowedUnitsStillLoad() throws {
        let layer = try #require(try LayerRegistry.layer(from: JSONValue.parse(dense(units: "16777216"))) as? Dense)
        #expect(layer.units == 16_777_216)
        #expect(layer.isBuilt == false, "no weights are allocated until the input size is known")
        let written = try #require(try LayerRegistry.layer(from: JSONValue.parse(dense(units: "3.0"))) as? Dense)
        #expect(written.units == 3, "3.0 is an integer in JSON's number model")
    }

    @Test func otherKeysAreCheckedToo() {
        expectInvalidConfig(#"{"class_name": "Dense", "config": {"name": "d", "units": 2, "use_bias": "yes"}}"#,
                            ["Dense config 'd': key 'use_bias' must be true or false, received \"yes\""])
        expectInvalidConfig(#"{"class_name": "Dense", "config": {"name": "d", "units": 2, "activation": "swoosh"}}"#,
                            ["Dense config 'd': key 'activation': ", "activation 'swoosh'"])
        expectInvalidConfig(#"{"class_name": "Dense", "config": {"name": "d", "units": 2, "activation": {"class_name": "PReLU", "config": {}}}}"#,
                            ["key 'activation'", "class 'PReLU' is not supported"])
        expectInvalidConfig(#"{"class_name": "Dense", "config": {"name": "d", "units": 2, "kernel_initializer": {"class_name": "Orthogonal"}}}"#,
                            ["Dense config 'd': key 'kernel_initializer': ", "Orthogonal"])
        expectInvalidConfig(#"{"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_shape": [null, 1e9]}}"#,
                            ["key 'batch_shape' must be a list of integers in 0...16777216 or null"])
        expectInvalidConfig(#"{"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_shape": []}}"#,
                            ["key 'batch_shape' must be a shape with a batch dimension"])
        expectInvalidConfig(#"{"class_name": "InputLayer", "config": {"batch_shape": [null, -1]}}"#, ["InputLayer config", "key 'batch_shape'"])
        expectInvalidConfig(#"{"class_name": "InputLayer", "config": {"batch_shape": [null, null]}}"#, ["known dimensions"])
        expectInvalidConfig(#"{"class_name": "Dense", "config": [1, 2]}"#, ["Dense config: expected a JSON object, received [1, 2]"])
        expectInvalidConfig(#"{"config": {}}"#, ["layer entry: missing key 'class_name'"])
        expectInvalidConfig(#"[1]"#, ["layer entry: expected a JSON object"])
        expectInvalidConfig(#"{"class_name": "Sequential", "config": {"name": "s"}}"#, ["Sequential config 's'", "missing key 'layers'"])
        expectInvalidConfig(#"{"class_name": "LeakyReLU", "config": {"name": "l", "negative_slope": -1}}"#,
                            ["LeakyReLU config 'l': key 'negative_slope' must be a number >= 0"])
        expectInvalidConfig(#"{"class_name": "ELU", "config": {"name": "e", "alpha": NaN}}"#, ["key 'alpha' must be a finite number"])
        expectInvalidConfig(#"{"class_name": "Activation", "config": {"name": "a"}}"#, ["Activation config 'a': missing key 'activation'"])
        expectInvalidConfig(#"{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "inner", "units": -1}}]}}"#,
                            ["Dense config 'inner': key 'units'"])
    }

    @Test func unknownLayerClassesStayUnknownNames() {
        let error = loadError(#"{"class_name": "Conv2D", "config": {}}"#)
        #expect(error.map { if case .unknownName = $0 { true } else { false } } == true)
    }

    /// What Keras 3.15.1 writes for `Dense(3, activation=keras.layers.LeakyReLU(negative_slope=0.1))`.
    static let kerasLeakyReLU01 = #"{"module": "keras.layers", "class_name": "LeakyReLU", "config": {"name": "leaky_re_lu", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "negative_slope": 0.1}, "registered_name": null}"#
    /// What Keras 3.15.1 writes for `keras.layers.ELU(alpha=0.5)` used as an activation.
    static let kerasELU05 = #"{"module": "keras.layers", "class_name": "ELU", "config": {"name": "elu", "alpha": 0.5, "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}}, "registered_name": null}"#

    @Test func activationParametersRoundTripInKerasForm() throws {
        let model = try Sequential([
            InputLayer(shape: [4], name: "in"),
            Dense(3, activation: .leakyRelu(negativeSlope: 0.1), name: "d1"),
            Dense(3, activation: .elu(alpha: 0.5), name: "d2"),
            ActivationLayer(.leakyRelu(negativeSlope: 0.1), name: "a1"),
            ActivationLayer(.elu(alpha: 0.5), name: "a2"),
            Dense(2, activation: .leakyRelu, name: "d3"),
            ActivationLayer(.elu, name: "a3"),
        ], name: "m")
        let text = model.serialized.jsonText
        #expect(text.contains(#""name": "d1", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 3, "activation": \#(Self.kerasLeakyReLU01), "use_bias""#))
        #expect(text.contains(#""activation": \#(Self.kerasELU05), "use_bias""#))
        #expect(text.contains(#""name": "a1", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "activation": \#(Self.kerasLeakyReLU01)}"#))
        #expect(text.contains(#""activation": "leaky_relu""#), "default parameters keep the plain name")
        #expect(text.contains(#""activation": "elu""#))

        let rebuilt = try #require(try LayerRegistry.layer(from: JSONValue.parse(text)) as? Sequential)
        #expect(rebuilt.serialized.jsonText == text)
        let activations = rebuilt.layers.map { ($0 as? Dense)?.activation ?? ($0 as? ActivationLayer)?.activation }
        #expect(activations == [.leakyRelu(negativeSlope: 0.1), .elu(alpha: 0.5), .leakyRelu(negativeSlope: 0.1), .elu(alpha: 0.5),
                                .leakyRelu(negativeSlope: 0.2), .elu(alpha: 1)])
        // The rebuilt layers compute with the parameters: leaky_relu(0.1) and elu(0.5) by hand.
        let x = try Tensor(rows: [[-1, 2, -3, 4]])
        #expect(try rebuilt.layers[2](x).scalars == [-0.1, 2, -0.3, 4])
        let elu = try rebuilt.layers[3](x).scalars
        let expected: [Float] = [0.5 * (0.36787944 - 1), 2, 0.5 * (0.049787068 - 1), 4]
        #expect(zip(elu, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(elu)")
    }

    /// A model Keras 3.15.1 wrote (`model.to_json()`): a Dense layer with a LeakyReLU(0.1)
    /// activation, an Activation layer with ELU(0.5), and LeakyReLU / ELU layers.
    static let kerasModel = #"{"module": "keras", "class_name": "Sequential", "config": {"name": "m", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "layers": [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer", "optional": false}, "registered_name": null}, {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 3, "activation": {"module": "keras.layers", "class_name": "LeakyReLU", "config": {"name": "leaky_re_lu", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "negative_slope": 0.1}, "registered_name": null}, "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 4]}}, {"module": "keras.layers", "class_name": "Activation", "config": {"name": "act", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "activation": {"module": "keras.layers", "class_name": "ELU", "config": {"name": "elu", "alpha": 0.5, "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}}, "registered_name": null}}, "registered_name": null}, {"module": "keras.layers", "class_name": "LeakyReLU", "config": {"name": "lr", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "negative_slope": 0.25}, "registered_name": null}, {"module": "keras.layers", "class_name": "ELU", "config": {"name": "e", "alpha": 1.0, "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}}, "registered_name": null}], "build_input_shape": [null, 4]}, "registered_name": null, "build_config": {"input_shape": [null, 4]}, "compile_config": {}}"#

    @Test func kerasActivationLayersAndParametersLoad() throws {
        let model = try #require(try LayerRegistry.layer(from: JSONValue.parse(Self.kerasModel)) as? Sequential)
        #expect(model.layers.map(\.name) == ["d", "act", "lr", "e"])
        #expect((model.layers[0] as? Dense)?.activation == .leakyRelu(negativeSlope: 0.1))
        #expect((model.layers[1] as? ActivationLayer)?.activation == .elu(alpha: 0.5))
        #expect((model.layers[2] as? ActivationLayer)?.activation == .leakyRelu(negativeSlope: 0.25))
        #expect((model.layers[3] as? ActivationLayer)?.activation == .elu(alpha: 1))
        // tf.keras 2 wrote LeakyReLU's slope as alpha; Keras 3's layer default is 0.3.
        let legacy = try LayerRegistry.layer(from: JSONValue.parse(#"{"class_name": "LeakyReLU", "config": {"name": "l", "alpha": 0.01}}"#))
        #expect((legacy as? ActivationLayer)?.activation == .leakyRelu(negativeSlope: 0.01))
        let plain = try LayerRegistry.layer(from: JSONValue.parse(#"{"class_name": "LeakyReLU", "config": {"name": "l2"}}"#))
        #expect((plain as? ActivationLayer)?.activation == .leakyRelu(negativeSlope: 0.3))
        let function = try Activation(config: JSONValue.parse(#"{"module": "builtins", "class_name": "function", "config": "relu", "registered_name": "function"}"#))
        #expect(function == .relu)
    }
}

/// Model-level configs read directly (not through the registry) report malformed keys as invalidConfig too.
@Suite struct ModelConfigErrorTests {
    @Test func sequentialAndInputLayerConfigsNameTheMissingKey() throws {
        for (build, key) in [({ (c: ConfigReader) throws -> Void in _ = try Sequential(config: c) }, "layers"),
                             ({ (c: ConfigReader) throws -> Void in _ = try InputLayer(config: c) }, "batch_shape")] {
            let reader = try ConfigReader(JSONValue.parse(#"{"name": "m"}"#), context: "config 'm'")
            do {
                try build(reader)
                Issue.record("a config without '\(key)' was accepted")
            } catch let error as SwiftLearnError {
                guard case .invalidConfig = error else { Issue.record("expected invalidConfig, received \(error)"); continue }
                #expect(error.description.contains(key), "\(error)")
            }
        }
    }
}
