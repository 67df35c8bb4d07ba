import TensorCore

/// The hidden layers' activation of an MLP (scikit-learn's `activation`).
public enum MLPActivation: String, Sendable, CaseIterable {
    case identity, logistic, tanh, relu
}

/// The weight optimization algorithm of an MLP (scikit-learn's `solver`). `lbfgs` exists so that
/// a search or a port of scikit-learn code can name it, but `fit` refuses it: SwiftLearn trains
/// with NeuralNet's mini-batch `fit`, which has no quasi-Newton solver.
public enum MLPSolver: String, Sendable, CaseIterable {
    case sgd, adam, lbfgs
}

/// The learning-rate schedule of the `sgd` solver (scikit-learn's `learning_rate`).
public enum MLPLearningRate: String, Sendable, CaseIterable {
    /// `learningRateInit` throughout.
    case constant
    /// After every epoch, `learningRateInit / (t + 1)^powerT`, `t` the samples seen so far.
    case invscaling
    /// Divided by 5 whenever the stopping rule fires; training stops once it is ≤ 1e-6.
    case adaptive
}

/// The hyperparameters shared by ``MLPRegressor`` and ``MLPClassifier``, with scikit-learn's
/// names, defaults, printing and checks.
public protocol MLPHyperparameters: HyperparameterSettable {
    var hiddenLayerSizes: [Int] { get set }
    var activation: MLPActivation { get set }
    var solver: MLPSolver { get set }
    var alpha: Double { get set }
    /// `nil` is scikit-learn's `"auto"`: `min(200, samples)`.
    var batchSize: Int? { get set }
    var learningRate: MLPLearningRate { get set }
    var learningRateInit: Double { get set }
    var powerT: Double { get set }
    var maxIter: Int { get set }
    var shuffle: Bool { get set }
    /// `nil` draws a fresh seed per fit (scikit-learn's `None`).
    var randomState: Int? { get set }
    var tol: Double { get set }
    var momentum: Double { get set }
    var nesterovsMomentum: Bool { get set }
    var earlyStopping: Bool { get set }
    var validationFraction: Double { get set }
    var beta1: Double { get set }
    var beta2: Double { get set }
    var epsilon: Double { get set }
    var nIterNoChange: Int { get set }
    var warmStart: Bool { get set }
}

extension MLPHyperparameters {
    /// The shared parameters by scikit-learn name (`max_fun` and `verbose` are accepted for
    /// compatibility but have no effect).
    var sharedParams: [String: ParameterValue] {
        ["hidden_layer_sizes": .ints(hiddenLayerSizes), "activation": .string(activation.rawValue),
         "solver": .string(solver.rawValue), "alpha": .double(alpha),
         "batch_size": batchSize.map(ParameterValue.int) ?? .string("auto"),
         "learning_rate": .string(learningRate.rawValue), "learning_rate_init": .double(learningRateInit),
         "power_t": .double(powerT), "max_iter": .int(maxIter), "shuffle": .bool(shuffle),
         "random_state": randomState.map(ParameterValue.int) ?? .none, "tol": .double(tol),
         "verbose": .bool(false), "warm_start": .bool(warmStart), "momentum": .double(momentum),
         "nesterovs_momentum": .bool(nesterovsMomentum), "early_stopping": .bool(earlyStopping),
         "validation_fraction": .double(validationFraction), "beta_1": .double(beta1), "beta_2": .double(beta2),
         "epsilon": .double(epsilon), "n_iter_no_change": .int(nIterNoChange), "max_fun": .int(15000)]
    }

    /// Sets a shared parameter by scikit-learn name; returns false for a name it does not know.
    mutating func setSharedParam(_ name: String, to value: ParameterValue) throws -> Bool {
        func choice<E: RawRepresentable & CaseIterable>(_: E.Type) throws -> E where E.RawValue == String {
            let text = try value.string(for: name)
            guard let e = E(rawValue: text) else {
                throw SwiftLearnError.invalidArgument("The '\(name)' parameter of \(Self.typeName) must be one of \(E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")); received '\(text)'")
            }
            return e
        }
        switch name {
        case "hidden_layer_sizes": hiddenLayerSizes = try value.ints(for: name)
        case "activation": activation = try choice(MLPActivation.self)
        case "solver": solver = try choice(MLPSolver.self)
        case "alpha": alpha = try value.double(for: name)
        case "batch_size":
            if case .string(let s) = value, s == "auto" { batchSize = nil } else { batchSize = try value.int(for: name) }
        case "learning_rate": learningRate = try choice(MLPLearningRate.self)
        case "learning_rate_init": learningRateInit = try value.double(for: name)
        case "power_t": powerT = try value.double(for: name)
        case "max_iter": maxIter = try value.int(for: name)
        case "shuffle": shuffle = try value.bool(for: name)
        case "random_state": randomState = try value.optionalInt(for: name)
        case "tol": tol = try value.double(for: name)
        case "momentum": momentum = try value.double(for: name)
        case "nesterovs_momentum": nesterovsMomentum = try value.bool(for: name)
        case "early_stopping": earlyStopping = try value.bool(for: name)
        case "validation_fraction": validationFraction = try value.double(for: name)
        case "beta_1": beta1 = try value.double(for: name)
        case "beta_2": beta2 = try value.double(for: name)
        case "epsilon": epsilon = try value.double(for: name)
        case "n_iter_no_change": nIterNoChange = try value.int(for: name)
        case "warm_start": warmStart = try value.bool(for: name)
        case "verbose", "max_fun": _ = value // accepted, no effect
        default: return false
        }
        return true
    }

    /// scikit-learn's `_validate_params` for the shared parameters: throws naming the parameter,
    /// the value received and what is allowed.
    func validateShared(_ context: String) throws {
        func fail(_ name: String, _ allowed: String, _ value: CustomStringConvertible) -> SwiftLearnError {
            .invalidArgument("\(context): the '\(name)' parameter must be \(allowed); received \(value)")
        }
        if let bad = hiddenLayerSizes.first(where: { $0 <= 0 }) {
            throw SwiftLearnError.invalidArgument("\(context): hidden_layer_sizes must be > 0, got \(hiddenLayerSizes) (layer size \(bad))")
        }
        if solver == .lbfgs {
            throw SwiftLearnError.invalidArgument("\(context): solver 'lbfgs' is not supported by SwiftLearn (it trains with NeuralNet's mini-batch fit); use 'adam' or 'sgd'")
        }
        guard alpha >= 0, alpha.isFinite else { throw fail("alpha", "a finite float in the range [0.0, inf)", alpha) }
        if let b = batchSize, b < 1 { throw fail("batch_size", "'auto' or an int in the range [1, inf)", b) }
        guard learningRateInit > 0, learningRateInit.isFinite else {
            throw fail("learning_rate_init", "a float in the range (0.0, inf)", learningRateInit)
        }
        guard powerT >= 0, powerT.isFinite else { throw fail("power_t", "a float in the range [0.0, inf)", powerT) }
        guard maxIter >= 1 else { throw fail("max_iter", "an int in the range [1, inf)", maxIter) }
        if let r = randomState, r < 0 { throw fail("random_state", "None or an int in the range [0, inf)", r) }
        guard tol >= 0, tol.isFinite else { throw fail("tol", "a float in the range [0.0, inf)", tol) }
        guard momentum >= 0, momentum <= 1 else { throw fail("momentum", "a float in the range [0.0, 1.0]", momentum) }
        guard validationFraction > 0, validationFraction < 1 else {
            throw fail("validation_fraction", "a float in the range (0.0, 1.0)", validationFraction)
        }
        guard beta1 >= 0, beta1 < 1 else { throw fail("beta_1", "a float in the range [0.0, 1.0)", beta1) }
        guard beta2 >= 0, beta2 < 1 else { throw fail("beta_2", "a float in the range [0.0, 1.0)", beta2) }
        guard epsilon > 0, epsilon.isFinite else { throw fail("epsilon", "a float in the range (0.0, inf)", epsilon) }
        guard nIterNoChange >= 1 else { throw fail("n_iter_no_change", "an int in the range [1, inf)", nIterNoChange) }
    }
}
