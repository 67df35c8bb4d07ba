import Testing
import TensorCore
@testable import NeuralNet

/// Finite-difference gradient checking: the tape's gradient of `Σ f(inputs)·R` (R fixed random
/// weights) against central differences, element by element.
func checkGradient(
    _ inputs: [Tensor], step h: Float = 1e-2, absoluteTolerance: Float = 5e-3, relativeTolerance: Float = 2e-2,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Tensor]) throws -> Tensor
) throws {
    var generator = SeededGenerator(seed: 99)
    let tape = GradientTape()
    var projection: Tensor?
    var watched: [Tensor] = []
    let loss = try tape.record { () -> Tensor in
        watched = inputs.map { tape.watch($0) }
        let out = try f(watched)
        let r = try Tensor.randomUniform(shape: out.shape, low: 0.5, high: 1.5, generator: &generator)
        projection = r
        return try (out * r).summed()
    }
    try tape.backward(from: loss)
    let r = projection!.scalars
    func evaluate(_ values: [Tensor]) throws -> Double {
        let out = try f(values).scalars
        return zip(out, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    for (i, input) in inputs.enumerated() {
        let analytic = tape.gradient(for: watched[i])?.scalars ?? [Float](repeating: 0, count: input.scalarCount)
        #expect(analytic.count == input.scalarCount, "input \(i): gradient size", sourceLocation: sourceLocation)
        for j in 0..<input.scalarCount {
            var plus = inputs, minus = inputs
            plus[i].withUnsafeMutableBufferPointer { $0[j] += h }
            minus[i].withUnsafeMutableBufferPointer { $0[j] -= h }
            let numeric = Float((try evaluate(plus) - evaluate(minus)) / Double(2 * h))
            let ok = abs(analytic[j] - numeric) <= absoluteTolerance + relativeTolerance * abs(numeric)
            #expect(ok, "input \(i) element \(j): analytic \(analytic[j]) vs numeric \(numeric)", sourceLocation: sourceLocation)
            if !ok { return }
        }
    }
}

/// A tensor of uniform values in [low, high) from a fixed seed.
func uniform(_ shape: [Int], _ low: Float = -1, _ high: Float = 1, seed: UInt64 = 1) -> Tensor {
    var g = SeededGenerator(seed: seed)
    return try! Tensor.randomUniform(shape: shape, low: low, high: high, generator: &g)
}

/// Uniform values whose magnitude is at least `gap`, away from kinks at 0.
func awayFromZero(_ shape: [Int], gap: Float = 0.1, seed: UInt64 = 2) -> Tensor {
    uniform(shape, -1, 1, seed: seed).mapped({ v in
        v.replacing(with: v - gap, where: v .< 0).replacing(with: v + gap, where: v .>= 0)
    }, { $0 < 0 ? $0 - gap : $0 + gap })
}
