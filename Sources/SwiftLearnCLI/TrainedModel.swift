import Foundation
import SwiftLearn

/// The Sequential MLP `swiftlearn train` builds. The input scaling is the model's first layer, an
/// adapted ``Normalization``, so a saved model file is self-contained: `swiftlearn evaluate`,
/// `swiftlearn predict` and Keras' `load_model` feed it raw features.
public struct MLPSpec: Equatable, Sendable {
    public var task: TaskKind
    /// One sample's shape.
    public var inputShape: [Int]
    public var hidden: [Int]
    public var activation: String
    /// Output units: the class count, or 1 for regression.
    public var outputs: Int

    public init(task: TaskKind, inputShape: [Int], hidden: [Int], activation: String, outputs: Int) {
        self.task = task; self.inputShape = inputShape; self.hidden = hidden; self.activation = activation; self.outputs = outputs
    }

    /// The compiled MLP: `Normalization` (with `scaling`'s mean and variance per feature, the last
    /// axis), `Flatten` for images, the hidden `Dense` layers, the output layer.
    public func makeModel(scaling: FeatureScaling, optimizer: Optimizer = SGD()) throws -> Sequential {
        let normalization = Normalization(name: "normalization", inputShape: inputShape)
        try normalization.buildIfNeeded(inputShape: [nil] + inputShape.map { Optional($0) })
        try normalization.setWeights([Tensor(scaling.mean), Tensor(scaling.variance), Tensor(Float(scaling.count))])
        var layers: [Layer] = [normalization]
        if inputShape.count > 1 { layers.append(Flatten()) }
        let activation = try Activation(named: activation)
        for (i, units) in hidden.enumerated() {
            guard units > 0 else { throw SwiftLearnError.invalidArgument("--hidden: layer \(i + 1) has \(units) units; each needs at least 1") }
            layers.append(Dense(units, activation: activation))
        }
        layers.append(Dense(outputs, activation: task == .classification ? .softmax : .linear))
        let model = try Sequential(layers)
        if task == .classification {
            try model.compile(loss: "sparse_categorical_crossentropy", optimizer: optimizer, metrics: ["accuracy"])
        } else {
            try model.compile(loss: "mse", optimizer: optimizer, metrics: ["mae"])
        }
        return model
    }
}

/// The per-feature statistics the model's `Normalization` layer holds: `(x − mean) / √variance`.
public struct FeatureScaling: Equatable, Sendable {
    public var mean: [Float]
    public var variance: [Float]
    /// The number of samples the statistics come from (Keras' `count` weight).
    public var count: Int

    /// Standardization learned from the training rows of `x` (`[n, features]` after flattening
    /// all but the last axis), as scikit-learn's StandardScaler: population variance, and 1 for a
    /// constant feature (Keras' `adapt` would divide by 1e-7 there).
    public static func standardizing(_ x: Tensor, rows: Int) throws -> FeatureScaling {
        guard let features = x.shape.last, x.rank >= 2 else {
            throw SwiftLearnError.shapeMismatch("features must have shape (samples, ..., features), received \(x.shape)")
        }
        let flat = try x.reshaped(to: [x.scalarCount / features, features])
        let layer = Normalization()
        try layer.adapt(try flat.rows(0..<rows))
        let weights = layer.getWeights()   // mean, variance, count
        let mean = weights.first?.scalars ?? [], variance = weights.dropFirst().first?.scalars ?? []
        return FeatureScaling(mean: mean, variance: variance.map { $0 > 0 ? $0 : 1 }, count: rows)
    }

    /// Pixels divided by 255: mean 0, variance 255² for each of `features` (the last axis).
    public static func pixels(features: Int, count: Int) -> FeatureScaling {
        FeatureScaling(mean: Array(repeating: 0, count: features), variance: Array(repeating: 255 * 255, count: features), count: count)
    }
}

/// What `swiftlearn evaluate` needs to know about a model file written by `swiftlearn train`.
struct LoadedMLP {
    let model: Model
    let task: TaskKind
    /// Output units (the class count for classification).
    let outputs: Int
    /// One sample's shape, as the first layer expects it.
    let inputShape: [Int]

    /// Loads `path` (`.keras` or `.h5`) with ``loadModel(from:customObjects:compile:)``.
    init(path: String) throws {
        let model = try loadModel(from: path)
        guard let compiled = model.compiled else {
            throw SwiftLearnError.invalidState("\(path): the model was saved uncompiled, so it has no loss to evaluate; compile and save it again")
        }
        self.model = model
        let loss = compiled.losses?.first ?? compiled.loss
        task = loss.name.hasSuffix("categorical_crossentropy") ? .classification : .regression
        outputs = (model.layers.last as? Dense)?.units ?? 1
        inputShape = model.layers.first?.builtInputShape.map { $0.dropFirst().compactMap { $0 } } ?? []
    }

    /// Checks that `x`'s samples have the shape the model expects.
    func check(_ x: Tensor, source: String) throws {
        guard inputShape.isEmpty || Array(x.shape.dropFirst()) == inputShape else {
            throw SwiftLearnError.shapeMismatch("\(source): samples have shape \(Array(x.shape.dropFirst())), the model expects \(inputShape)")
        }
    }
}
