#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// A loss function with Keras 3's numerics.
///
/// Each loss maps `(yTrue, yPred)` to one value per sample (the mean over the last axis for the
/// elementwise losses), then reduces them as Keras' `sum_over_batch_size`: `Σ lossᵢ·wᵢ / N`.
/// Cross-entropies clip probabilities to `[1e-7, 1 − 1e-7]` (Keras' `epsilon()`), and the
/// categorical ones first renormalize each row to sum to 1.
public enum Loss: Equatable, Sendable {
    case meanSquaredError
    case meanAbsoluteError
    case huber(delta: Float)
    case binaryCrossentropy
    case categoricalCrossentropy
    case sparseCategoricalCrossentropy
    /// A loss given by the user (a ``LossFunction`` or a closure), or a cross-entropy
    /// `fromLogits`; see ``Loss/custom(_:)`` and ``Loss/binaryCrossentropy(fromLogits:)``.
    case custom(CustomLoss)

    /// Huber loss with Keras' default delta 1.
    public static let huber = Loss.huber(delta: 1)
    /// Keras' `epsilon()`.
    public static let epsilon: Float = 1e-7

    /// The loss called `name` in Keras, with its aliases (`"mse"`, `"mae"`...).
    public init(named name: String) throws {
        switch name {
        case "mean_squared_error", "mse", "MSE", "MeanSquaredError": self = .meanSquaredError
        case "mean_absolute_error", "mae", "MAE", "MeanAbsoluteError": self = .meanAbsoluteError
        case "huber", "huber_loss", "Huber": self = .huber
        case "binary_crossentropy", "bce", "BCE", "BinaryCrossentropy": self = .binaryCrossentropy
        case "categorical_crossentropy", "CategoricalCrossentropy": self = .categoricalCrossentropy
        case "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy": self = .sparseCategoricalCrossentropy
        default:
            guard let other = KerasLoss(named: name) else {
                throw SwiftLearnError.unknownName("loss '\(name)'; expected one of mean_squared_error (mse), mean_absolute_error (mae), huber, binary_crossentropy (bce), categorical_crossentropy, sparse_categorical_crossentropy, \(KerasLoss.Kind.allCases.map(\.rawValue).joined(separator: ", ")) (kld, msle, mape), or a LossFunction via .custom")
            }
            self = .custom(CustomLoss(other))
        }
    }

    /// The Keras function name.
    public var name: String {
        switch self {
        case .meanSquaredError: return "mean_squared_error"
        case .meanAbsoluteError: return "mean_absolute_error"
        case .huber: return "huber"
        case .binaryCrossentropy: return "binary_crossentropy"
        case .categoricalCrossentropy: return "categorical_crossentropy"
        case .sparseCategoricalCrossentropy: return "sparse_categorical_crossentropy"
        case .custom(let loss): return loss.function.name
        }
    }

    /// The reduced loss: `Σ lossᵢ·wᵢ / N` (differentiable with respect to `yPred`).
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Tensor {
        let losses = try perSample(yTrue, yPred)
        guard let sampleWeight else { return losses.averaged() }
        guard sampleWeight.scalarCount == losses.scalarCount else {
            throw SwiftLearnError.shapeMismatch("\(name): sampleWeight has \(sampleWeight.scalarCount) values for \(losses.scalarCount) samples")
        }
        let w = try sampleWeight.reshaped(to: losses.shape)
        return try (losses * w).summed() * (1 / Float(Swift.max(losses.scalarCount, 1)))
    }

    /// One loss value per sample, shape `yPred.shape.dropLast()`.
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        if case .custom(let loss) = self { return try loss.perSample(yTrue, yPred) }
        guard yPred.rank >= 1, let k = yPred.shape.last, k > 0 else {
            throw SwiftLearnError.shapeMismatch("\(name): expected predictions of shape (batch, outputs), received \(formatShape(yPred.shape))")
        }
        let target = try conformingTarget(yTrue, toShape: yPred.shape)
        return try Loss.apply(kernel(outputs: k), target: target, yPred)
    }

    /// One value per row of `yPred` from a row kernel, recorded on the tape with its gradient.
    static func apply(_ spec: RowKernel, target: Tensor, _ yPred: Tensor) throws -> Tensor {
        let k = yPred.shape.last ?? 1
        let rows = k == 0 ? 0 : yPred.scalarCount / k
        var out = try Tensor.resultBuffer(shape: Array(yPred.shape.dropLast()))
        out.withUnsafeMutableBufferPointer { o in
            let t = target.storage.base, p = yPred.storage.base
            for r in 0..<rows { o[r] = spec.value(t + r * spec.targetStride, p + r * k) }
        }
        return GradientTape.recordOperation(out, inputs: [yPred]) { g, tape in
            // The closure holds `target` and `yPred`, so their buffers live until it runs.
            let t = target.storage.base, p = yPred.storage.base
            tape.accumulate(into: yPred) { dst, overwrite in
                for r in 0..<rows {
                    spec.gradient(t + r * spec.targetStride, p + r * k, g.storage.base[r], dst + r * k, overwrite)
                }
            }
        }
    }

    /// Checks and reshapes `yTrue` to what this loss expects for predictions `yPred`.
    func conformingTarget(_ yTrue: Tensor, toShape predictionShape: [Int]) throws -> Tensor {
        let k = predictionShape.last ?? 1
        let rows = k == 0 ? 0 : predictionShape.reduce(1, *) / k
        if case .custom(let loss) = self { return try loss.conformingTarget(yTrue, toShape: predictionShape) }
        if self == .sparseCategoricalCrossentropy {
            return try Loss.checkedClassIndices(yTrue, predictionShape: predictionShape, context: name)
        }
        if yTrue.shape == predictionShape { return yTrue }
        // Keras expands (batch,) targets to (batch, 1) for single-output predictions.
        if k == 1, yTrue.scalarCount == rows { return try yTrue.reshaped(to: predictionShape) }
        throw SwiftLearnError.shapeMismatch("\(name): targets of shape \(formatShape(yTrue.shape)) do not match predictions of shape \(formatShape(predictionShape))\(self == .categoricalCrossentropy ? " (categorical_crossentropy expects one-hot targets; use sparse_categorical_crossentropy for class indices)" : "")")
    }

    /// Checks that `yTrue` holds one class index in `0..<k` per row of predictions of `predictionShape`.
    static func checkedClassIndices(_ yTrue: Tensor, predictionShape: [Int], context name: String) throws -> Tensor {
        let k = predictionShape.last ?? 1
        let rows = k == 0 ? 0 : predictionShape.reduce(1, *) / k
        guard yTrue.scalarCount == rows, yTrue.rank == predictionShape.count - 1 || (yTrue.rank == predictionShape.count && yTrue.shape.last == 1) else {
            throw SwiftLearnError.shapeMismatch("\(name): expected integer labels of shape \(formatShape(Array(predictionShape.dropLast()))) for predictions of shape \(formatShape(predictionShape)), received \(formatShape(yTrue.shape))")
        }
        let labels = yTrue.storage.base
        for i in 0..<rows {
            let y = labels[i]
            guard y >= 0, y < Float(k), y == y.rounded() else {
                throw SwiftLearnError.invalidArgument("\(name): label \(y) at index \(i) is not a class index in 0..<\(k) (the model has \(k) outputs)")
            }
        }
        return yTrue
    }

    /// The per-row value and gradient of this loss over `k` outputs.
    struct RowKernel {
        var targetStride: Int
        var value: (UnsafePointer<Float>, UnsafePointer<Float>) -> Float
        /// (target row, prediction row, upstream gradient, destination row, overwrite)
        var gradient: (UnsafePointer<Float>, UnsafePointer<Float>, Float, UnsafeMutablePointer<Float>, Bool) -> Void
    }

    func kernel(outputs k: Int) -> RowKernel {
        let kf = Float(k), eps = Loss.epsilon
        func write(_ d: UnsafeMutablePointer<Float>, _ j: Int, _ v: Float, _ overwrite: Bool) {
            d[j] = overwrite ? v : d[j] + v
        }
        switch self {
        case .meanSquaredError:
            return RowKernel(targetStride: k, value: { t, p in
                var s: Float = 0
                for j in 0..<k { let e = p[j] - t[j]; s += e * e }
                return s / kf
            }, gradient: { t, p, g, d, o in
                for j in 0..<k { write(d, j, g * 2 * (p[j] - t[j]) / kf, o) }
            })
        case .meanAbsoluteError:
            return RowKernel(targetStride: k, value: { t, p in
                var s: Float = 0
                for j in 0..<k { s += Swift.abs(p[j] - t[j]) }
                return s / kf
            }, gradient: { t, p, g, d, o in
                for j in 0..<k {
                    let e = p[j] - t[j]
                    write(d, j, g * (e > 0 ? 1 : (e < 0 ? -1 : 0)) / kf, o)
                }
            })
        case .huber(let delta):
            return RowKernel(targetStride: k, value: { t, p in
                var s: Float = 0
                for j in 0..<k {
                    let e = Swift.abs(p[j] - t[j])
                    s += e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta
                }
                return s / kf
            }, gradient: { t, p, g, d, o in
                for j in 0..<k {
                    let e = p[j] - t[j]
                    let v = Swift.abs(e) <= delta ? e : (e > 0 ? delta : -delta)
                    write(d, j, g * v / kf, o)
                }
            })
        case .binaryCrossentropy:
            return RowKernel(targetStride: k, value: { t, p in
                var s: Float = 0
                for j in 0..<k {
                    let q = Swift.min(Swift.max(p[j], eps), 1 - eps)
                    s += t[j] * logf(q) + (1 - t[j]) * logf(1 - q)
                }
                return -s / kf
            }, gradient: { t, p, g, d, o in
                for j in 0..<k {
                    let inside = p[j] >= eps && p[j] <= 1 - eps
                    let q = Swift.min(Swift.max(p[j], eps), 1 - eps)
                    write(d, j, inside ? g * (-t[j] / q + (1 - t[j]) / (1 - q)) / kf : 0, o)
                }
            })
        case .custom:
            // Custom losses compute their own values (perSample dispatches before any kernel).
            return RowKernel(targetStride: k, value: { _, _ in .nan }, gradient: { _, _, _, d, o in
                for j in 0..<k { write(d, j, 0, o) }
            })
        case .categoricalCrossentropy, .sparseCategoricalCrossentropy:
            let sparse = self == .sparseCategoricalCrossentropy
            @inline(__always) func target(_ t: UnsafePointer<Float>, _ j: Int) -> Float {
                sparse ? (Int(t[0]) == j ? 1 : 0) : t[j]
            }
            return RowKernel(targetStride: sparse ? 1 : k, value: { t, p in
                var total: Float = 0
                for j in 0..<k { total += p[j] }
                var s: Float = 0
                for j in 0..<k {
                    let y = target(t, j)
                    if y != 0 { s += y * logf(Swift.min(Swift.max(p[j] / total, eps), 1 - eps)) }
                }
                return -s
            }, gradient: { t, p, g, d, o in
                // q = p / Σp, loss = −Σ y·log(clip(q)); dq_j/dp_m = (δ_jm − q_j) / Σp.
                var total: Float = 0
                for j in 0..<k { total += p[j] }
                var inner: Float = 0 // Σ_j y_j·a_j where a_j = 1 when the clip is inactive
                for j in 0..<k {
                    let q = p[j] / total
                    if q >= eps && q <= 1 - eps { inner += target(t, j) }
                }
                for m in 0..<k {
                    let q = p[m] / total
                    // A clipped q contributes nothing (Keras: the clip's gradient is 0), even at q = 0.
                    let own: Float = (q >= eps && q <= 1 - eps) ? -target(t, m) / q : 0
                    write(d, m, g * (own + inner) / total, o)
                }
            })
        }
    }
}
