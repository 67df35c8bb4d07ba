import NeuralNet
import TensorCore

/// A multi-layer perceptron classifier (scikit-learn's `MLPClassifier`), trained by NeuralNet.
///
/// Two classes use one logistic output, more use a softmax; both minimize scikit-learn's
/// log-loss plus `alpha`'s L2 penalty on the weights. The network is a real ``Sequential``
/// compiled and trained by NeuralNet's `fit` (see ``MLPRegressor`` for the shared rules).
/// Labels may be any numbers; ``FittedMLPClassifier/classes`` holds them sorted.
public struct MLPClassifier: Estimator, MLPHyperparameters, Equatable {
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

    public static let typeName = "MLPClassifier"
    public static var defaultParams: [String: ParameterValue] { MLPClassifier().params }
    public var params: [String: ParameterValue] { sharedParams }

    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        guard try setSharedParam(name, to: value) else { throw Self.unknownParameter(name) }
    }

    /// Validates the hyperparameters and trains a new network on `x` (`[n, features]`) and labels `y` (`[n]`).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> FittedMLPClassifier {
        try train(x, y, classes: nil, sampleWeight: sampleWeight, start: .fresh(initialWeights: nil), context: "MLPClassifier.fit")
    }

    /// With `warmStart`, continues from `previous` (same classes), with a new optimizer as
    /// scikit-learn; without it, the same as `fit(_:_:)`.
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil, continuing previous: FittedMLPClassifier) throws -> FittedMLPClassifier {
        guard warmStart else { return try fit(x, y, sampleWeight: sampleWeight) }
        return try train(x, y, classes: previous.classes, sampleWeight: sampleWeight,
                         start: .warm(previous.network, previous.trainingState), context: "MLPClassifier.fit")
    }

    /// One epoch from new weights (scikit-learn's first `partial_fit` call, which must list every
    /// class that will ever be seen); continue with ``FittedMLPClassifier/partialFit(_:_:)``.
    public func partialFit(_ x: Tensor, _ y: Tensor, classes: [Float]) throws -> FittedMLPClassifier {
        try train(x, y, classes: uniqueSorted(classes), sampleWeight: nil, start: .incremental(nil, nil),
                  context: "MLPClassifier.partialFit")
    }

    /// `fit` from the given initial `[kernel, bias]` per layer (tests compare with scikit-learn).
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil, initialWeights: [[Tensor]]) throws -> FittedMLPClassifier {
        try train(x, y, classes: nil, sampleWeight: sampleWeight, start: .fresh(initialWeights: initialWeights), context: "MLPClassifier.fit")
    }

    func train(_ x: Tensor, _ y: Tensor, classes given: [Float]?, sampleWeight: Tensor?, start: MLPStart,
               context: String) throws -> FittedMLPClassifier {
        try validateShared(context)
        if earlyStopping, case .incremental = start {
            throw SwiftLearnError.invalidArgument("\(context): partial_fit does not support early_stopping=True")
        }
        let (n, _, labels) = try InputChecks.fitInputs(x, y, context)
        _ = try InputChecks.weights(sampleWeight, count: n, context)
        let classes = try given ?? classLabels(labels, context)
        guard classes.count >= 2 else {
            throw SwiftLearnError.invalidArgument("\(context): y has \(classes.count) class\(classes.count == 1 ? "" : "es") (\(classes)); at least 2 are needed")
        }
        var index: [Float: Int] = [:]
        for (i, c) in classes.enumerated() { index[c] = i }
        var encoded: [Float] = []
        encoded.reserveCapacity(n)
        for (i, label) in labels.enumerated() {
            guard let k = index[label] else {
                throw SwiftLearnError.invalidArgument("\(context): label \(label) at index \(i) is not among the classes \(classes) of the first fit")
            }
            encoded.append(Float(k))
        }
        let binary = classes.count == 2
        let targets = binary ? try Tensor(shape: [n, 1], scalars: encoded) : Tensor(encoded)
        let (network, state) = try trainMLP(self, task: binary ? .binary : .multiclass, x: x, targets: targets,
                                            outputs: binary ? 1 : classes.count, sampleWeight: sampleWeight,
                                            stratify: binary ? Tensor(encoded) : nil, start: start, context: context) { model, xv, yv, wv in
            let indices = classIndices(try model.predict(xv, batchSize: 1024, verbose: .silent))
            return try accuracyScore(yv.reshaped(to: [-1]), Tensor(indices.map(Float.init)), sampleWeight: wv)
        }
        return FittedMLPClassifier(hyperparameters: self, classes: classes,
                                   fitResult: MLPFitResult(network: network, trainingState: state, earlyStopping: earlyStopping),
                                   featureCount: x.shape[1])
    }
}

/// The class index of each row of a network's output: one logistic column (> 0.5 is class 1,
/// as scikit-learn's strict threshold), or the first largest of several.
func classIndices(_ outputs: Tensor) -> [Int] {
    let k = outputs.rank == 2 ? outputs.shape[1] : 1
    let values = outputs.scalars
    let rows = k == 0 ? 0 : values.count / k
    return (0..<rows).map { r in
        if k == 1 { return values[r] > 0.5 ? 1 : 0 }
        var best = 0
        for j in 1..<k where values[r * k + j] > values[r * k + best] { best = j }
        return best
    }
}

/// A fitted ``MLPClassifier``: predictions, probabilities, accuracy and scikit-learn's fitted attributes.
public struct FittedMLPClassifier: ProbabilisticClassifier, FittedMLP {
    /// The hyperparameters it was fitted with.
    public let hyperparameters: MLPClassifier
    public let classes: [Float]
    public let fitResult: MLPFitResult
    public let featureCount: Int

    /// The most probable class of each row of `x` (shape `[n]`).
    public func predict(_ x: Tensor) throws -> Tensor {
        _ = try InputChecks.predictInput(x, featureCount: featureCount, model: "MLPClassifier", "MLPClassifier.predict")
        return Tensor(classIndices(try network.outputs(x)).map { classes[$0] })
    }

    /// The probability of each class, columns in ``classes`` order (shape `[n, classes]`); for two
    /// classes `[1 − p, p]` from the logistic output.
    public func predictProba(_ x: Tensor) throws -> Tensor {
        let n = try InputChecks.predictInput(x, featureCount: featureCount, model: "MLPClassifier", "MLPClassifier.predictProba")
        let out = try network.outputs(x)
        guard classes.count == 2 else { return out }
        let p = out.scalars
        return try Tensor(shape: [n, 2], scalars: p.flatMap { [1 - $0, $0] })
    }

    /// One more epoch on `x`, `y` with the same optimizer (scikit-learn's `partial_fit`); this
    /// value is left unchanged.
    public func partialFit(_ x: Tensor, _ y: Tensor) throws -> FittedMLPClassifier {
        try hyperparameters.train(x, y, classes: classes, sampleWeight: nil, start: .incremental(network, trainingState),
                                  context: "MLPClassifier.partialFit")
    }
}
