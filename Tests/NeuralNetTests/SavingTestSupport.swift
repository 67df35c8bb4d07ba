import Foundation
import TensorCore
import Testing
@testable import NeuralNet

/// Shared pieces of the saving tests: a scratch folder per test, small models, data.
enum SavingSupport {
    /// A fresh empty folder under the system's temporary directory.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-saving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The names in `folder` (to check that a failed save left nothing behind).
    static func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    static func mlp(seed: UInt64) throws -> Sequential {
        setRandomSeed(seed)
        return try Sequential([Dense(8, activation: .relu, inputShape: [2]), Dense(6, activation: .tanh), Dense(3, activation: .softmax)])
    }

    /// A two-input, two-output functional model (wide and deep with an auxiliary output).
    static func wideAndDeep(seed: UInt64) throws -> Model {
        setRandomSeed(seed)
        let wide = Input(shape: [2], name: "wide_input"), deep = Input(shape: [3], name: "deep_input")
        let h1 = try Dense(5, activation: .relu, name: "hidden1")(deep)
        let h2 = try Dense(4, activation: .relu, name: "hidden2")(h1)
        let concat = try Concatenate(name: "concat")([wide, h2])
        let main = try Dense(1, name: "main_output")(concat)
        let aux = try Dense(1, name: "aux_output")(h2)
        return try Model(inputs: [wide, deep], outputs: [main, aux], name: "wide_deep")
    }

    static func regressionData(count: Int, seed: UInt64) throws -> (wide: Tensor, deep: Tensor, y: Tensor) {
        var g = SeededGenerator(seed: seed)
        let wide = (0..<count * 2).map { _ in g.nextNormal() }, deep = (0..<count * 3).map { _ in g.nextNormal() }
        let y: [Float] = (0..<count).map { i -> Float in
            let a: Float = wide[2 * i], b: Float = deep[3 * i + 1], c: Float = deep[3 * i + 2]
            return a - 0.5 * b + 0.25 * c
        }
        return (try Tensor(shape: [count, 2], scalars: wide), try Tensor(shape: [count, 3], scalars: deep),
                try Tensor(shape: [count, 1], scalars: y))
    }

    /// The largest absolute difference between two lists of tensors (infinity if shapes differ or
    /// either side has a NaN).
    static func maxDifference(_ a: [Tensor], _ b: [Tensor]) -> Float {
        guard a.count == b.count else { return .infinity }
        var worst: Float = 0
        for (x, y) in zip(a, b) {
            guard x.shape == y.shape else { return .infinity }
            for (p, q) in zip(x.scalars, y.scalars) {
                let gap = abs(p - q)
                guard !gap.isNaN else { return .infinity } // a NaN on either side is a mismatch
                worst = max(worst, gap)
            }
        }
        return worst
    }

    /// Whether two lists of tensors are equal bit for bit.
    static func bitEqual(_ a: [Tensor], _ b: [Tensor]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.shape == y.shape && zip(x.scalars, y.scalars).allSatisfy { $0.bitPattern == $1.bitPattern }
        }
    }

    /// An optimizer's slots, flattened in its own order.
    static func slots(_ o: Optimizer) -> [Tensor] { o.slots.flatMap { $0 } }
}

/// The helper itself: a NaN on either side is a mismatch, not a zero difference.
@Test func savingSupportMaxDifferenceCountsNaNAsMismatch() throws {
    let a = try Tensor(shape: [3], scalars: [1, 2, 3]), b = try Tensor(shape: [3], scalars: [1, .nan, 3.5])
    #expect(SavingSupport.maxDifference([a], [a]) == 0)
    #expect(SavingSupport.maxDifference([a], [try Tensor(shape: [3], scalars: [1, 2, 3.5])]) == 0.5)
    #expect(SavingSupport.maxDifference([a], [b]) == .infinity)
    #expect(SavingSupport.maxDifference([b], [b]) == .infinity)
}
