#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// Further Keras 3 losses, as per-sample functions built from tape operations (so their
/// gradients come from the tape), each with Keras' formula (`keras/src/losses/losses.py`):
///
/// - `poisson`: `mean(ŷ − y·log(ŷ + ε))`
/// - `log_cosh`: `mean(x + softplus(−2x) − log 2)` with `x = ŷ − y`
/// - `hinge` / `squared_hinge`: `mean(max(1 − y·ŷ, 0))` (squared), 0/1 labels of a batch made −1/1
/// - `kl_divergence`: `Σ clip(y, ε, 1)·log(clip(y, ε, 1) / clip(ŷ, ε, 1))`
/// - `mean_squared_logarithmic_error`: `mean((log(max(ŷ, ε) + 1) − log(max(y, ε) + 1))²)`
/// - `mean_absolute_percentage_error`: `100·mean(|y − ŷ| / max(|y|, ε))`
///
/// Use them by Keras name (`Loss(named: "poisson")`) or as `.custom(KerasLoss(.poisson))`.
public struct KerasLoss: LossFunction, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case poisson, logCosh = "log_cosh", hinge, squaredHinge = "squared_hinge", klDivergence = "kl_divergence"
        case meanSquaredLogarithmicError = "mean_squared_logarithmic_error"
        case meanAbsolutePercentageError = "mean_absolute_percentage_error"
    }

    public let kind: Kind
    public var name: String { kind.rawValue }
    public init(_ kind: Kind) { self.kind = kind }

    /// The loss for a Keras name or alias (`"poisson"`, `"Poisson"`, `"kld"`, `"msle"`, `"mape"`...).
    public init?(named name: String) {
        let aliases: [String: Kind] = [
            "Poisson": .poisson, "LogCosh": .logCosh, "Hinge": .hinge, "SquaredHinge": .squaredHinge,
            "KLDivergence": .klDivergence, "kld": .klDivergence, "KLD": .klDivergence,
            "MeanSquaredLogarithmicError": .meanSquaredLogarithmicError, "msle": .meanSquaredLogarithmicError, "MSLE": .meanSquaredLogarithmicError,
            "MeanAbsolutePercentageError": .meanAbsolutePercentageError, "mape": .meanAbsolutePercentageError, "MAPE": .meanAbsolutePercentageError,
        ]
        guard let kind = Kind(rawValue: name) ?? aliases[name] else { return nil }
        self.kind = kind
    }

    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard yTrue.shape == yPred.shape else {
            throw SwiftLearnError.shapeMismatch("\(name): targets of shape \(formatShape(yTrue.shape)) do not match predictions of shape \(formatShape(yPred.shape))")
        }
        let eps = Loss.epsilon
        switch kind {
        case .poisson:
            return try (yPred - yTrue * (yPred + eps).log()).averagedAlongLastAxis()
        case .logCosh:
            let x = try yPred - yTrue
            return try ((x + (x * -2).softplus()) - Float(logf(2))).averagedAlongLastAxis()
        case .hinge, .squaredHinge:
            let binary = yTrue.scalars.allSatisfy { $0 == 0 || $0 == 1 }
            let t = binary ? yTrue * 2 - 1 : yTrue
            let margin = try ((t * yPred) * -1 + 1).relu()
            return try (kind == .hinge ? margin : margin.square()).averagedAlongLastAxis()
        case .klDivergence:
            let t = yTrue.clipped(min: eps, max: 1), p = yPred.clipped(min: eps, max: 1)
            return try (t * (t / p).log()).summedAlongLastAxis()
        case .meanSquaredLogarithmicError:
            let first = yPred.clipped(min: eps, max: .infinity) + 1, second = yTrue.clipped(min: eps, max: .infinity) + 1
            return try (first.log() - second.log()).square().averagedAlongLastAxis()
        case .meanAbsolutePercentageError:
            let scale = yTrue.abs().clipped(min: eps, max: .infinity)
            return try ((yTrue - yPred) / scale).abs().averagedAlongLastAxis() * 100
        }
    }
}

extension KerasLoss: TargetConformingLoss {
    /// `(batch,)` targets of one-output predictions become `(batch, 1)`; other shapes must match.
    func conformingTarget(_ yTrue: Tensor, toShape predictionShape: [Int]) throws -> Tensor {
        if yTrue.shape == predictionShape { return yTrue }
        if predictionShape.last == 1, yTrue.scalarCount == predictionShape.reduce(1, *) { return try yTrue.reshaped(to: predictionShape) }
        throw SwiftLearnError.shapeMismatch("\(name): targets of shape \(formatShape(yTrue.shape)) do not match predictions of shape \(formatShape(predictionShape))")
    }
}
