import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Every differentiable operation against central differences of a Double re-implementation
/// (tolerance: `GradientTolerance`, 1e-3 relative + 1e-5 absolute).
@Suite struct GradientTests {
    @Test func arithmeticSameShape() throws {
        let a = uniform([3, 4], seed: 1), b = uniform([3, 4], 0.5, 2, seed: 2)
        try checkGradient([a, b]) { try $0[0] + $0[1] } reference: { try $0[0] + $0[1] }
        try checkGradient([a, b]) { try $0[0] - $0[1] } reference: { try $0[0] - $0[1] }
        try checkGradient([a, b]) { try $0[0] * $0[1] } reference: { try $0[0] * $0[1] }
        try checkGradient([a, b]) { try $0[0] / $0[1] } reference: { try $0[0] / $0[1] }
    }

    @Test func arithmeticBroadcasting() throws {
        let a = uniform([3, 4], seed: 3), row = uniform([4], 0.5, 2, seed: 4), col = uniform([3, 1], 0.5, 2, seed: 5)
        try checkGradient([a, row]) { try $0[0] + $0[1] } reference: { try $0[0] + $0[1] }
        try checkGradient([a, row]) { try $0[0] * $0[1] } reference: { try $0[0] * $0[1] }
        try checkGradient([a, col]) { try $0[0] / $0[1] } reference: { try $0[0] / $0[1] }
        try checkGradient([row, a]) { try $0[0] - $0[1] } reference: { try $0[0] - $0[1] }
        try checkGradient([row]) { try $0[0].broadcast(to: [2, 3, 4]) } reference: { try $0[0].broadcast(to: [2, 3, 4]) }
    }

    @Test func scalarOperations() throws {
        let a = uniform([2, 5], seed: 6)
        try checkGradient([a]) { $0[0] * 3 + 1 } reference: { $0[0].map { $0 * 3 + 1 } }
        try checkGradient([a]) { -$0[0] / 4 - 2 } reference: { $0[0].map { -$0 / 4 - 2 } }
    }

    @Test func unaryFunctions() throws {
        let a = uniform([2, 6], -2, 2, seed: 7), positive = uniform([2, 6], 0.5, 3, seed: 8)
        let kinked = awayFromZero([2, 6])
        try checkGradient([a]) { $0[0].exp() } reference: { $0[0].map(Foundation.exp) }
        try checkGradient([positive]) { $0[0].log() } reference: { $0[0].map(Foundation.log) }
        try checkGradient([positive]) { $0[0].squareRoot() } reference: { $0[0].map { $0.squareRoot() } }
        try checkGradient([a]) { $0[0].square() } reference: { $0[0].map { $0 * $0 } }
        try checkGradient([kinked]) { $0[0].abs() } reference: { $0[0].map { Swift.abs($0) } }
        try checkGradient([Tensor([-1, -0.6, -0.35, 0.1, 0.2, 0.45, 0.9, 1.3])]) { $0[0].clipped(min: -0.5, max: 0.55) }
            reference: { $0[0].map { Swift.min(Swift.max($0, -0.5), 0.55) } }
    }

    /// Every activation, with Keras' defaults and with non-default parameters.
    @Test(arguments: [Activation.linear, .sigmoid, .tanh, .relu, .softplus, .softmax, .elu, .selu, .leakyRelu,
                      .gelu, .gelu(approximate: true), .swish, .elu(alpha: 0.5), .leakyRelu(negativeSlope: 0.1)])
    func activation(_ activation: Activation) throws {
        let a = awayFromZero([3, 7], gap: 0.05, seed: 9) * 3
        try checkGradient([a]) { try activation($0[0]) } reference: { referenceActivation(activation, $0[0]) }
    }

    @Test func reductionsAndReshape() throws {
        let a = uniform([2, 3, 4], seed: 10)
        try checkGradient([a]) { $0[0].summed() } reference: { $0[0].summed() }
        try checkGradient([a]) { $0[0].averaged() } reference: { $0[0].averaged() }
        try checkGradient([a]) { try $0[0].summedAlongLastAxis() } reference: { $0[0].summedAlongLastAxis() }
        try checkGradient([a]) { try $0[0].averagedAlongLastAxis() } reference: { $0[0].averagedAlongLastAxis() }
        try checkGradient([a]) { try $0[0].reshapedDifferentiably(to: [6, -1]) } reference: { DArray(shape: [6, 4], values: $0[0].values) }
    }

    @Test func matrixProducts() throws {
        let x = uniform([5, 4], seed: 11), w = uniform([4, 3], seed: 12), b = uniform([3], seed: 13)
        try checkGradient([x, w]) { try matmul($0[0], $0[1]) } reference: { dmatmul($0[0], $0[1]) }
        try checkGradient([x, w, b]) { try affine($0[0], kernel: $0[1], bias: $0[2]) } reference: { try dmatmul($0[0], $0[1]) + $0[2] }
        try checkGradient([x, w]) { try affine($0[0], kernel: $0[1], bias: nil) } reference: { dmatmul($0[0], $0[1]) }
        let x3 = uniform([2, 3, 4], seed: 14)
        try checkGradient([x3, w, b]) { try affine($0[0], kernel: $0[1], bias: $0[2]) } reference: { try dmatmul($0[0], $0[1]) + $0[2] }
    }

    /// Large enough that sgemm splits the products across threads.
    @Test func partitionedMatrixProducts() throws {
        let x = uniform([70, 90], seed: 15), w = uniform([90, 80], seed: 16)
        let tape = GradientTape()
        let (loss, xs, ws) = try tape.record { () -> (Tensor, Tensor, Tensor) in
            let xs = tape.watch(x), ws = tape.watch(w)
            return (try matmul(xs, ws).summed(), xs, ws)
        }
        try tape.backward(from: loss)
        // d(Σ X·W)/dX = 1·Wᵀ: each row of dX holds the row sums of W.
        let dx = try #require(tape.gradient(for: xs)).scalars, dw = try #require(tape.gradient(for: ws)).scalars
        try #require(dx.count == 70 * 90 && dw.count == 90 * 80)
        let wRowSums = (0..<90).map { i in (0..<80).reduce(0.0) { $0 + Double(w.scalars[i * 80 + $1]) } }
        let xColumnSums = (0..<90).map { j in (0..<70).reduce(0.0) { $0 + Double(x.scalars[$1 * 90 + j]) } }
        for r in 0..<70 { for i in 0..<90 { #expect(abs(Double(dx[r * 90 + i]) - wRowSums[i]) < 1e-4) } }
        for i in 0..<90 { for c in 0..<80 { #expect(abs(Double(dw[i * 80 + c]) - xColumnSums[i]) < 1e-4) } }
    }

    @Test func fanOutAccumulates() throws {
        let a = uniform([3, 3], seed: 23)
        try checkGradient([a]) { try $0[0] * $0[0] + $0[0].exp() } reference: { try $0[0] * $0[0] + $0[0].map(Foundation.exp) }
        try checkGradient([a]) { try matmul($0[0], $0[0]) } reference: { dmatmul($0[0], $0[0]) }
    }

    @Test func constantsGetNoGradient() throws {
        let tape = GradientTape()
        let c = uniform([2, 2], seed: 24)
        let (loss, x) = try tape.record { () -> (Tensor, Tensor) in
            let x = tape.watch(uniform([2, 2], seed: 25))
            return (try (x * c).summed(), x)
        }
        try tape.backward(from: loss)
        #expect(tape.gradient(for: c) == nil)
        #expect(tape.gradient(for: x) == c)
    }

    @Test func backwardFromUntracedValueThrows() throws {
        let tape = GradientTape()
        let loss = tape.record { uniform([2], seed: 26).summed() }
        #expect(throws: SwiftLearnError.self) { try tape.backward(from: loss) }
    }
}
