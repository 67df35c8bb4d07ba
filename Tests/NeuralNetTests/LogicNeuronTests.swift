import Testing
import TensorCore
@testable import NeuralNet

/// The `swiftlearn-examples logic-neurons` circuits: threshold logic units built from Dense layers
/// with the step activation and fixed weights, checked against Swift's own Boolean operators.
@Suite(.isolatedRandomState) struct LogicNeuronTests {
    /// A frozen step layer with `kernel` (`[inputs][units]`) and `bias`.
    static func stepLayer(_ kernel: [[Float]], _ bias: [Float]) throws -> Dense {
        let layer = Dense(bias.count, activation: .step, inputShape: [kernel.count])
        try layer.buildIfNeeded(inputShape: [nil, kernel.count])
        try layer.setWeights([try Tensor(kernel), Tensor(bias)])
        layer.isTrainable = false
        return layer
    }

    /// The outputs of `layers` for every 0/1 input row, in counting order.
    static func truthTable(_ layers: [Dense], inputs n: Int) throws -> (rows: [[Bool]], outputs: [Float]) {
        let rows = (0..<(1 << n)).map { k in (0..<n).map { k >> (n - 1 - $0) & 1 == 1 } }
        let model = try Sequential(layers)
        let y = try model.predict(try Tensor(rows.map { $0.map { $0 ? 1 : 0 } }), verbose: .silent)
        return (rows, y.scalars)
    }

    @Test func singleUnitsComputeTheChaptersFunctions() throws {
        let cases: [(String, [[Float]], [Float], ([Bool]) -> Bool)] = [
            ("A", [[1]], [-0.5], { $0[0] }),
            ("NOT A", [[-1]], [0.5], { !$0[0] }),
            ("A AND B", [[1], [1]], [-1.5], { $0[0] && $0[1] }),
            ("A OR B", [[1], [1]], [-0.5], { $0[0] || $0[1] }),
            ("A AND NOT B", [[1], [-1]], [-0.5], { $0[0] && !$0[1] }),
        ]
        for (name, kernel, bias, expected) in cases {
            let (rows, outputs) = try Self.truthTable([try Self.stepLayer(kernel, bias)], inputs: kernel.count)
            #expect(outputs == rows.map { expected($0) ? 1 : 0 }, "\(name): \(outputs)")
        }
    }

    /// XOR as the chapter composes it: hidden A AND NOT B, NOT A AND B; output their OR.
    @Test func twoLayersOfStepUnitsComputeXOR() throws {
        let layers = [try Self.stepLayer([[1, -1], [-1, 1]], [-0.5, -0.5]), try Self.stepLayer([[1], [1]], [-0.5])]
        let (rows, outputs) = try Self.truthTable(layers, inputs: 2)
        #expect(outputs == rows.map { $0[0] != $0[1] ? 1 : 0 })
    }

    /// The step is Heaviside's with step(0) = 1, as the chapter's heaviside(z) = 0 if z < 0 else 1:
    /// a unit exactly on its threshold fires.
    @Test func unitOnItsThresholdFires() throws {
        let (_, outputs) = try Self.truthTable([try Self.stepLayer([[1], [1]], [-1])], inputs: 2)
        #expect(outputs == [0, 1, 1, 1])
    }
}
