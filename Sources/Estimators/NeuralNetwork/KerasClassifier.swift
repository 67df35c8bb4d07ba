import NeuralNet
import TensorCore

/// The chapter's `KerasClassifier`: a scikit-learn classifier around a model that a closure
/// builds and compiles from your own hyperparameter struct.
///
/// Labels may be any numbers; they are encoded as class indices `0..<classes` in sorted order.
/// A model with one output is binary (a logistic unit trained on 0/1 targets, e.g. with
/// `binary_crossentropy`); a model with one output per class gets the indices (compile it with
/// `sparse_categorical_crossentropy`). ``KerasBuildInfo/outputCount`` is the number of classes.
public struct KerasClassifier<Parameters: Sendable>: Estimator {
    /// Your hyperparameters, handed to ``build``; settable by key path (`\.parameters.nHidden`).
    public var parameters: Parameters
    public var build: KerasModelBuilder<Parameters>
    public var fitOptions = KerasFitOptions()

    public init(_ parameters: Parameters, build: @escaping KerasModelBuilder<Parameters>) {
        self.parameters = parameters
        self.build = build
    }

    /// Builds a new model and trains it on `x` (`[n, ...]`) and labels `y` (`[n]`).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> FittedKerasClassifier {
        let context = "KerasClassifier.fit"
        guard x.rank >= 2, x.shape[0] > 0 else {
            throw SwiftLearnError.shapeMismatch("\(context): x must be [samples, features...], received shape \(formatShape(x.shape))")
        }
        let labels = try InputChecks.vector(y, context)
        guard labels.count == x.shape[0] else {
            throw SwiftLearnError.shapeMismatch("\(context): x has \(x.shape[0]) samples but y has \(labels.count)")
        }
        let classes = try classLabels(labels, context)
        guard classes.count >= 2 else {
            throw SwiftLearnError.invalidArgument("\(context): y has \(classes.count) class (\(classes)); at least 2 are needed")
        }
        var index: [Float: Float] = [:]
        for (i, c) in classes.enumerated() { index[c] = Float(i) }
        let encoded = Tensor(labels.map { index[$0] ?? 0 })
        let info = KerasBuildInfo(inputShape: Array(x.shape.dropFirst()), outputCount: classes.count)
        // A one-output model is binary: train on [n, 1] targets of 0/1.
        let fit = try fitOptions.run(parameters, { p, info in try build(p, info) }, info: info, x: x,
                                     y: classes.count == 2 ? encoded.reshaped(to: [-1, 1]) : encoded,
                                     sampleWeight: sampleWeight, context: context)
        return FittedKerasClassifier(fitResult: KerasFitResult(fit: fit), classes: classes,
                                     featureCount: x.scalarCount / x.shape[0])
    }

    /// A copy with the hyperparameter at `keyPath` changed (`\.parameters.nHidden`, `\.fitOptions.epochs`).
    public func setting<Value>(_ keyPath: WritableKeyPath<Self, Value>, to value: Value) -> Self {
        var copy = self
        copy[keyPath: keyPath] = value
        return copy
    }
}

/// A fitted ``KerasClassifier``.
public struct FittedKerasClassifier: ProbabilisticClassifier, FittedKerasModel {
    public let fitResult: KerasFitResult
    public let classes: [Float]
    public let featureCount: Int

    /// The most probable class of each row (a single logistic output: `classes[1]` above 0.5).
    public func predict(_ x: Tensor) throws -> Tensor {
        Tensor(classIndices(try outputs(x, "predict")).map { classes[$0] })
    }

    /// The probability of each class, columns in ``classes`` order; `[1 − p, p]` for one output.
    public func predictProba(_ x: Tensor) throws -> Tensor {
        let out = try outputs(x, "predictProba")
        guard out.shape[1] == 1 else { return out }
        return try Tensor(shape: [out.scalarCount, 2], scalars: out.scalars.flatMap { [1 - $0, $0] })
    }

    /// The model's `[n, 1]` (two classes) or `[n, classes]` outputs; anything else is an error.
    private func outputs(_ x: Tensor, _ method: String) throws -> Tensor {
        let out = try fitResult.fit.predict(x)
        let width = out.rank == 2 ? out.shape[1] : -1
        guard width == classes.count || (width == 1 && classes.count == 2) else {
            throw SwiftLearnError.shapeMismatch("KerasClassifier.\(method): the model returned outputs of shape \(formatShape(out.shape)); for \(classes.count) classes it must return [samples, \(classes.count)]\(classes.count == 2 ? " or [samples, 1]" : "")")
        }
        return out
    }
}

/// Setting a wrapper's hyperparameters by name: your struct's names (when it is
/// ``HyperparameterSettable``) and the fit options `epochs`, `batch_size`, `validation_split`,
/// `verbose`, `shuffle`, `random_state`.
extension KerasRegressor: HyperparameterSettable where Parameters: HyperparameterSettable {
    public static var typeName: String { "KerasRegressor" }
    public static var defaultParams: [String: ParameterValue] {
        Parameters.defaultParams.merging(KerasFitOptions().params) { a, _ in a }
    }
    public var params: [String: ParameterValue] { parameters.params.merging(fitOptions.params) { a, _ in a } }
    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        if parameters.params[name] != nil { return try parameters.setParam(name, to: value) }
        guard try fitOptions.set(name, value) else { throw Self.unknownParameter(name) }
    }
}

extension KerasClassifier: HyperparameterSettable where Parameters: HyperparameterSettable {
    public static var typeName: String { "KerasClassifier" }
    public static var defaultParams: [String: ParameterValue] {
        Parameters.defaultParams.merging(KerasFitOptions().params) { a, _ in a }
    }
    public var params: [String: ParameterValue] { parameters.params.merging(fitOptions.params) { a, _ in a } }
    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        if parameters.params[name] != nil { return try parameters.setParam(name, to: value) }
        guard try fitOptions.set(name, value) else { throw Self.unknownParameter(name) }
    }
}
