import Testing
import TensorCore
@testable import NeuralNet

/// The `swiftlearn-examples xor` network: a 2-2-1 MLP (tanh hidden, sigmoid output, binary
/// cross-entropy, SGD 0.5 with momentum 0.9, weights uniform in ±0.3, 300 full-batch epochs,
/// restarted from new weights when a run stalls) learns XOR, which no single linear unit can.
@Suite(.isolatedRandomState) struct XORNetworkTests {
    static let x: Tensor = [[0, 0], [0, 1], [1, 0], [1, 1]]
    static let y: Tensor = [0, 1, 1, 0]

    /// Trains one network; returns its accuracy (probability > 0.5 as class 1) on the 4 points.
    static func attempt() throws -> Double {
        let initializer = Initializer.randomUniform(minimum: -0.3, maximum: 0.3)
        let model = try Sequential([Dense(2, activation: .tanh, kernelInitializer: initializer, inputShape: [2]),
                                    Dense(1, activation: .sigmoid, kernelInitializer: initializer)])
        try model.compile(loss: "binary_crossentropy", optimizer: SGD(learningRate: 0.5, momentum: 0.9))
        try model.fit(x, y, batchSize: 4, epochs: 300, verbose: .silent)
        let p = try model.predict(x, verbose: .silent).scalars
        return Double(zip(p, y.scalars).filter { ($0 > 0.5 ? 1 : 0) == $1 }.count) / 4
    }

    /// Every seed of 0..<20 reaches accuracy 1 within 5 attempts (the example's limit); most on
    /// the first (a stalled first run is the known flat region of 2-2-1 XOR, ~20% of starts).
    @Test func mlpLearnsXORForEverySeed() throws {
        var firstTry = 0
        for seed in UInt64(0)..<20 {
            try withRandomSeed(seed) {
                var attempts = 0, accuracy = 0.0
                while accuracy < 1, attempts < 5 {
                    accuracy = try Self.attempt()
                    attempts += 1
                }
                #expect(accuracy == 1, "seed \(seed): accuracy \(accuracy) after \(attempts) attempts")
                if attempts == 1 { firstTry += 1 }
            }
        }
        #expect(firstTry >= 13, "only \(firstTry) of 20 seeds learned XOR on the first attempt")
    }
}
