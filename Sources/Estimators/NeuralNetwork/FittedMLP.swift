import NeuralNet
import TensorCore

/// The fitted attributes shared by ``FittedMLPRegressor`` and ``FittedMLPClassifier``, with
/// scikit-learn's meanings (`loss_curve_`, `best_loss_`, `coefs_`...).
public protocol FittedMLP: Predictor {
    /// The trained network and its training record.
    var fitResult: MLPFitResult { get }
}

/// A trained MLP network and the record of its training (opaque; read it through ``FittedMLP``).
public struct MLPFitResult: Sendable {
    let network: MLPNetwork
    let trainingState: MLPTrainingState
    let earlyStopping: Bool
}

extension FittedMLP {
    var network: MLPNetwork { fitResult.network }
    var trainingState: MLPTrainingState { fitResult.trainingState }

    /// The loss (with the L2 term) after each epoch, over every `fit` continued by warm start or
    /// `partialFit` (`loss_curve_`).
    public var lossCurve: [Double] { trainingState.lossCurve }
    /// The last epoch's loss (`loss_`).
    public var loss: Double? { trainingState.lossCurve.last }
    /// The smallest loss seen (`best_loss_`); `nil` with early stopping, as scikit-learn.
    public var bestLoss: Double? {
        fitResult.earlyStopping || trainingState.lossCurve.isEmpty ? nil : trainingState.bestLoss
    }
    /// The validation score (R² or accuracy) after each epoch (`validation_scores_`); `nil`
    /// without early stopping.
    public var validationScores: [Double]? { fitResult.earlyStopping ? trainingState.validationScores : nil }
    /// The best validation score (`best_validation_score_`), whose weights were kept; `nil`
    /// without early stopping.
    public var bestValidationScore: Double? { fitResult.earlyStopping ? trainingState.bestValidationScore : nil }
    /// Epochs run by the last `fit` or `partialFit` call (`n_iter_`).
    public var nIter: Int { trainingState.nIter }
    /// Training samples seen over all calls (`t_`).
    public var t: Int { trainingState.t }
    /// The weight matrices, `[fanIn, fanOut]` per layer (`coefs_`).
    public var coefs: [Tensor] { network.weights.coefs }
    /// The bias vectors, `[fanOut]` per layer (`intercepts_`).
    public var intercepts: [Tensor] { network.weights.intercepts }
    /// `'identity'`, `'logistic'` or `'softmax'` (`out_activation_`).
    public var outActivation: String {
        switch (network.model.layers.last as? Dense)?.activation {
        case .sigmoid?: return "logistic"
        case .softmax?: return "softmax"
        default: return "identity"
        }
    }
    /// The number of layers, input and output included (`n_layers_`).
    public var layerCount: Int { coefs.count + 1 }

    /// The trained network: a copy of the ``Sequential`` (same layers and weights) that can be
    /// used, trained or saved freely without affecting this fitted value.
    ///
    /// It is compiled as a Keras user would compile it, so that `save(to:)` writes a training
    /// configuration and `loadModel` returns a model ready to `fit` or `evaluate`: the loss
    /// trained on (mean squared error, binary or sparse categorical cross-entropy) and Keras's
    /// `SGD` (same momentum and Nesterov flag) or `Adam` (same betas and epsilon) at the current
    /// learning rate, with fresh state. scikit-learn's L2 penalty (`alpha`) and its halved squared
    /// error are not part of that compilation, so further Keras training follows Keras's rules.
    public var model: Sequential {
        get throws {
            let copy = try network.lock.withLock {
                let copy = try cloneModel(network.model, copyWeights: true)
                if let loss = network.model.compiled?.loss {
                    try copy.compile(loss: loss, optimizer: network.optimizer.kerasEquivalent())
                }
                return copy
            }
            guard let sequential = copy as? Sequential else {
                throw SwiftLearnError.invalidState("MLP: the copy of the network is a \(copy.className), not a Sequential")
            }
            return sequential
        }
    }
}
