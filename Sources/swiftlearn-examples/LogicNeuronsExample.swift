import ArgumentParser
import SwiftLearn

/// A network of threshold logic units with hand-set weights, and the Boolean function it should compute.
struct LogicCircuit {
    let name: String
    let inputNames: [String]
    let model: Sequential
    let expected: ([Bool]) -> Bool

    /// One layer of step units (McCulloch & Pitts' neurons as threshold logic units): unit j fires
    /// when Σᵢ kernel[i][j]·xᵢ + bias[j] ≥ 0. The weights are fixed (the layer is frozen).
    static func stepLayer(kernel: [[Float]], bias: [Float]) throws -> Dense {
        let layer = Dense(bias.count, activation: .step, inputShape: [kernel.count])
        try layer.buildIfNeeded(inputShape: [nil, kernel.count])
        try layer.setWeights([try Tensor(kernel), Tensor(bias)])
        layer.isTrainable = false
        return layer
    }

    init(_ name: String, inputs: [String], layers: [(kernel: [[Float]], bias: [Float])],
         expected: @escaping ([Bool]) -> Bool) throws {
        self.name = name
        self.inputNames = inputs
        self.model = try Sequential(layers.map { try Self.stepLayer(kernel: $0.kernel, bias: $0.bias) })
        self.expected = expected
    }

    /// Every combination of 0/1 inputs, in counting order (first input most significant).
    var inputRows: [[Bool]] {
        let n = inputNames.count
        return (0..<(1 << n)).map { k in (0..<n).map { k >> (n - 1 - $0) & 1 == 1 } }
    }

    /// The truth table the network computes: (inputs, output, expected) per row.
    func truthTable() throws -> [(inputs: [Bool], output: Bool, expected: Bool)] {
        let rows = inputRows
        let x = try Tensor(rows.map { $0.map { $0 ? 1 : 0 } })
        let y = try model.predict(x, verbose: .silent).scalars
        guard y.count == rows.count else {
            throw SwiftLearnError.shapeMismatch("circuit '\(name)': expected one output per row (\(rows.count)), received \(y.count)")
        }
        return zip(rows, y).map { ($0, $1 == 1, expected($0)) }
    }

    /// The chapter's first artificial neurons (figure 10-3: C = A, A ∧ B, A ∨ B, A ∧ ¬B), NOT,
    /// and XOR built from them in two layers: (A ∧ ¬B) ∨ (¬A ∧ B).
    static func chapterCircuits() throws -> [LogicCircuit] {
        try [
            LogicCircuit("C = A", inputs: ["A"], layers: [([[1]], [-0.5])]) { $0[0] },
            LogicCircuit("C = NOT A", inputs: ["A"], layers: [([[-1]], [0.5])]) { !$0[0] },
            LogicCircuit("C = A AND B", inputs: ["A", "B"], layers: [([[1], [1]], [-1.5])]) { $0[0] && $0[1] },
            LogicCircuit("C = A OR B", inputs: ["A", "B"], layers: [([[1], [1]], [-0.5])]) { $0[0] || $0[1] },
            LogicCircuit("C = A AND NOT B", inputs: ["A", "B"], layers: [([[1], [-1]], [-0.5])]) { $0[0] && !$0[1] },
            // Hidden units: A AND NOT B, NOT A AND B; output: their OR.
            LogicCircuit("C = A XOR B", inputs: ["A", "B"],
                         layers: [([[1, -1], [-1, 1]], [-0.5, -0.5]), ([[1], [1]], [-0.5])]) { $0[0] != $0[1] },
        ]
    }
}

/// The chapter's McCulloch & Pitts neurons as threshold logic units: Dense layers with the step
/// activation and fixed weights compute logical functions; prints each truth table.
struct LogicNeuronsExample: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logic-neurons",
                                                    abstract: "Step units with fixed weights computing AND, OR, NOT, A AND NOT B and XOR.")
    @OptionGroup var options: ExampleOptions

    func run() throws {
        try runExample {
            var correct = 0, total = 0
            for circuit in try LogicCircuit.chapterCircuits() {
                let table = try circuit.truthTable()
                if options.verbose > 0 {
                    print(circuit.name)
                    for (index, layer) in circuit.model.layers.enumerated() {
                        let w = layer.getWeights()
                        print("  layer \(index + 1): kernel \(w[0].scalars) bias \(w[1].scalars), step activation")
                    }
                    print("  " + circuit.inputNames.joined(separator: " ") + " | C")
                    for row in table {
                        let mark = row.output == row.expected ? "" : "  (expected \(row.expected ? 1 : 0))"
                        print("  " + row.inputs.map { $0 ? "1" : "0" }.joined(separator: " ") + " | \(row.output ? 1 : 0)\(mark)")
                    }
                }
                correct += table.filter { $0.output == $0.expected }.count
                total += table.count
            }
            printResult("logic-neurons", [("correct", "\(correct)/\(total)")])
        }
    }
}
