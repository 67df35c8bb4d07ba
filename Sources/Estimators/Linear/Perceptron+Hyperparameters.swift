import TensorCore

/// ``Perceptron``'s hyperparameters by scikit-learn name: `alpha`, `class_weight`,
/// `early_stopping`, `eta0`, `fit_intercept`, `l1_ratio`, `max_iter`, `n_iter_no_change`,
/// `n_jobs`, `penalty` (`None`, `'l2'`, `'l1'`, `'elasticnet'`), `random_state`, `shuffle`, `tol`
/// (`None` runs every epoch), `validation_fraction`, `verbose`, `warm_start`.
///
/// `class_weight` is `None`, `'balanced'`, or a per-class dictionary `{0: 2.0, 1: 0.5}` keyed by
/// integer class labels (``ParameterValue/dictionary(_:)``); a non-integral label is keyed by
/// its number as a string (`{'0.5': 2.0}`).
extension Perceptron: HyperparameterSettable {
    public static let typeName = "Perceptron"

    public static var defaultParams: [String: ParameterValue] { Perceptron().params }

    public var params: [String: ParameterValue] {
        [
            "alpha": .double(alpha), "class_weight": Self.classWeightValue(classWeight),
            "early_stopping": .bool(earlyStopping), "eta0": .double(eta0), "fit_intercept": .bool(fitIntercept),
            "l1_ratio": .double(l1Ratio), "max_iter": .int(maxIter), "n_iter_no_change": .int(nIterNoChange),
            "n_jobs": nJobs.map(ParameterValue.int) ?? .none, "penalty": penalty.map { .string($0.rawValue) } ?? .none,
            "random_state": .int(Int(truncatingIfNeeded: randomState)), "shuffle": .bool(shuffle),
            "tol": tol.map(ParameterValue.double) ?? .none, "validation_fraction": .double(validationFraction),
            "verbose": .int(verbose), "warm_start": .bool(warmStart),
        ]
    }

    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "alpha": alpha = try value.double(for: name)
        case "class_weight": classWeight = try Self.classWeight(from: value)
        case "early_stopping": earlyStopping = try value.bool(for: name)
        case "eta0": eta0 = try value.double(for: name)
        case "fit_intercept": fitIntercept = try value.bool(for: name)
        case "l1_ratio": l1Ratio = try value.double(for: name)
        case "max_iter": maxIter = try value.int(for: name)
        case "n_iter_no_change": nIterNoChange = try value.int(for: name)
        case "n_jobs": nJobs = try value.optionalInt(for: name)
        case "penalty":
            if value == .none { penalty = nil; return }
            let text = try value.string(for: name)
            guard let p = PerceptronPenalty(rawValue: text) else {
                throw SwiftLearnError.invalidArgument("parameter 'penalty' expects None, 'l2', 'l1' or 'elasticnet', received '\(text)'")
            }
            penalty = p
        case "random_state":
            let seed = try value.int(for: name)
            guard seed >= 0 else {
                throw SwiftLearnError.invalidArgument("parameter 'random_state' expects an integer ≥ 0, received \(seed)")
            }
            randomState = UInt64(seed)
        case "shuffle": shuffle = try value.bool(for: name)
        case "tol": tol = try value.optionalDouble(for: name)
        case "validation_fraction": validationFraction = try value.double(for: name)
        case "verbose": verbose = try value.int(for: name)
        case "warm_start": warmStart = try value.bool(for: name)
        default: throw Self.unknownParameter(name)
        }
    }

    /// `class_weight` as a parameter value: `None`, `'balanced'` or `{0: 2.0, 1: 0.5}`.
    static func classWeightValue(_ weight: ClassWeight?) -> ParameterValue {
        switch weight {
        case nil: return .none
        case .balanced: return .string("balanced")
        case .weights(let w):
            var items: [ParameterKey: ParameterValue] = [:]
            for (label, weight) in w {
                let k = Double(label)
                items[k.rounded() == k && abs(k) < 1e15 ? .int(Int(k)) : .string(pythonRepr(k))] = .double(weight)
            }
            return .dictionary(items)
        }
    }

    /// Reads `class_weight`: `None`, `'balanced'`, or a dictionary of numbers keyed by class label.
    static func classWeight(from value: ParameterValue) throws -> ClassWeight? {
        switch value {
        case .none: return nil
        case .string("balanced"): return .balanced
        case .dictionary:
            var weights: [Float: Double] = [:]
            for (key, weight) in try value.doubleDictionary(for: "class_weight") {
                switch key {
                case .int(let label): weights[Float(label)] = weight
                case .string(let text):
                    guard let label = Float(text), label.isFinite else {
                        throw SwiftLearnError.invalidArgument("parameter 'class_weight': key \(key) is not a class label; keys are the numeric labels of y (positions 0..<K of the sorted labels when fitted with `labels:`)")
                    }
                    weights[label] = weight
                }
            }
            return .weights(weights)
        default:
            throw SwiftLearnError.invalidArgument("parameter 'class_weight' expects None, 'balanced' or a dictionary like {0: 2.0, 1: 0.5}, received \(value)")
        }
    }
}
