import TensorCore

/// Pipeline hyperparameters by name, as scikit-learn's `get_params`/`set_params`: the pipeline's
/// own (`memory`, `transform_input`, `verbose`), each step by its name (its printed form, or
/// `'passthrough'`), and each step's parameters as `step__param`.
extension Pipeline {
    public static let typeName = "Pipeline"
    public static var defaultParams: [String: ParameterValue] {
        ["memory": .none, "transform_input": .none, "verbose": false]
    }

    public var params: [String: ParameterValue] {
        var all = Self.defaultParams
        all["verbose"] = .bool(verbose)
        for step in steps {
            all[step.name] = .string(step.settable == nil ? "passthrough" : step.reprNode.flat)
            for (key, value) in step.settable?.params ?? [:] { all[step.name + "__" + key] = value }
        }
        return all
    }

    /// Sets `verbose`, replaces a step by `'passthrough'` (`set_params(scaler='passthrough')`), or
    /// sets `step__param` on a step (nested steps recurse: `outer__inner__param`).
    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "verbose": verbose = try value.bool(for: name); return
        case "memory", "transform_input":
            guard value == .none else {
                throw SwiftLearnError.invalidArgument("Pipeline: parameter '\(name)' is not supported by SwiftLearn; only None is accepted, received \(value)")
            }
            return
        default: break
        }
        if let i = steps.firstIndex(where: { $0.name == name }) {
            let text = try value.string(for: name)
            if text == "passthrough" { steps[i].component = .passthrough; return }
            // Its printed form (as `params` reports it) keeps the step: the `step__param`
            // keys carry the values, so `setting(params)` round-trips.
            let typeName = steps[i].settable.map { type(of: $0).typeName } ?? "passthrough"
            guard text == steps[i].reprNode.flat || text.hasPrefix(typeName + "(") else {
                throw SwiftLearnError.invalidArgument("Pipeline: step '\(name)' can be set by name only to 'passthrough' (or its printed form), received '\(text)'; replace steps through the steps property")
            }
            return
        }
        let parts = name.split(separator: "__", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let i = steps.firstIndex(where: { $0.name == parts[0] }) else {
            throw SwiftLearnError.unknownName("Invalid parameter '\(name)' for estimator Pipeline; valid parameters: "
                + (Self.defaultParams.keys.sorted() + steps.map(\.name)).joined(separator: ", ") + " and step__param for a step's own")
        }
        steps[i].component = try steps[i].component.setting(String(parts[1]), to: value, owner: "Pipeline: step '\(parts[0])'")
    }

    /// The printed tree: `Pipeline(steps=[('name', Step(...)), ...])`.
    var reprNode: ReprNode {
        var params: [(String, ReprNode)] = [("steps", .list(steps.map { .tuple([.atom("'\($0.name)'"), $0.reprNode]) }))]
        if verbose { params.append(("verbose", .atom("True"))) }
        return .estimator(name: "Pipeline", params: params)
    }
}
