import TensorCore

/// ``Perceptron``'s hyperparameters by scikit-learn name: `alpha`, `class_weight`,
/// `early_stopping`, `eta0`, `fit_intercept`, `l1_ratio`, `max_iter`, `n_iter_no_change`,
/// `n_jobs`, `penalty` (`None`, `'l2'`, `'l1'`, `'elasticnet'`), `random_state`, `shuffle`, `tol`
/// (`None` runs every epoch), `validation_fraction`, `verbose`, `warm_start`.
///
/// `class_weight` is `None`, `'balanced'`, or a per-class dictionary written as Python writes
/// it, as a string: `"{0: 2.0, 1: 0.5}"` (``ParameterValue`` has no dictionary case).
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

    /// `class_weight` as a parameter value: `None`, `'balanced'` or `'{0: 2.0, 1: 0.5}'`.
    static func classWeightValue(_ weight: ClassWeight?) -> ParameterValue {
        switch weight {
        case nil: return .none
        case .balanced: return .string("balanced")
        case .weights(let w):
            let items = w.keys.sorted().map { key -> String in
                let k = Double(key)
                let keyText = k.rounded() == k && abs(k) < 1e15 ? String(Int(k)) : pythonRepr(k)
                return "\(keyText): \(pythonRepr(w[key] ?? 1))"
            }
            return .string("{" + items.joined(separator: ", ") + "}")
        }
    }

    /// Parses `class_weight`: `None`, `'balanced'`, or a dictionary string `'{label: weight, ...}'`.
    static func classWeight(from value: ParameterValue) throws -> ClassWeight? {
        if value == .none { return nil }
        let text = try value.string(for: "class_weight").trimmingCharacters(in: " ")
        if text == "balanced" { return .balanced }
        guard text.hasPrefix("{"), text.hasSuffix("}") else {
            throw SwiftLearnError.invalidArgument("parameter 'class_weight' expects None, 'balanced' or a dictionary like '{0: 2.0, 1: 0.5}', received '\(text)'")
        }
        var weights: [Float: Double] = [:]
        for item in text.dropFirst().dropLast().split(separator: ",") where !item.allSatisfy({ $0 == " " }) {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let key = Float(String(parts[0]).trimmingCharacters(in: " ")),
                  let weight = Double(String(parts[1]).trimmingCharacters(in: " ")) else {
                throw SwiftLearnError.invalidArgument("parameter 'class_weight': cannot read '\(item)' in '\(text)' as 'label: weight'")
            }
            weights[key] = weight
        }
        return .weights(weights)
    }
}

private extension String {
    func trimmingCharacters(in character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s = s.dropFirst() }
        while s.last == character { s = s.dropLast() }
        return String(s)
    }
}
