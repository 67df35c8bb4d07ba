import TensorCore

/// How one step's gradients are clipped, as Keras 3's `BaseOptimizer._clip_gradients` does.
enum GradientClip {
    /// `clipnorm`: each variable's gradient times `c / max(‖g‖, c)` (computed `(g · c) / max(‖g‖, c)`).
    case norm(Float)
    /// `global_clipnorm`: every gradient times one factor from the joint norm (``globalClipScale(norm:clip:)``).
    case scale(Float)
    /// `clipvalue`: every element clamped to `[−c, c]`.
    case value(Float)

    /// Writes the clipped `count` elements of `g` to `out`.
    func apply(_ g: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count n: Int) {
        switch self {
        case .norm(let c):
            let sum = Float(squaredSum(g, count: n))
            // Keras: l2norm = sum > 0 ? √sum : sum, so an all-zero gradient stays zero.
            let denominator = Swift.max(sum > 0 ? sum.squareRoot() : sum, c)
            for i in 0..<n { out[i] = (g[i] * c) / denominator }
        case .scale(let s):
            for i in 0..<n { out[i] = g[i] * s }
        case .value(let c):
            for i in 0..<n { out[i] = Swift.min(Swift.max(g[i], -c), c) }
        }
    }
}

/// Keras' `clip_by_global_norm` factor: `clip · min(1/norm, 1/clip)`, plus `norm − norm` so a
/// non-finite norm makes it NaN (Keras propagates NaN rather than hiding an overflow).
func globalClipScale(norm: Float, clip: Float) -> Float {
    clip * Swift.min(1 / norm, 1 / clip) + (norm - norm)
}

/// `Σ xᵢ²`, accumulated in Double.
func squaredSum(_ x: UnsafePointer<Float>, count n: Int) -> Double {
    var sum = 0.0
    for i in 0..<n {
        let v = Double(x[i])
        sum += v * v
    }
    return sum
}

/// A hyperparameter the way Keras' config holds it: the Python float the user wrote (0.9, not
/// float32's 0.8999999761581421), recovered from the Float's shortest description; nil → null.
func kerasFloat(_ x: Float?) -> JSONValue {
    guard let x else { return .null }
    return .float(Double(x.description) ?? Double(x))
}
