import Foundation
import Testing
import TensorCore
@testable import NeuralNet

// Finite-difference gradient checking against a forward pass re-implemented in Double.
//
// The tape's Float gradient of `Σ f(inputs)·R` (R fixed random weights in [0.5, 1.5)) is compared,
// element by element, with central differences of `Σ reference(inputs)·R` computed in Double
// (step 1e-5·max(1, |x|), so truncation and rounding errors are ~1e-9). The Float forward is also
// checked against the Double reference, so the reference is known to be the function under test.

/// The tolerances every gradient check uses.
enum GradientTolerance {
    /// |analytic − numeric| ≤ relative·|numeric| + absolute.
    static let relative = 1e-3
    /// The floor for elements whose true gradient is (near) zero.
    static let absolute = 1e-5
    /// |Float forward − Double reference| ≤ forward·max(1, |reference|).
    static let forward = 1e-5
}

/// A Double array with a shape: the reference side of the checks.
struct DArray {
    var shape: [Int]
    var values: [Double]

    init(shape: [Int], values: [Double]) {
        self.shape = shape
        self.values = values
    }

    init(_ t: Tensor) { self.init(shape: t.shape, values: t.scalars.map(Double.init)) }
    init(_ scalar: Double) { self.init(shape: [], values: [scalar]) }

    var count: Int { values.count }
    func map(_ f: (Double) -> Double) -> DArray { DArray(shape: shape, values: values.map(f)) }

    /// NumPy broadcasting of two arrays under `op`.
    func zip(_ other: DArray, _ op: (Double, Double) -> Double) throws -> DArray {
        let out = try broadcastShape(shape, other.shape)
        let ia = DArray.sourceIndices(shape, in: out), ib = DArray.sourceIndices(other.shape, in: out)
        return DArray(shape: out, values: (0..<ia.count).map { op(values[ia[$0]], other.values[ib[$0]]) })
    }

    func broadcast(to target: [Int]) throws -> DArray { try zip(DArray(shape: target, values: Array(repeating: 0, count: target.reduce(1, *)))) { a, _ in a } }

    /// For each element of `target`, the flat index of the element of `source` it reads.
    static func sourceIndices(_ source: [Int], in target: [Int]) -> [Int] {
        let padded = Array(repeating: 1, count: target.count - source.count) + source
        var strides = [Int](repeating: 0, count: target.count), step = 1
        for d in (0..<target.count).reversed() {
            strides[d] = padded[d] == 1 ? 0 : step
            step *= padded[d]
        }
        return (0..<target.reduce(1, *)).map { flat in
            var rest = flat, index = 0
            for d in (0..<target.count).reversed() {
                index += (rest % target[d]) * strides[d]
                rest /= target[d]
            }
            return index
        }
    }

    static func + (a: DArray, b: DArray) throws -> DArray { try a.zip(b, +) }
    static func - (a: DArray, b: DArray) throws -> DArray { try a.zip(b, -) }
    static func * (a: DArray, b: DArray) throws -> DArray { try a.zip(b, *) }
    static func / (a: DArray, b: DArray) throws -> DArray { try a.zip(b, /) }

    func summed() -> DArray { DArray(values.reduce(0, +)) }
    func averaged() -> DArray { DArray(values.reduce(0, +) / Double(Swift.max(count, 1))) }

    /// Rows of the last axis: `body(row) -> values` replaces each row of length k by the result.
    func rows(_ outWidth: Int?, _ body: (ArraySlice<Double>) -> [Double]) -> DArray {
        let k = shape.last ?? 1
        let out = stride(from: 0, to: count, by: k).flatMap { body(values[$0..<($0 + k)]) }
        return DArray(shape: Array(shape.dropLast()) + (outWidth.map { [$0] } ?? []), values: out)
    }

    func summedAlongLastAxis() -> DArray { rows(nil) { [$0.reduce(0, +)] } }
    func averagedAlongLastAxis() -> DArray { rows(nil) { [$0.reduce(0, +) / Double($0.count)] } }
    func softmax() -> DArray {
        rows(shape.last) { r in
            let m = r.max() ?? 0, e = r.map { Foundation.exp($0 - m) }, s = e.reduce(0, +)
            return e.map { $0 / s }
        }
    }
}

/// `a · b` over the last axis of `a` (`[..., k]`) and a matrix `b` (`[k, n]`).
func dmatmul(_ a: DArray, _ b: DArray) -> DArray {
    let k = b.shape[0], n = b.shape[1]
    return a.rows(n) { r in
        (0..<n).map { j in r.indices.reduce(0.0) { $0 + r[$1] * b.values[($1 - r.startIndex) * n + j] } }
    }
}

/// An activation evaluated in Double from its textbook definition.
func referenceActivation(_ activation: Activation, _ x: DArray) -> DArray {
    func sigmoid(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
    let seluAlpha = 1.6732632423543772848170429916717, seluScale = 1.0507009873554804934193349852946
    switch activation {
    case .linear: return x
    case .step: return x.map { $0 >= 0 ? 1 : 0 }
    case .sigmoid: return x.map(sigmoid)
    case .tanh: return x.map { Foundation.tanh($0) }
    case .relu: return x.map { Swift.max($0, 0) }
    case .softplus: return x.map { Foundation.log1p(Foundation.exp($0)) }
    case .softmax: return x.softmax()
    case .elu(let alpha): return x.map { $0 > 0 ? $0 : Double(alpha) * (Foundation.exp($0) - 1) }
    case .selu: return x.map { seluScale * ($0 > 0 ? $0 : seluAlpha * (Foundation.exp($0) - 1)) }
    case .leakyRelu(let slope): return x.map { $0 >= 0 ? $0 : Double(slope) * $0 }
    case .gelu(approximate: false): return x.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
    case .gelu(approximate: true):
        return x.map { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }
    case .swish: return x.map { $0 * sigmoid($0) }
    }
}

/// A loss evaluated in Double from Keras' definitions: per-sample values (mean over the last
/// axis for the elementwise losses; probabilities clipped to [1e-7, 1 − 1e-7], categorical rows
/// renormalized), reduced as `sum_over_batch_size`: `Σ lossᵢ·wᵢ / N`.
func referenceLoss(_ loss: Loss, _ yTrue: DArray, _ yPred: DArray, sampleWeight: [Double]? = nil) -> DArray {
    let k = yPred.shape.last ?? 1, n = yPred.count / k, eps = 1e-7
    func clip(_ p: Double) -> Double { Swift.min(Swift.max(p, eps), 1 - eps) }
    var perSample = [Double]()
    for r in 0..<n {
        let p = Array(yPred.values[(r * k)..<((r + 1) * k)])
        let t: [Double] = loss == .sparseCategoricalCrossentropy
            ? (0..<k).map { Double($0) == yTrue.values[r] ? 1 : 0 }
            : Array(yTrue.values[(r * k)..<((r + 1) * k)])
        let terms: [Double]
        switch loss {
        case .meanSquaredError: terms = (0..<k).map { (p[$0] - t[$0]) * (p[$0] - t[$0]) }
        case .meanAbsoluteError: terms = (0..<k).map { Swift.abs(p[$0] - t[$0]) }
        case .huber(let delta):
            let d = Double(delta)
            terms = (0..<k).map { j -> Double in
                let e = Swift.abs(p[j] - t[j])
                return e <= d ? 0.5 * e * e : d * e - 0.5 * d * d
            }
        case .binaryCrossentropy:
            terms = (0..<k).map { -(t[$0] * Foundation.log(clip(p[$0])) + (1 - t[$0]) * Foundation.log(1 - clip(p[$0]))) }
        case .categoricalCrossentropy, .sparseCategoricalCrossentropy:
            let total = p.reduce(0, +)
            perSample.append(-(0..<k).reduce(0.0) { $0 + t[$1] * Foundation.log(clip(p[$1] / total)) })
            continue
        case .custom:
            // No Double reference for a user loss (CustomLossTests check those against their own).
            perSample.append(.nan)
            continue
        }
        perSample.append(terms.reduce(0, +) / Double(k))
    }
    let w = sampleWeight ?? Array(repeating: 1, count: n)
    return DArray(Swift.zip(perSample, w).reduce(0.0) { $0 + $1.0 * $1.1 } / Double(n))
}

/// The tape's gradient of `Σ f(inputs)·R` with respect to each input, against central
/// differences of the Double `reference`; also checks the forward values.
func checkGradient(
    _ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Tensor]) throws -> Tensor, reference: ([DArray]) throws -> DArray
) throws {
    let tape = GradientTape()
    var watched: [Tensor] = [], output: Tensor?, projection: Tensor?
    let loss = try tape.record { () -> Tensor in
        watched = inputs.map { tape.watch($0) }
        let out = try f(watched)
        output = out
        projection = projectionWeights(out.shape)
        return try (out * projection!).summed()
    }
    try tape.backward(from: loss)
    let analytic = inputs.indices.map { tape.gradient(for: watched[$0])?.scalars }
    try compareWithFiniteDifferences(points: inputs.map(DArray.init), analytic: analytic,
                                     output: try #require(output), projection: try #require(projection),
                                     reference: reference, sourceLocation: sourceLocation)
}

/// Like ``checkGradient(_:sourceLocation:_:reference:)`` for trainable variables that `f` reads
/// (through `value`, directly or by calling layers): their gradients land in `Variable.gradient`.
func checkVariableGradients(
    _ variables: [Variable], sourceLocation: SourceLocation = #_sourceLocation,
    _ f: () throws -> Tensor, reference: ([DArray]) throws -> DArray
) throws {
    let tape = GradientTape()
    var output: Tensor?, projection: Tensor?
    let loss = try tape.record { () -> Tensor in
        let out = try f()
        output = out
        projection = projectionWeights(out.shape)
        return try (out * projection!).summed()
    }
    try tape.backward(from: loss)
    let analytic = variables.map { $0.hasGradient(from: tape.generation) ? $0.gradient?.scalars : nil }
    try compareWithFiniteDifferences(points: variables.map { DArray($0.storedValue) }, analytic: analytic,
                                     output: try #require(output), projection: try #require(projection),
                                     reference: reference, sourceLocation: sourceLocation)
}

/// Fixed random weights in [0.5, 1.5) that project an output to a scalar.
func projectionWeights(_ shape: [Int]) -> Tensor {
    var generator = SeededGenerator(seed: 99)
    return (try? Tensor.randomUniform(shape: shape, low: 0.5, high: 1.5, generator: &generator)) ?? Tensor(0)
}

/// Central differences in Double of `Σ reference(points)·R` against `analytic` (nil: no gradient, taken as 0).
func compareWithFiniteDifferences(
    points: [DArray], analytic: [[Float]?], output: Tensor, projection: Tensor,
    reference: ([DArray]) throws -> DArray, sourceLocation: SourceLocation
) throws {
    let r = projection.scalars.map(Double.init)
    let expected = try reference(points)
    #expect(expected.shape == output.shape, "reference shape \(expected.shape) vs output \(output.shape)", sourceLocation: sourceLocation)
    #expect(expected.count == output.scalarCount, sourceLocation: sourceLocation)
    for (o, e) in Swift.zip(output.scalars, expected.values) where Swift.abs(Double(o) - e) > GradientTolerance.forward * Swift.max(1, Swift.abs(e)) {
        Issue.record("forward value \(o) differs from the Double reference \(e)", sourceLocation: sourceLocation)
        return
    }
    func projected(_ p: [DArray]) throws -> Double {
        try Swift.zip(reference(p).values, r).reduce(0.0) { $0 + $1.0 * $1.1 }
    }
    for (i, point) in points.enumerated() {
        let gradient = analytic[i] ?? [Float](repeating: 0, count: point.count)
        #expect(gradient.count == point.count, "input \(i): gradient has \(gradient.count) values for \(point.count)", sourceLocation: sourceLocation)
        guard gradient.count == point.count else { continue }
        for j in 0..<point.count {
            let h = 1e-5 * Swift.max(1, Swift.abs(point.values[j]))
            var plus = points, minus = points
            plus[i].values[j] += h
            minus[i].values[j] -= h
            let numeric = (try projected(plus) - projected(minus)) / (2 * h)
            let difference = Swift.abs(Double(gradient[j]) - numeric)
            if difference > GradientTolerance.relative * Swift.abs(numeric) + GradientTolerance.absolute {
                Issue.record("input \(i) element \(j): analytic \(gradient[j]) vs numeric \(numeric)", sourceLocation: sourceLocation)
                break
            }
            GradientCheckStatistics.shared.record(difference / (GradientTolerance.relative * Swift.abs(numeric) + GradientTolerance.absolute))
        }
    }
}

/// The largest error seen as a fraction of the allowed error (printed, when it grows, if
/// SWIFTLEARN_GRADIENT_STATS is set), to report the tolerances' margin.
final class GradientCheckStatistics: @unchecked Sendable {
    static let shared = GradientCheckStatistics()
    private let lock = NSLock()
    private var worst = 0.0
    func record(_ fractionOfAllowed: Double) {
        lock.lock(); defer { lock.unlock() }
        guard fractionOfAllowed > worst else { return }
        worst = fractionOfAllowed
        if ProcessInfo.processInfo.environment["SWIFTLEARN_GRADIENT_STATS"] != nil {
            print("gradient-check worst error: \(worst) of the allowed")
        }
    }
}

/// A tensor of uniform values in [low, high) from a fixed seed.
func uniform(_ shape: [Int], _ low: Float = -1, _ high: Float = 1, seed: UInt64 = 1) -> Tensor {
    var g = SeededGenerator(seed: seed)
    return (try? Tensor.randomUniform(shape: shape, low: low, high: high, generator: &g)) ?? Tensor(Float.nan)
}

/// Uniform values whose magnitude is at least `gap`, away from kinks at 0.
func awayFromZero(_ shape: [Int], gap: Float = 0.1, seed: UInt64 = 2) -> Tensor {
    uniform(shape, -1, 1, seed: seed).mapped({ v in
        v.replacing(with: v - gap, where: v .< 0).replacing(with: v + gap, where: v .>= 0)
    }, { $0 < 0 ? $0 - gap : $0 + gap })
}
