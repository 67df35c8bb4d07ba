import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Functional models (`Model(inputs:outputs:)`) against Keras 3 (Fixtures/keras/functional.json,
/// Interop/make_functional_fixtures.py): configs byte for byte, rebuilt from Keras' config with
/// Keras' weights they predict the same; graphs that cannot be are errors.
@Suite(.isolatedRandomState) struct FunctionalModelTests {
    static let fixtures = KerasFixtures(file: "functional.json")

    func fixture(_ name: String) -> [String: Any] { Self.fixtures.object("models", name) }

    func tensors(_ items: Any?) throws -> [Tensor] {
        try (items as? [[String: Any]] ?? []).map { try tensor($0["values"], shape: $0["shape"]) }
    }

    /// Rebuilds the Keras model from its config, loads Keras' weights and predicts the probes.
    func replay(_ name: String) throws -> (Model, [Tensor], [Tensor]) {
        let f = fixture(name)
        let config = try JSONValue.parse(try #require(f["config"] as? String))
        let model = try #require(try LayerRegistry.layer(from: .object([("class_name", "Functional"), ("config", config)])) as? Model)
        try model.setWeights(try tensors(f["weights"]))
        let outputs = try model(try tensors(f["probes"]))
        return (model, outputs, try tensors(f["outputs"]))
    }

    @Test(arguments: ["wide_deep", "two_inputs", "shared_layer", "merges"])
    func kerasModelsRebuildPredictAndWriteTheSameConfig(name: String) throws {
        let (model, outputs, expected) = try replay(name)
        try #require(outputs.count == expected.count)
        for (o, e) in zip(outputs, expected) {
            #expect(o.shape == e.shape)
            #expect(maxDifference(o.scalars, e.scalars) < 1e-5, "\(name)")
        }
        #expect(model.serialized["config"]?.jsonText == fixture(name)["config"] as? String, "\(name): config differs from Keras'")
    }

    /// The chapter's wide and deep model, built in Swift with Keras' names: the same config as Keras.
    @Test func wideAndDeepBuiltInSwiftWritesKerasConfig() throws {
        let input = Input(shape: [8], name: "input")
        let hidden1 = try Dense(30, activation: .relu, name: "hidden1")(input)
        let hidden2 = try Dense(30, activation: .relu, name: "hidden2")(hidden1)
        let concat = try Concatenate(name: "concat")([input, hidden2])
        let output = try Dense(1, name: "output")(concat)
        let model = try Model(inputs: [input], outputs: [output], name: "wide_deep")
        #expect(model.serialized["config"]?.jsonText == fixture("wide_deep")["config"] as? String)
        #expect(model.layers.map(\.name) == ["input", "hidden1", "hidden2", "concat", "output"])
        #expect(model.parameterCount == 8 * 30 + 30 + 30 * 30 + 30 + 38 + 1)
    }

    @Test func functionalAndSubclassedWideAndDeepPredictTheSame() throws {
        final class WideAndDeep: Model {
            let hidden1 = Dense(30, activation: .relu), hidden2 = Dense(30, activation: .relu), output = Dense(1)
            override func call(_ input: Tensor, training: Bool) throws -> Tensor {
                try output(Tensor.concatenate([input, try hidden2(try hidden1(input))], axis: -1))
            }
        }
        setRandomSeed(5)
        let input = Input(shape: [8])
        let h = try Dense(30, activation: .relu)(try Dense(30, activation: .relu)(input))
        let functional = try Model(inputs: input, outputs: try Dense(1)(try Concatenate()([input, h])))
        setRandomSeed(5)
        let subclassed = WideAndDeep()
        var g = SeededGenerator(seed: 91)
        let x = try Tensor.randomUniform(shape: [6, 8], low: -1, high: 1, generator: &g)
        _ = try subclassed(x)
        #expect(try functional.predict(x, verbose: .silent) == subclassed.predict(x, verbose: .silent))
    }

    @Test func sharedLayerHasOneSetOfWeightsAndTrains() throws {
        let x = Input(shape: [4])
        let shared = Dense(4, activation: .tanh)
        let model = try Model(inputs: x, outputs: try Dense(1)(try shared(try shared(x))))
        #expect(model.weights.count == 4, "shared kernel and bias once, plus the head's")
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        var g = SeededGenerator(seed: 92)
        let data = try Tensor.randomUniform(shape: [32, 4], low: -1, high: 1, generator: &g)
        let target = try Tensor(shape: [32, 1], scalars: data.scalars.enumerated().filter { $0.offset % 4 == 0 }.map(\.element))
        let history = try model.fit(data, target, batchSize: 8, epochs: 20, verbose: .silent)
        #expect(history["loss"].last! < history["loss"].first!)
        #expect(shared.kernel?.gradient != nil, "read twice, so its gradient is accumulated, not fused")
    }

    @Test func aModelUsedAsALayerTrains() throws {
        let inner = try Sequential([Dense(6, activation: .relu, inputShape: [3]), Dense(2)])
        let input = Input(shape: [3])
        let model = try Model(inputs: input, outputs: try Dense(1)(try inner(input)))
        #expect(model.layers.contains { $0 === inner })
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.05))
        let before = inner.getWeights()
        var g = SeededGenerator(seed: 93)
        let x = try Tensor.randomUniform(shape: [16, 3], generator: &g)
        try model.fit(x, try Tensor(ones: [16, 1]), epochs: 3, verbose: .silent)
        #expect(inner.getWeights() != before, "the nested model's weights were trained")
    }

    @Test func badGraphsAreErrors() throws {
        let a = Input(shape: [3], name: "a"), b = Input(shape: [3], name: "b"), unused = Input(shape: [2], name: "unused")
        let fromB = try Dense(2)(b)
        #expect(throws: SwiftLearnError.self) { try Model(inputs: a, outputs: fromB) }                     // output not reachable from the inputs
        #expect(throws: SwiftLearnError.self) { try Model(inputs: [a, unused], outputs: try Dense(1)(a)) } // an input not used
        let same1 = try Dense(2, name: "twin")(a), same2 = try Dense(2, name: "twin")(same1)
        #expect(throws: SwiftLearnError.self) { try Model(inputs: a, outputs: same2) }                      // two layers with one name
        #expect(throws: SwiftLearnError.self) { try Add()([a]) }                                            // one input to a merge
        #expect(throws: SwiftLearnError.self) { try Add()(a) }                                              // a merge called on one tensor
        #expect(throws: SwiftLearnError.self) { try Add()([a, unused]) }                                    // shapes differ
        let dense = Dense(2)
        _ = try dense(a)
        #expect(throws: SwiftLearnError.self) { try dense(unused) }                                         // built for another shape
        let model = try Model(inputs: a, outputs: try Dense(1)(a))
        #expect(throws: SwiftLearnError.self) { try model(try Tensor(zeros: [2, 4])) }                       // wrong input shape
        #expect(throws: SwiftLearnError.self) { try model([try Tensor(zeros: [2, 3]), try Tensor(zeros: [2, 3])]) }
    }
}

/// `summary()` of a functional model has Keras' "Connected to" column.
@Suite struct FunctionalSummaryTests {
    @Test func connectedToColumn() throws {
        let input = Input(shape: [8], name: "input")
        let hidden = try Dense(30, activation: .relu, name: "hidden1")(input)
        let output = try Dense(1, name: "output")(try Concatenate(name: "concat")([input, hidden]))
        let text = try Model(inputs: input, outputs: output, name: "wide_deep").summaryText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Model: \"wide_deep\"")
        #expect(lines[2].contains("┃ Layer (type)") && lines[2].hasSuffix("┃ Connected to      ┃"))
        #expect(lines.contains { $0.hasPrefix("│ input (InputLayer)") && $0.contains("│ (None, 8)") && $0.hasSuffix("│ -                 │") })
        #expect(lines.contains { $0.hasPrefix("│ hidden1 (Dense)") && $0.contains("270 │ input[0][0]") })
        let concat = try #require(lines.firstIndex { $0.hasPrefix("│ concat (Concatenate)") })
        #expect(lines[concat].contains("│ (None, 38)") && lines[concat].contains("│ input[0][0],"))
        #expect(lines[concat + 1].contains("│ hidden1[0][0]"), "one connection per line")
        #expect(text.contains(" Total params: 309 (1.21 KB)"))
        let table = lines.filter { $0.first.map { "┏┃┡│├└".contains($0) } ?? false }
        #expect(table.count > 10 && Set(table.map(\.count)).count == 1, "rows line up")
    }
}
