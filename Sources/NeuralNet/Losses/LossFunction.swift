import TensorCore

/// A loss written by the user, as Keras accepts any function `loss(y_true, y_pred)`.
///
/// `callAsFunction` returns one loss value per sample (shape `(batch,)`; a tensor of shape
/// `(batch, ...)` is averaged over its trailing axes) built from differentiable tensor
/// operations (`-`, `*`, `square()`, `log()`, `averagedAlongLastAxis()`...), so the tape
/// differentiates it. The model then reduces it as Keras' `sum_over_batch_size`:
/// `Σ lossᵢ·wᵢ / N`. Pass it to `compile` as `.custom(MyLoss())`.
///
/// ```swift
/// struct MeanFourthPower: LossFunction {
///     var name: String { "mean_fourth_power" }
///     func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
///         try (yPred - yTrue).square().square().averagedAlongLastAxis()
///     }
/// }
/// try model.compile(loss: .custom(MeanFourthPower()), optimizer: Adam())
/// ```
public protocol LossFunction: Sendable {
    /// The loss's name (Keras' function name), used in messages.
    var name: String { get }
    /// One loss value per sample, differentiable with respect to `yPred`.
    func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor
}

/// A loss function that checks its targets itself (the built-in cross-entropies from logits).
protocol TargetConformingLoss: LossFunction {
    func conformingTarget(_ yTrue: Tensor, toShape predictionShape: [Int]) throws -> Tensor
}

/// A user loss held by ``Loss/custom(_:)``. Two are equal when they are equal values of one
/// `Equatable` type, or the same closure.
public struct CustomLoss: Equatable, Sendable {
    /// The user's loss function.
    public let function: any LossFunction

    public init(_ function: any LossFunction) { self.function = function }

    public static func == (a: CustomLoss, b: CustomLoss) -> Bool {
        func same<T: Equatable>(_ x: T, _ y: Any) -> Bool { (y as? T) == x }
        guard let left = a.function as? any Equatable else { return false }
        return same(left, b.function)
    }

    /// Targets as the function expects them: checked by built-ins; for user functions,
    /// `(batch,)` targets of one-output predictions become `(batch, 1)` (Keras), others pass.
    func conformingTarget(_ yTrue: Tensor, toShape predictionShape: [Int]) throws -> Tensor {
        if let checked = function as? any TargetConformingLoss {
            return try checked.conformingTarget(yTrue, toShape: predictionShape)
        }
        let k = predictionShape.last ?? 1
        if yTrue.shape != predictionShape, k == 1, yTrue.rank == predictionShape.count - 1,
           yTrue.scalarCount == predictionShape.reduce(1, *) {
            return try yTrue.reshaped(to: predictionShape)
        }
        return yTrue
    }

    /// The function's values reduced to one per sample (the mean over trailing axes).
    func perSample(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard yPred.rank >= 1 else {
            throw SwiftLearnError.shapeMismatch("loss '\(function.name)': expected predictions of shape (batch, ...), received \(formatShape(yPred.shape))")
        }
        let batch = yPred.shape[0]
        let values = try function(conformingTarget(yTrue, toShape: yPred.shape), yPred)
        guard values.rank >= 1, values.shape[0] == batch else {
            throw SwiftLearnError.shapeMismatch("loss '\(function.name)' returned values of shape \(formatShape(values.shape)) for a batch of \(batch) samples; it must return one value per sample, shape (\(batch),)")
        }
        if values.rank == 1 { return values }
        let perRow = batch == 0 ? 0 : values.scalarCount / batch
        return try values.reshapedDifferentiably(to: [batch, perRow]).averagedAlongLastAxis()
    }
}

/// A loss given as a closure over tensors (Keras' plain function loss).
struct ClosureLoss: LossFunction, Equatable {
    final class Box: Sendable {
        let body: @Sendable (Tensor, Tensor) throws -> Tensor
        init(_ body: @escaping @Sendable (Tensor, Tensor) throws -> Tensor) { self.body = body }
    }
    let name: String
    let box: Box
    func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor { try box.body(yTrue, yPred) }
    static func == (a: ClosureLoss, b: ClosureLoss) -> Bool { a.box === b.box && a.name == b.name }
}

extension Loss {
    /// A user loss: any type conforming to ``LossFunction``.
    public static func custom(_ function: some LossFunction) -> Loss {
        .custom(CustomLoss(function))
    }

    /// A user loss as a closure `(yTrue, yPred) -> per-sample losses`, built from differentiable
    /// tensor operations: `.custom(name: "mse4") { t, p in try (p - t).square().square().averagedAlongLastAxis() }`.
    public static func custom(name: String, _ body: @escaping @Sendable (Tensor, Tensor) throws -> Tensor) -> Loss {
        .custom(CustomLoss(ClosureLoss(name: name, box: ClosureLoss.Box(body))))
    }

    /// Binary cross-entropy; with `fromLogits` the predictions are logits and the loss is
    /// Keras 3's stable `max(x, 0) − x·y + log(1 + e^−|x|)` (no clipping).
    public static func binaryCrossentropy(fromLogits: Bool) -> Loss {
        fromLogits ? .custom(BinaryCrossentropy(fromLogits: true)) : .binaryCrossentropy
    }

    /// Categorical cross-entropy; with `fromLogits` the predictions are logits and the loss is
    /// `−Σ y·log_softmax(x)` (log-sum-exp form, no clipping), as Keras 3.
    public static func categoricalCrossentropy(fromLogits: Bool) -> Loss {
        fromLogits ? .custom(CategoricalCrossentropy(fromLogits: true)) : .categoricalCrossentropy
    }

    /// Sparse categorical cross-entropy; with `fromLogits` the predictions are logits and the
    /// loss is `−log_softmax(x)[y]`, as Keras 3.
    public static func sparseCategoricalCrossentropy(fromLogits: Bool) -> Loss {
        fromLogits ? .custom(SparseCategoricalCrossentropy(fromLogits: true)) : .sparseCategoricalCrossentropy
    }

    /// Whether this is a cross-entropy computed from logits.
    public var fromLogits: Bool {
        guard case .custom(let loss) = self, let c = loss.function as? any CrossentropyFunction else { return false }
        return c.fromLogits
    }
}
