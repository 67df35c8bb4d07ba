import NeuralNet
import TensorCore

/// A multi-layer perceptron regressor (scikit-learn's `MLPRegressor`), trained by NeuralNet.
///
/// The network is a real ``Sequential`` of ``Dense`` layers (`hidden_1`, ..., `output`, identity
/// output) compiled and trained by NeuralNet's `fit`, with scikit-learn's loss (half squared
/// error plus `alpha`'s L2 penalty on the weights), initialization (its Glorot-uniform variant),
/// `sgd`/`adam` update rules, learning-rate schedules and stopping rule. Given the same initial
/// weights and no shuffling, it follows scikit-learn's trajectory to float32 precision; the
/// random draws themselves come from SwiftLearn's generator, not NumPy's.
///
/// ```swift
/// let fitted = try MLPRegressor(hiddenLayerSizes: [30], maxIter: 20, randomState: 0).fit(x, y)
/// let r2 = try fitted.score(xTest, yTest)
/// ```
public struct MLPRegressor: Estimator, MLPHyperparameters, Equatable {
    public var hiddenLayerSizes: [Int]
    public var activation: MLPActivation
    public var solver: MLPSolver
    public var alpha: Double
    public var batchSize: Int?
    public var learningRate: MLPLearningRate
    public var learningRateInit: Double
    public var powerT: Double
    public var maxIter: Int
    public var shuffle: Bool
    public var randomState: Int?
    public var tol: Double
    public var momentum: Double
    public var nesterovsMomentum: Bool
    public var earlyStopping: Bool
    public var validationFraction: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var nIterNoChange: Int
    public var warmStart: Bool

    /// scikit-learn's defaults (`batchSize: nil` is `"auto"`, `randomState: nil` is `None`).
    public init(hiddenLayerSizes: [Int] = [100], activation: MLPActivation = .relu, solver: MLPSolver = .adam,
                alpha: Double = 1e-4, batchSize: Int? = nil, learningRate: MLPLearningRate = .constant,
                learningRateInit: Double = 1e-3, powerT: Double = 0.5, maxIter: Int = 200, shuffle: Bool = true,
                randomState: Int? = nil, tol: Double = 1e-4, momentum: Double = 0.9, nesterovsMomentum: Bool = true,
                earlyStopping: Bool = false, validationFraction: Double = 0.1, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, nIterNoChange: Int = 10, warmStart: Bool = false) {
        self.hiddenLayerSizes = hiddenLayerSizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.learningRateInit = learningRateInit
        self.powerT = powerT
        self.maxIter = maxIter
        self.shuffle = shuffle
        self.randomState = randomState
        self.tol = tol
        self.momentum = momentum
        self.nesterovsMomentum = nesterovsMomentum
        self.earlyStopping = earlyStopping
        self.validationFraction = validationFraction
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.nIterNoChange = nIterNoChange
        self.warmStart = warmStart
    }

    public static let typeName = "MLPRegressor"
    public static var defaultParams: [String: ParameterValue] { MLPRegressor().params }
    /// scikit-learn's names; `loss` is always `'squared_error'` (`'poisson'` is not supported).
    public var params: [String: ParameterValue] { sharedParams.merging(["loss": "squared_error"]) { $1 } }

    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        if name == "loss" {
            let loss = try value.string(for: name)
            guard loss == "squared_error" else {
                throw SwiftLearnError.invalidArgument("The 'loss' parameter of MLPRegressor must be 'squared_error' in SwiftLearn; received '\(loss)'")
            }
            return
        }
        guard try setSharedParam(name, to: value) else { throw Self.unknownParameter(name) }
    }

    /// Validates the hyperparameters and trains a new network on `x` (`[n, features]`) and `y` (`[n]`).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> FittedMLPRegressor {
        try train(x, y, sampleWeight: sampleWeight, start: .fresh(initialWeights: nil), context: "MLPRegressor.fit")
    }

    /// With `warmStart`, continues from `previous`'s weights, loss curve, `t` and stopping counter
    /// (with a new optimizer, as scikit-learn); without it, the same as `fit(_:_:)`.
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil, continuing previous: FittedMLPRegressor) throws -> FittedMLPRegressor {
        let start: MLPStart = warmStart ? .warm(previous.network, previous.trainingState) : .fresh(initialWeights: nil)
        return try train(x, y, sampleWeight: sampleWeight, start: start, context: "MLPRegressor.fit")
    }

    /// One epoch from new weights (scikit-learn's first `partial_fit` call); continue with
    /// ``FittedMLPRegressor/partialFit(_:_:)``.
    public func partialFit(_ x: Tensor, _ y: Tensor) throws -> FittedMLPRegressor {
        try train(x, y, sampleWeight: nil, start: .incremental(nil, nil), context: "MLPRegressor.partialFit")
    }

    /// `fit` from the given initial `[kernel, bias]` per layer (tests compare with scikit-learn).
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil, initialWeights: [[Tensor]]) throws -> FittedMLPRegressor {
        try train(x, y, sampleWeight: sampleWeight, start: .fresh(initialWeights: initialWeights), context: "MLPRegressor.fit")
    }

    func train(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?, start: MLPStart, context: String) throws -> FittedMLPRegressor {
        try validateShared(context)
        if earlyStopping, case .incremental = start {
            throw SwiftLearnError.invalidArgument("\(context): partial_fit does not support early_stopping=True")
        }
        let (n, _, _) = try InputChecks.fitInputs(x, y, context)
        _ = try InputChecks.weights(sampleWeight, count: n, context)
        let targets = try y.reshaped(to: [n, 1])
        let (network, state) = try trainMLP(self, task: .regression(outputs: 1), x: x, targets: targets, outputs: 1,
                                            sampleWeight: sampleWeight, stratify: nil, start: start, context: context) { model, xv, yv, wv in
            try r2Score(yv.reshaped(to: [-1]), model.predict(xv, batchSize: 1024, verbose: .silent).reshaped(to: [-1]), sampleWeight: wv)
        }
        return FittedMLPRegressor(hyperparameters: self, fitResult: MLPFitResult(network: network, trainingState: state, earlyStopping: earlyStopping),
                                  featureCount: x.shape[1])
    }
}

/// A fitted ``MLPRegressor``: predictions, R² score and scikit-learn's fitted attributes.
public struct FittedMLPRegressor: Regressor, FittedMLP {
    /// The hyperparameters it was fitted with.
    public let hyperparameters: MLPRegressor
    public let fitResult: MLPFitResult
    public let featureCount: Int

    /// The prediction for each row of `x` (shape `[n]`).
    public func predict(_ x: Tensor) throws -> Tensor {
        _ = try InputChecks.predictInput(x, featureCount: featureCount, model: "MLPRegressor", "MLPRegressor.predict")
        return try network.outputs(x).reshaped(to: [-1])
    }

    /// One more epoch on `x`, `y` with the same optimizer (scikit-learn's `partial_fit`); this
    /// value is left unchanged.
    public func partialFit(_ x: Tensor, _ y: Tensor) throws -> FittedMLPRegressor {
        try hyperparameters.train(x, y, sampleWeight: nil, start: .incremental(network, trainingState), context: "MLPRegressor.partialFit")
    }
}
