#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// Differentiable elementwise functions. Each states its derivative beside its value.
extension Tensor {
    /// Records `y = f(x)` elementwise with derivative `dy/dx = derivative(x, y)`.
    func unary(_ f: (Float) -> Float, derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        var out = Tensor.resultBuffer(sameShapeAs: self)
        let x = storage.base
        out.withUnsafeMutableBufferPointer { y in
            for i in 0..<y.count { y[i] = f(x[i]) }
        }
        let y = out
        return GradientTape.recordOperation(out, inputs: [self]) { g, tape in
            let xp = self.storage.base, yp = y.storage.base, gp = g.storage.base
            tape.accumulate(into: self) { dst, overwrite in
                for i in 0..<g.scalarCount {
                    let v = gp[i] * derivative(xp[i], yp[i])
                    dst[i] = overwrite ? v : dst[i] + v
                }
            }
        }
    }

    /// eˣ.
    public func exp() -> Tensor { unary(expf) { _, y in y } }
    /// Natural logarithm.
    public func log() -> Tensor { unary(logf) { x, _ in 1 / x } }
    /// Square root.
    public func squareRoot() -> Tensor { unary(sqrtf) { _, y in 0.5 / y } }
    /// x².
    public func square() -> Tensor { unary({ $0 * $0 }) { x, _ in 2 * x } }
    /// |x| (derivative 0 at 0, as in Keras).
    public func abs() -> Tensor { unary(fabsf) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) } }

    /// Each element limited to `[low, high]`; the gradient is 0 where the limit applies
    /// (1 inside the closed interval, as in JAX's `clip`).
    public func clipped(min low: Float, max high: Float) -> Tensor {
        unary({ Swift.min(Swift.max($0, low), high) }) { x, _ in (x >= low && x <= high) ? 1 : 0 }
    }
}

/// The activation kernels as scalar functions with their derivatives (shared by the
/// differentiable ops below and by tests).
public enum ActivationMath {
    public static func sigmoid(_ x: Float) -> Float {
        x >= 0 ? 1 / (1 + expf(-x)) : { let e = expf(x); return e / (1 + e) }()
    }
    /// softplus(x) = log(1 + eˣ), computed without overflow.
    public static func softplus(_ x: Float) -> Float { Swift.max(x, 0) + log1pf(expf(-Swift.abs(x))) }
    public static let seluAlpha: Float = 1.6732632423543772848170429916717
    public static let seluScale: Float = 1.0507009873554804934193349852946
    /// Exact GELU: x·Φ(x).
    public static func gelu(_ x: Float) -> Float { 0.5 * x * (1 + erff(x / Float(2).squareRoot())) }
    public static func geluDerivative(_ x: Float) -> Float {
        let cdf = 0.5 * (1 + erff(x / Float(2.0).squareRoot()))
        let pdf = expf(-0.5 * x * x) / Float(2 * Double.pi).squareRoot()
        return cdf + x * pdf
    }
    /// Tanh-approximated GELU.
    public static func geluApproximate(_ x: Float) -> Float {
        let c = Float((2 / Double.pi).squareRoot())
        return 0.5 * x * (1 + tanhf(c * (x + 0.044715 * x * x * x)))
    }
    public static func geluApproximateDerivative(_ x: Float) -> Float {
        let c = Float((2 / Double.pi).squareRoot())
        let u = c * (x + 0.044715 * x * x * x)
        let t = tanhf(u)
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
    }
}

extension Tensor {
    /// max(x, 0), vectorized; derivative 1 where x > 0.
    public func relu() -> Tensor {
        let zero = SIMD16<Float>()
        let out = mappedResult({ $0.replacing(with: zero, where: $0 .< zero) }, { $0 > 0 ? $0 : 0 })
        return GradientTape.recordOperation(out, inputs: [self]) { g, tape in
            let n = g.scalarCount
            let y = UnsafeRawPointer(out.storage.base), gr = UnsafeRawPointer(g.storage.base)
            tape.accumulate(into: self) { dst, overwrite in
                let d = UnsafeMutableRawPointer(dst)
                var i = 0
                while i &+ 16 <= n {
                    let yv = y.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
                    var gv = gr.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
                    gv.replace(with: zero, where: yv .<= zero)
                    if !overwrite { gv += d.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self) }
                    d.storeBytes(of: gv, toByteOffset: i &* 4, as: SIMD16<Float>.self)
                    i &+= 16
                }
                let yp = out.storage.base, gp = g.storage.base
                while i < n {
                    let v = yp[i] > 0 ? gp[i] : 0
                    dst[i] = overwrite ? v : dst[i] + v
                    i &+= 1
                }
            }
        }
    }

    /// Logistic sigmoid 1 / (1 + e⁻ˣ).
    public func sigmoid() -> Tensor { unary(ActivationMath.sigmoid) { _, y in y * (1 - y) } }
    /// Hyperbolic tangent.
    public func tanh() -> Tensor { unary(tanhf) { _, y in 1 - y * y } }
    /// log(1 + eˣ).
    public func softplus() -> Tensor { unary(ActivationMath.softplus) { x, _ in ActivationMath.sigmoid(x) } }
    /// x if x > 0, else alpha·(eˣ − 1).
    public func elu(alpha: Float = 1) -> Tensor {
        unary({ $0 > 0 ? $0 : alpha * (expf($0) - 1) }) { x, y in x > 0 ? 1 : y + alpha }
    }
    /// Scaled ELU with the constants of Klambauer et al.
    public func selu() -> Tensor {
        let a = ActivationMath.seluAlpha, s = ActivationMath.seluScale
        return unary({ $0 > 0 ? s * $0 : s * a * (expf($0) - 1) }) { x, y in x > 0 ? s : y + s * a }
    }
    /// x if x > 0, else slope·x.
    public func leakyRelu(negativeSlope: Float = 0.2) -> Tensor {
        unary({ $0 >= 0 ? $0 : negativeSlope * $0 }) { x, _ in x >= 0 ? 1 : negativeSlope }
    }
    /// Gaussian error linear unit (exact, or the tanh approximation).
    public func gelu(approximate: Bool = false) -> Tensor {
        approximate
            ? unary(ActivationMath.geluApproximate) { x, _ in ActivationMath.geluApproximateDerivative(x) }
            : unary(ActivationMath.gelu) { x, _ in ActivationMath.geluDerivative(x) }
    }
    /// x·sigmoid(x) (also called SiLU).
    public func swish() -> Tensor {
        unary({ $0 * ActivationMath.sigmoid($0) }) { x, _ in
            let s = ActivationMath.sigmoid(x)
            return s * (1 + x * (1 - s))
        }
    }

    /// Softmax over the last axis.
    public func softmax() throws -> Tensor {
        guard rank >= 1, let columns = shape.last, columns > 0 else {
            throw SwiftLearnError.shapeMismatch("softmax: expected a non-empty last axis, received shape \(formatShape(shape))")
        }
        let rows = scalarCount / columns
        var out = Tensor.resultBuffer(sameShapeAs: self)
        out.withUnsafeMutableBufferPointer { softmaxRows(storage.base, $0.baseAddress!, rows: rows, columns: columns) }
        let y = out
        return GradientTape.recordOperation(out, inputs: [self]) { g, tape in
            tape.accumulate(into: self) { dst, overwrite in
                softmaxRowsBackward(y.storage.base, g.storage.base, dst, rows: rows, columns: columns, accumulate: !overwrite)
            }
        }
    }
}
