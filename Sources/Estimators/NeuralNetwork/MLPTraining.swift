import Foundation
import NeuralNet
import TensorCore

/// What one MLP fit leaves for the next (`warm_start`, `partial_fit`) and reports as fitted
/// attributes.
struct MLPTrainingState: Sendable, Equatable {
    var lossCurve: [Double] = []
    var bestLoss = Double.infinity
    var validationScores: [Double] = []
    var bestValidationScore = -Double.infinity
    /// Epochs of the last `fit` or `partialFit` call (`n_iter_`).
    var nIter = 0
    /// Samples seen over all calls (`t_`).
    var t = 0
    var noImprovementCount = 0
    /// The sgd solver's current learning rate.
    var learningRate: Double
}

/// The validation score of a model on `(x, targets, sampleWeight)`: R² or accuracy.
typealias MLPScore = (Model, Tensor, Tensor, Tensor?) throws -> Double

/// How a fit starts: new weights (drawn, or given by tests), or from an earlier fit.
enum MLPStart {
    case fresh(initialWeights: [[Tensor]]?)
    /// `warm_start`: the earlier weights and counters, a new optimizer.
    case warm(MLPNetwork, MLPTrainingState)
    /// `partial_fit`: one epoch, continuing the earlier optimizer too.
    case incremental(MLPNetwork?, MLPTrainingState?)
}

/// scikit-learn's per-epoch bookkeeping of `_fit_stochastic`, run as a NeuralNet callback:
/// `loss_` with the L2 term, `t_`, the tol / n_iter_no_change stopping rule (on the training
/// loss, or on the validation score with early stopping), and the `invscaling` and `adaptive`
/// learning rates. Before every step it tells the optimizer the batch's row count.
final class MLPTrainingMonitor: Callback {
    var state: MLPTrainingState
    /// The best weights seen with early stopping (restored when training ends).
    private(set) var bestWeights: [[Tensor]]?
    private let settings: any MLPHyperparameters
    private let optimizer: MLPOptimizer
    private let task: MLPTask
    private let rows: Int, batchSize: Int
    private let validation: (x: Tensor, y: Tensor, weights: Tensor?)?
    private let score: MLPScore
    private var kernels: [Variable] = []
    private var penalty = 0.0

    init(settings: any MLPHyperparameters, state: MLPTrainingState, optimizer: MLPOptimizer, task: MLPTask, rows: Int,
         batchSize: Int, validation: (x: Tensor, y: Tensor, weights: Tensor?)?, score: @escaping MLPScore) {
        self.settings = settings
        self.state = state
        self.optimizer = optimizer
        self.task = task
        self.rows = rows
        self.batchSize = batchSize
        self.validation = validation
        self.score = score
    }

    override func onTrainBegin(logs: Logs) throws {
        kernels = model?.layers.compactMap { ($0 as? Dense)?.kernel } ?? []
    }

    override func onTrainBatchBegin(_ batch: Int, logs: Logs) throws {
        optimizer.batchRows = min(batchSize, rows - batch * batchSize)
        guard settings.alpha > 0 else { return }
        // Each batch's loss carries ½·α·Σ‖W‖² / m, weighted by m in the epoch's mean.
        var squares = 0.0
        for k in kernels {
            k.value.withUnsafeBufferPointer { p in for w in p { squares += Double(w) * Double(w) } }
        }
        penalty += 0.5 * settings.alpha * squares
    }

    override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let model, let raw = logs["loss"] else { return }
        let loss = Double(raw) * task.lossScale + penalty / (Double(rows) * Double(optimizer.meanWeight))
        penalty = 0
        state.nIter += 1
        state.t += rows
        state.lossCurve.append(loss)
        if let validation, settings.earlyStopping {
            let s = try score(model, validation.x, validation.y, validation.weights)
            state.validationScores.append(s)
            state.noImprovementCount = s < state.bestValidationScore + settings.tol ? state.noImprovementCount + 1 : 0
            if s > state.bestValidationScore {
                state.bestValidationScore = s
                bestWeights = model.layers.map { $0.getWeights() }
            }
        } else {
            state.noImprovementCount = loss > state.bestLoss - settings.tol ? state.noImprovementCount + 1 : 0
            state.bestLoss = min(state.bestLoss, loss)
        }
        let sgd = settings.solver == .sgd
        if sgd, settings.learningRate == .invscaling {
            state.learningRate = settings.learningRateInit / pow(Double(state.t) + 1, settings.powerT)
            optimizer.learningRate = Float(state.learningRate)
        }
        if state.noImprovementCount > settings.nIterNoChange {
            if sgd, settings.learningRate == .adaptive, state.learningRate > 1e-6 {
                state.learningRate /= 5
                optimizer.learningRate = Float(state.learningRate)
                state.noImprovementCount = 0
            } else {
                model.stopTraining = true
            }
        }
    }
}

/// Trains an MLP with NeuralNet's `fit`: builds the `Sequential`, the scikit-learn optimizer and
/// the monitor, holds out the early-stopping validation set, and runs `maxIter` epochs (one for
/// `partialFit`). All randomness (initial weights, split, shuffles) comes from `randomState`.
///
/// - Parameters:
///   - targets: what `task.loss` trains on (`[n, outputs]`, or class indices for softmax).
///   - stratify: labels to stratify the validation split by (binary classification only).
///   - score: the validation score (R² or accuracy) of a model on `(x, targets, sampleWeight)`.
func trainMLP<H: MLPHyperparameters>(
    _ h: H, task: MLPTask, x: Tensor, targets: Tensor, outputs: Int, sampleWeight: Tensor?, stratify: Tensor?,
    start: MLPStart, context: String, score: @escaping MLPScore
) throws -> (MLPNetwork, MLPTrainingState) {
    let seed = h.randomState.map { UInt64($0) } ?? GlobalRandom.nextSeed()
    return try withRandomSeed(seed) {
        var generator = GlobalRandom.makeGenerator()
        let sizes = [x.shape[1]] + h.hiddenLayerSizes + [outputs]
        let model = try makeMLPModel(sizes: sizes, activation: h.activation, task: task)
        let rule: MLPOptimizer.Rule = h.solver == .sgd
            ? .sgd(momentum: Float(h.momentum), nesterov: h.nesterovsMomentum)
            : .adam(beta1: h.beta1, beta2: h.beta2, epsilon: Float(h.epsilon))
        var state = MLPTrainingState(learningRate: h.learningRateInit)
        var previous: MLPNetwork?
        let incremental: Bool
        switch start {
        case .fresh(let initial):
            try setMLPWeights(model, initial ?? glorotWeights(sizes: sizes, activation: h.activation, using: &generator))
            incremental = false
        case .warm(let network, let earlier):
            try setMLPWeights(model, try copiedWeights(network, sizes: sizes, context: context))
            state = earlier
            state.learningRate = h.learningRateInit // scikit-learn rebuilds the optimizer
            incremental = false
        case .incremental(let network, let earlier):
            if let network, let earlier {
                try setMLPWeights(model, try copiedWeights(network, sizes: sizes, context: context))
                state = earlier
                previous = network
            } else {
                try setMLPWeights(model, glorotWeights(sizes: sizes, activation: h.activation, using: &generator))
            }
            incremental = true
        }
        state.nIter = 0
        let optimizer = MLPOptimizer(rule: rule, learningRate: Float(state.learningRate), alpha: Float(h.alpha),
                                     gradientScale: task.gradientScale)
        try model.compile(loss: task.loss, optimizer: optimizer)
        try optimizer.prepare(for: model)
        if let previous {
            // partialFit continues the earlier optimizer: copy its state (the earlier fit stays as it was).
            try previous.lock.withLock {
                let source = previous.optimizer
                for v in model.trainableWeights {
                    if let s = source.state(forPath: v.path) { try optimizer.setState(s, forPath: v.path) }
                }
                try optimizer.setIterations(source.iterations)
            }
        }

        // The early-stopping validation set, drawn after the initial weights as scikit-learn does.
        var xTrain = x, yTrain = targets, weights = sampleWeight
        var validation: (x: Tensor, y: Tensor, weights: Tensor?)?
        if h.earlyStopping && !incremental {
            let split = try trainTestSplit(x, targets, testSize: .fraction(h.validationFraction),
                                           randomState: GlobalRandom.nextSeed(), stratify: stratify)
            guard split.indices.test.count >= 2, !split.indices.train.isEmpty else {
                throw SwiftLearnError.invalidArgument("\(context): validation_fraction=\(h.validationFraction) of \(x.shape[0]) samples gives a validation set of \(split.indices.test.count) samples and a training set of \(split.indices.train.count); early stopping needs at least 2 validation samples")
            }
            weights = try sampleWeight.map { try $0.gathering(rows: split.indices.train) }
            let validationWeights = try sampleWeight.map { try $0.gathering(rows: split.indices.test) }
            (xTrain, yTrain, validation) = (split.xTrain, split.yTrain, (split.xTest, split.yTest, validationWeights))
        }
        let n = xTrain.shape[0]
        let batchSize = h.batchSize.map { min(max($0, 1), n) } ?? min(200, n)
        let (normalized, meanWeight) = try normalizedWeights(weights, context)
        optimizer.meanWeight = Float(meanWeight)
        let monitor = MLPTrainingMonitor(settings: h, state: state, optimizer: optimizer, task: task, rows: n,
                                         batchSize: batchSize, validation: validation, score: score)
        try model.fit(xTrain, yTrain, batchSize: batchSize, epochs: incremental ? 1 : h.maxIter, verbose: .silent,
                      callbacks: [monitor], shuffle: h.shuffle, sampleWeight: normalized)
        if validation != nil, let best = monitor.bestWeights { try setMLPWeights(model, best) }
        return (MLPNetwork(model: model, optimizer: optimizer), monitor.state)
    }
}

/// An earlier network's weights, checked against the layer sizes of this fit.
private func copiedWeights(_ network: MLPNetwork, sizes: [Int], context: String) throws -> [[Tensor]] {
    let (coefs, intercepts) = network.weights
    let earlier = (coefs.first.map { [$0.shape[0]] } ?? []) + coefs.map { $0.shape[1] }
    guard earlier == sizes else {
        throw SwiftLearnError.shapeMismatch("\(context): the earlier fit has layer sizes \(earlier) but this one needs \(sizes) (features, hidden_layer_sizes, outputs); warm_start and partialFit must keep them")
    }
    return zip(coefs, intercepts).map { [$0, $1] }
}

/// Sample weights scaled to a mean of 1, so NeuralNet's `Σ wᵢ·lossᵢ / m` is scikit-learn's
/// `Σ wᵢ·lossᵢ / Σ wᵢ` on average over batches (exactly so for a single full batch); and the
/// mean of the weights given.
private func normalizedWeights(_ w: Tensor?, _ context: String) throws -> (Tensor?, Double) {
    guard let w else { return (nil, 1) }
    let values = try InputChecks.weights(w, count: w.scalarCount, context)
    let total = values.reduce(0, +)
    guard total > 0 else { throw SwiftLearnError.invalidArgument("\(context): sampleWeight sums to \(total); it must be positive") }
    let scale = Double(values.count) / total
    return (Tensor(values.map { Float($0 * scale) }), 1 / scale)
}
