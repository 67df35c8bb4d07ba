import TensorCore

/// ``Perceptron``'s hyperparameters by scikit-learn name: `eta0`, `fit_intercept`, `max_iter`,
/// `n_iter_no_change`, `random_state`, `shuffle`, `tol` (`None` runs every epoch).
extension Perceptron: HyperparameterSettable {
    public static let typeName = "Perceptron"

    public static var defaultParams: [String: ParameterValue] { Perceptron().params }

    public var params: [String: ParameterValue] {
        [
            "eta0": .double(eta0), "fit_intercept": .bool(fitIntercept), "max_iter": .int(maxIter),
            "n_iter_no_change": .int(nIterNoChange), "random_state": .int(Int(truncatingIfNeeded: randomState)),
            "shuffle": .bool(shuffle), "tol": tol.map(ParameterValue.double) ?? .none,
        ]
    }

    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "eta0": eta0 = try value.double(for: name)
        case "fit_intercept": fitIntercept = try value.bool(for: name)
        case "max_iter": maxIter = try value.int(for: name)
        case "n_iter_no_change": nIterNoChange = try value.int(for: name)
        case "random_state":
            let seed = try value.int(for: name)
            guard seed >= 0 else {
                throw SwiftLearnError.invalidArgument("parameter 'random_state' expects an integer ≥ 0, received \(seed)")
            }
            randomState = UInt64(seed)
        case "shuffle": shuffle = try value.bool(for: name)
        case "tol": tol = try value.optionalDouble(for: name)
        default: throw Self.unknownParameter(name)
        }
    }
}
