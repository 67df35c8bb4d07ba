#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// A cross-entropy loss that may take logits (Keras' `from_logits`).
public protocol CrossentropyFunction: LossFunction {
    /// Whether predictions are logits rather than probabilities.
    var fromLogits: Bool { get }
}

/// Keras' `BinaryCrossentropy(from_logits=...)`: per sample, the mean over the last axis of
/// `−y·log σ(x) − (1−y)·log σ(−x)` for logits, or of the clipped form for probabilities.
public struct BinaryCrossentropy: CrossentropyFunction, TargetConformingLoss, Equatable {
    public var fromLogits: Bool
    public var name: String { "binary_crossentropy" }
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }

    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard fromLogits else { return try Loss.binaryCrossentropy.perSample(yTrue, yPred) }
        return try logitsLoss(yTrue, yPred, kernel: CrossentropyKernels.binaryLogits)
    }

    func conformingTarget(_ yTrue: Tensor, toShape predictionShape: [Int]) throws -> Tensor {
        try Loss.binaryCrossentropy.conformingTarget(yTrue, toShape: predictionShape)
    }
}

/// Keras' `CategoricalCrossentropy(from_logits=...)` on one-hot (or soft) targets.
public struct CategoricalCrossentropy: CrossentropyFunction, TargetConformingLoss, Equatable {
    public var fromLogits: Bool
    public var name: String { "categorical_crossentropy" }
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }

    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard fromLogits else { return try Loss.categoricalCrossentropy.perSample(yTrue, yPred) }
        return try logitsLoss(yTrue, yPred) { CrossentropyKernels.softmaxLogits($0, sparse: false) }
    }

    func conformingTarget(_ yTrue: Tensor, toShape predictionShape: [Int]) throws -> Tensor {
        try Loss.categoricalCrossentropy.conformingTarget(yTrue, toShape: predictionShape)
    }
}

/// Keras' `SparseCategoricalCrossentropy(from_logits=...)` on class indices.
public struct SparseCategoricalCrossentropy: CrossentropyFunction, TargetConformingLoss, Equatable {
    public var fromLogits: Bool
    public var name: String { "sparse_categorical_crossentropy" }
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }

    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard fromLogits else { return try Loss.sparseCategoricalCrossentropy.perSample(yTrue, yPred) }
        return try logitsLoss(yTrue, yPred) { CrossentropyKernels.softmaxLogits($0, sparse: true) }
    }

    func conformingTarget(_ yTrue: Tensor, toShape predictionShape: [Int]) throws -> Tensor {
        try Loss.checkedClassIndices(yTrue, predictionShape: predictionShape, context: name)
    }
}

extension CrossentropyFunction where Self: TargetConformingLoss {
    /// The loss from logits: checks the predictions are `(batch, outputs)`, conforms the target,
    /// and applies `kernel(outputs)` row by row.
    fileprivate func logitsLoss(_ yTrue: Tensor, _ yPred: Tensor, kernel: (Int) -> Loss.RowKernel) throws -> Tensor {
        guard yPred.rank >= 1, let k = yPred.shape.last, k > 0 else {
            throw SwiftLearnError.shapeMismatch("\(name): expected predictions of shape (batch, outputs), received \(formatShape(yPred.shape))")
        }
        return try Loss.apply(kernel(k), target: conformingTarget(yTrue, toShape: yPred.shape), yPred)
    }
}

/// Row kernels of the cross-entropies from logits (Keras 3's JAX backend forms).
enum CrossentropyKernels {
    private static func write(_ d: UnsafeMutablePointer<Float>, _ j: Int, _ v: Float, _ overwrite: Bool) {
        d[j] = overwrite ? v : d[j] + v
    }

    /// `mean_j [max(x,0) − x·y + log1p(e^−|x|)]`; gradient `(σ(x) − y)/k`.
    static func binaryLogits(_ k: Int) -> Loss.RowKernel {
        let kf = Float(k)
        return Loss.RowKernel(targetStride: k, value: { t, p in
            var s: Float = 0
            for j in 0..<k {
                let x = p[j]
                s += Swift.max(x, 0) - x * t[j] + log1pf(expf(-Swift.abs(x)))
            }
            return s / kf
        }, gradient: { t, p, g, d, o in
            for j in 0..<k { write(d, j, g * (ActivationMath.sigmoid(p[j]) - t[j]) / kf, o) }
        })
    }

    /// `−Σ_j y_j·(x_j − logsumexp(x))`; gradient `softmax(x)·Σy − y`.
    static func softmaxLogits(_ k: Int, sparse: Bool) -> Loss.RowKernel {
        @inline(__always) func target(_ t: UnsafePointer<Float>, _ j: Int) -> Float {
            sparse ? (Int(t[0]) == j ? 1 : 0) : t[j]
        }
        @inline(__always) func logSumExp(_ p: UnsafePointer<Float>) -> (max: Float, lse: Float) {
            var m = p[0]
            for j in 1..<k where p[j] > m { m = p[j] }
            var s: Float = 0
            for j in 0..<k { s += expf(p[j] - m) }
            return (m, m + logf(s))
        }
        return Loss.RowKernel(targetStride: sparse ? 1 : k, value: { t, p in
            let lse = logSumExp(p).lse
            var s: Float = 0
            for j in 0..<k {
                let y = target(t, j)
                if y != 0 { s += y * (p[j] - lse) }
            }
            return -s
        }, gradient: { t, p, g, d, o in
            let lse = logSumExp(p).lse
            var total: Float = 0
            for j in 0..<k { total += target(t, j) }
            for j in 0..<k { write(d, j, g * (expf(p[j] - lse) * total - target(t, j)), o) }
        })
    }
}
