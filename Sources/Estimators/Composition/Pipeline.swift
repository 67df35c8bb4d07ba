import TensorCore

/// One named step of a ``Pipeline``: a transformer, an estimator (the last step only), or
/// `'passthrough'` (no-op).
public struct PipelineStep: Sendable {
    /// What a step holds.
    enum Component: Sendable {
        case transformer(any Transformer & HyperparameterSettable)
        case estimator(any Estimator & HyperparameterSettable)
        case passthrough
    }

    /// The step's name, used in nested parameter names (`name__param`).
    public let name: String
    var component: Component

    /// A step called `name` holding `value`: a ``Transformer`` or an ``Estimator`` whose fitted
    /// model is a ``Predictor`` (checked when the pipeline is fitted).
    public init<Value: HyperparameterSettable>(_ name: String, _ value: Value) {
        self.name = name
        if let estimator = value as? any Estimator & HyperparameterSettable {
            component = .estimator(estimator)
        } else if let transformer = value as? any Transformer & HyperparameterSettable {
            component = .transformer(transformer)
        } else {
            component = .passthrough // unreachable for library types; fit reports it below
            invalidValue = Value.typeName
        }
    }

    /// A `'passthrough'` step: its input is its output.
    public static func passthrough(_ name: String) -> PipelineStep {
        PipelineStep(name: name, component: .passthrough)
    }

    init(name: String, component: Component) {
        self.name = name
        self.component = component
    }

    /// The type name of a value that is neither a transformer nor an estimator.
    var invalidValue: String?

    /// The step's value as a hyperparameter container, or `nil` for `'passthrough'`.
    var settable: (any HyperparameterSettable)? {
        switch component {
        case .transformer(let t): return t
        case .estimator(let e): return e
        case .passthrough: return nil
        }
    }

    var reprNode: ReprNode { settable.map { Estimators.reprNode(of: $0) } ?? .atom("'passthrough'") }
}

/// A chain of transformers ending in an estimator or a transformer (scikit-learn's `Pipeline`),
/// itself an estimator: `fit` fits each step on the previous steps' output and returns a
/// ``FittedPipeline`` that predicts and scores (or transforms).
///
/// ```swift
/// let model = Pipeline(("scaler", StandardScaler()), ("mlp", MLPRegressor(hiddenLayerSizes: [30])))
/// let tuned = try model.setting("mlp__alpha", to: 0.01)   // steps' hyperparameters by `step__param`
/// let fitted = try tuned.fit(xTrain, yTrain)
/// print(try fitted.score(xTest, yTest))
/// ```
public struct Pipeline: Estimator, Transformer, HyperparameterSettable, ReprNodeConvertible, CustomStringConvertible {
    /// The steps, in order.
    public var steps: [PipelineStep]
    /// `verbose` (kept for parameter compatibility; SwiftLearn prints nothing while fitting).
    public var verbose = false

    /// A pipeline of `steps` (`Pipeline(steps=[...])`).
    public init(steps: [PipelineStep]) { self.steps = steps }

    /// A pipeline of `(name, step)` pairs of any transformer and estimator types:
    /// `Pipeline(("scaler", StandardScaler()), ("model", regressor))`.
    public init<each Step: HyperparameterSettable>(_ steps: repeat (String, each Step)) {
        var list: [PipelineStep] = []
        for step in repeat each steps { list.append(PipelineStep(step.0, step.1)) }
        self.steps = list
    }

    /// A pipeline whose steps are named after their lowercased type names, with `-1`, `-2`
    /// suffixes for repeats (scikit-learn's `make_pipeline`).
    public static func make<each Step: HyperparameterSettable>(_ steps: repeat each Step) -> Pipeline {
        var names: [String] = []
        var values: [PipelineStep] = []
        for step in repeat each steps {
            names.append(type(of: step).typeName.lowercased())
            values.append(PipelineStep("", step))
        }
        let unique = uniqueNames(names)
        return Pipeline(steps: zip(unique, values).map { PipelineStep(name: $0, component: $1.component) })
    }

    /// Fits every transformer on the output of the ones before it, then the final estimator
    /// (which receives `sampleWeight`).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> FittedPipeline {
        try fitSteps(x, y: y, sampleWeight: sampleWeight)
    }

    /// Fits a pipeline of transformers only (its last step must be a transformer or `'passthrough'`).
    public func fit(_ x: Tensor) throws -> FittedPipeline {
        try fitSteps(x, y: nil, sampleWeight: nil)
    }

    private func fitSteps(_ x: Tensor, y: Tensor?, sampleWeight: Tensor?) throws -> FittedPipeline {
        try validateSteps()
        guard x.rank == 2 else {
            throw SwiftLearnError.shapeMismatch("Pipeline.fit: x must be 2-D [samples, features], received shape \(formatShape(x.shape))")
        }
        var current = x
        var fitted: [FittedPipeline.Step] = []
        for (i, step) in steps.enumerated() {
            let last = i == steps.count - 1
            switch step.component {
            case .passthrough:
                fitted.append(.init(name: step.name, typeName: "passthrough", kind: .passthrough))
            case .transformer(let t):
                let f = try t.fit(current)
                if !last { current = try f.transform(current) }
                fitted.append(.init(name: step.name, typeName: type(of: t).typeName, kind: .transformer(f)))
            case .estimator(let e) where (!last || y == nil) && e is any Transformer:
                // A composite that is both (a nested Pipeline) acts as a transformer here.
                guard let t = e as? any Transformer & HyperparameterSettable else { break }
                let f = try t.fit(current)
                if !last { current = try f.transform(current) }
                fitted.append(.init(name: step.name, typeName: type(of: t).typeName, kind: .transformer(f)))
            case .estimator(let e):
                guard last else {
                    throw SwiftLearnError.invalidArgument("Pipeline: All intermediate steps should be transformers; step '\(step.name)' (\(type(of: e).typeName)) is an estimator")
                }
                guard let y else {
                    throw SwiftLearnError.invalidArgument("Pipeline.fit: the last step '\(step.name)' (\(type(of: e).typeName)) is an estimator and needs targets: call fit(x, y)")
                }
                let model = try e.fit(current, y, sampleWeight: sampleWeight)
                guard let predictor = model as? any Predictor else {
                    throw SwiftLearnError.invalidArgument("Pipeline: the fitted form of step '\(step.name)' (\(type(of: e).typeName)) is not a Predictor")
                }
                fitted.append(.init(name: step.name, typeName: type(of: e).typeName, kind: .predictor(predictor)))
            }
        }
        return FittedPipeline(steps: fitted, featureCount: x.shape[1])
    }

    private func validateSteps() throws {
        guard !steps.isEmpty else { throw SwiftLearnError.invalidArgument("Pipeline: steps is empty; at least one step is needed") }
        let names = steps.map(\.name)
        let repeated = names.filter { n in names.filter { $0 == n }.count > 1 }
        guard repeated.isEmpty else { throw SwiftLearnError.invalidArgument("Pipeline: Names provided are not unique: \(names)") }
        let bad = names.filter { $0.contains("__") || $0.isEmpty }
        guard bad.isEmpty else { throw SwiftLearnError.invalidArgument("Pipeline: Estimator names must not contain __ or be empty: got \(bad)") }
        if let step = steps.first(where: { $0.invalidValue != nil }) {
            throw SwiftLearnError.invalidArgument("Pipeline: step '\(step.name)' (\(step.invalidValue ?? "?")) is neither a Transformer nor an Estimator")
        }
    }
}

/// `names` with `-1`, `-2`, … appended to each repeated one (scikit-learn's `_name_estimators`).
func uniqueNames(_ names: [String]) -> [String] {
    var seen: [String: Int] = [:]
    let counts = Dictionary(names.map { ($0, 1) }, uniquingKeysWith: +)
    return names.map { name in
        guard counts[name, default: 0] > 1 else { return name }
        seen[name, default: 0] += 1
        return "\(name)-\(seen[name, default: 0])"
    }
}
