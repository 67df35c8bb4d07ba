import Foundation
import NeuralNet
import TensorCore

/// What a Keras wrapper's build closure learns about the data (scikeras' `meta`).
public struct KerasBuildInfo: Sendable, Equatable {
    /// The shape of one sample, e.g. `[8]` (the chapter's `input_shape`).
    public var inputShape: [Int]
    /// Regressors: 1. Classifiers: the number of classes (`n_classes_`).
    public var outputCount: Int
}

/// Builds and compiles a model from the user's hyperparameters (the chapter's
/// `build_model(n_hidden, n_neurons, learning_rate, input_shape)`).
public typealias KerasModelBuilder<Parameters> = @Sendable (Parameters, KerasBuildInfo) throws -> Model

/// The options of `fit` shared by both wrappers, by scikit-learn-style names.
public struct KerasFitOptions: Sendable {
    public var epochs = 1
    public var batchSize = 32
    /// Makes new callbacks for each fit (callbacks are objects with state, so each fit gets its own).
    public var callbacks: @Sendable () -> [Callback] = { [] }
    /// The last fraction of the samples held out for validation, as Keras.
    public var validationSplit = 0.0
    public var validationData: (x: Tensor, y: Tensor)?
    public var verbose: Verbosity = .silent
    public var shuffle = true
    /// Seeds the initial weights and shuffles; `nil` draws from SwiftLearn's global random state.
    public var randomState: UInt64?

    public init() {}

    var params: [String: ParameterValue] {
        ["epochs": .int(epochs), "batch_size": .int(batchSize), "validation_split": .double(validationSplit),
         "verbose": .int(verbose.level), "shuffle": .bool(shuffle), "random_state": randomState.map { .int(Int($0)) } ?? .none]
    }

    mutating func set(_ name: String, _ value: ParameterValue) throws -> Bool {
        switch name {
        case "epochs": epochs = try value.int(for: name)
        case "batch_size": batchSize = try value.int(for: name)
        case "validation_split": validationSplit = try value.double(for: name)
        case "verbose": verbose = try Verbosity(integerLiteral: value.int(for: name))
        case "shuffle": shuffle = try value.bool(for: name)
        case "random_state":
            let seed = try value.optionalInt(for: name)
            guard (seed ?? 0) >= 0 else { throw SwiftLearnError.invalidArgument("parameter 'random_state' must be None or an int ≥ 0, received \(value)") }
            randomState = seed.map(UInt64.init)
        default: return false
        }
        return true
    }

    /// Builds a model with `build`, checks it is compiled, and fits it on `x`, `y`.
    func run<P>(_ parameters: P, _ build: KerasModelBuilder<P>, info: KerasBuildInfo, x: Tensor, y: Tensor,
                sampleWeight: Tensor?, context: String) throws -> KerasFit {
        guard epochs >= 1 else { throw SwiftLearnError.invalidArgument("\(context): epochs must be ≥ 1, received \(epochs)") }
        guard batchSize >= 1 else { throw SwiftLearnError.invalidArgument("\(context): batch_size must be ≥ 1, received \(batchSize)") }
        guard validationSplit >= 0, validationSplit < 1 else {
            throw SwiftLearnError.invalidArgument("\(context): validation_split must be in [0, 1), received \(validationSplit)")
        }
        return try withRandomSeed(randomState ?? GlobalRandom.nextSeed()) {
            let model = try build(parameters, info)
            guard model.compiled != nil else {
                throw SwiftLearnError.invalidState("\(context): the build closure returned model '\(model.name)' uncompiled; call compile(loss:optimizer:metrics:) in it")
            }
            let history = try model.fit(x, y, batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks(),
                                        validationSplit: validationSplit, validationData: validationData, shuffle: shuffle,
                                        sampleWeight: sampleWeight)
            return KerasFit(model: model, history: history.history, epochs: history.epoch)
        }
    }
}

/// A wrapper's trained model. The model is only used under ``lock`` once training is over and
/// never trained again (``FittedKerasRegressor/model`` hands out copies), which is why sharing
/// it between tasks is safe although `Model` is a class.
final class KerasFit: @unchecked Sendable {
    private let trained: Model
    let history: [String: [Float]]
    let epochs: [Int]
    private let lock = NSLock()

    init(model: Model, history: [String: [Float]], epochs: [Int]) {
        self.trained = model
        self.history = history
        self.epochs = epochs
    }

    func predict(_ x: Tensor) throws -> Tensor {
        try lock.withLock { try trained.predict(x, batchSize: 1024, verbose: .silent) }
    }

    func copy() throws -> Model { try lock.withLock { try cloneModel(trained, copyWeights: true) } }

    /// Runs `body` with the trained model itself, one caller at a time.
    func withModel<R>(_ body: (Model) throws -> R) rethrows -> R { try lock.withLock { try body(trained) } }
}

/// The chapter's `KerasRegressor`: a scikit-learn regressor around a Keras-style model that a
/// closure builds and compiles from your own hyperparameter struct, so searches can tune it.
///
/// ```swift
/// struct Params: Sendable { var nHidden = 1, nNeurons = 30, learningRate: Float = 3e-3 }
/// var reg = KerasRegressor(Params()) { p, info in
///     let model = try Sequential([InputLayer(shape: info.inputShape)])
///     for _ in 0..<p.nHidden { try model.add(Dense(p.nNeurons, activation: .relu)) }
///     try model.add(Dense(1))
///     try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: p.learningRate))
///     return model
/// }
/// reg.fitOptions.epochs = 20
/// let fitted = try reg.setting(\.parameters.nNeurons, to: 50).fit(x, y)
/// ```
public struct KerasRegressor<Parameters: Sendable>: Estimator {
    /// Your hyperparameters, handed to ``build``; settable by key path (`\.parameters.nHidden`).
    public var parameters: Parameters
    public var build: KerasModelBuilder<Parameters>
    public var fitOptions = KerasFitOptions()

    public init(_ parameters: Parameters, build: @escaping KerasModelBuilder<Parameters>) {
        self.parameters = parameters
        self.build = build
    }

    /// Builds a new model and trains it on `x` (`[n, ...]`) and `y` (`[n]` or `[n, outputs]`).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> FittedKerasRegressor {
        let context = "KerasRegressor.fit"
        guard x.rank >= 2, y.rank >= 1, x.shape[0] == y.shape[0], x.shape[0] > 0 else {
            throw SwiftLearnError.shapeMismatch("\(context): x (shape \(formatShape(x.shape))) must be [samples, features...] and y (shape \(formatShape(y.shape))) must have as many samples")
        }
        let info = KerasBuildInfo(inputShape: Array(x.shape.dropFirst()), outputCount: y.rank == 2 ? y.shape[1] : 1)
        let fit = try fitOptions.run(parameters, build, info: info, x: x, y: y, sampleWeight: sampleWeight, context: context)
        return FittedKerasRegressor(fitResult: KerasFitResult(fit: fit), featureCount: x.rank == 2 ? x.shape[1] : x.scalarCount / x.shape[0])
    }

    /// A copy with the hyperparameter at `keyPath` changed (`\.parameters.nHidden`, `\.fitOptions.epochs`).
    public func setting<Value>(_ keyPath: WritableKeyPath<Self, Value>, to value: Value) -> Self {
        var copy = self
        copy[keyPath: keyPath] = value
        return copy
    }
}

/// A fitted ``KerasRegressor``.
public struct FittedKerasRegressor: Regressor, FittedKerasModel {
    public let fitResult: KerasFitResult
    public let featureCount: Int
    var fit: KerasFit { fitResult.fit }

    /// The model's prediction per row (shape `[n]` for one output).
    public func predict(_ x: Tensor) throws -> Tensor {
        let out = try fit.predict(x)
        return out.rank == 2 && out.shape[1] == 1 ? try out.reshaped(to: [-1]) : out
    }
}

/// What both fitted wrappers expose: the trained model and its History.
public protocol FittedKerasModel: Sendable {
    /// The trained model and its History (opaque; read it through this protocol's members).
    var fitResult: KerasFitResult { get }
}

/// A wrapper's trained model and History.
public struct KerasFitResult: Sendable {
    let fit: KerasFit
}

extension FittedKerasModel {
    private var kerasFit: KerasFit { fitResult.fit }
    /// The History of the fit: per key (`loss`, `val_loss`, metrics), one value per epoch.
    public var history: [String: [Float]] { kerasFit.history }
    /// The epochs run (fewer than `epochs` when a callback stopped training).
    public var epochsRun: [Int] { kerasFit.epochs }
    /// A copy of the trained model (same layers and weights, not compiled), free to use or save.
    public var model: Model { get throws { try kerasFit.copy() } }
    /// Runs `body` with the trained model itself (one caller at a time); do not train it there.
    public func withModel<R>(_ body: (Model) throws -> R) rethrows -> R { try kerasFit.withModel(body) }
}
