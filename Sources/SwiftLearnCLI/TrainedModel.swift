import Foundation
import SwiftLearn

/// What `swiftlearn train` built, how it prepared the inputs, and what `evaluate` needs to
/// rebuild the same model and feed it the same way.
public struct TrainedModelSpec: Codable, Equatable, Sendable {
    /// Always ``currentFormat``.
    public var format: String = TrainedModelSpec.currentFormat
    public var task: String
    /// One sample's shape.
    public var inputShape: [Int]
    public var hidden: [Int]
    public var activation: String
    /// Output units: the class count, or 1 for regression.
    public var outputs: Int
    /// Inputs are pixels divided by 255 (otherwise standardized with ``mean`` and ``scale``).
    public var pixels: Bool
    public var mean: [Float]
    public var scale: [Float]
    /// The seed of the run (California housing's test part depends on it).
    public var seed: UInt64

    public static let currentFormat = "swiftlearn-cli-mlp-1"

    public var taskKind: TaskKind { TaskKind(rawValue: task) ?? .regression }

    /// The Sequential MLP this spec describes, untrained and compiled.
    public func makeModel(optimizer: Optimizer = SGD()) throws -> Sequential {
        var layers: [Layer] = []
        let flat = inputShape.reduce(1, *)
        if inputShape.count > 1 { layers.append(Flatten(inputShape: inputShape)) }
        let activation = try Activation(named: activation)
        for (i, units) in hidden.enumerated() {
            guard units > 0 else { throw SwiftLearnError.invalidArgument("--hidden: layer \(i + 1) has \(units) units; each needs at least 1") }
            layers.append(i == 0 && inputShape.count == 1 ? Dense(units, activation: activation, inputShape: [flat]) : Dense(units, activation: activation))
        }
        let outputActivation: Activation = taskKind == .classification ? .softmax : .linear
        layers.append(hidden.isEmpty && inputShape.count == 1
                      ? Dense(outputs, activation: outputActivation, inputShape: [flat]) : Dense(outputs, activation: outputActivation))
        let model = try Sequential(layers)
        if taskKind == .classification {
            try model.compile(loss: "sparse_categorical_crossentropy", optimizer: optimizer, metrics: ["accuracy"])
        } else {
            try model.compile(loss: "mse", optimizer: optimizer, metrics: ["mae"])
        }
        return model
    }

    /// `x` prepared as the model was trained: pixels / 255, or standardized features.
    public func prepare(_ x: Tensor, source: String) throws -> Tensor {
        guard Array(x.shape.dropFirst()) == inputShape else {
            throw SwiftLearnError.shapeMismatch("\(source): samples have shape \(Array(x.shape.dropFirst())), the model expects \(inputShape)")
        }
        if pixels { return x / 255 }
        let width = inputShape.reduce(1, *)
        guard mean.count == width, scale.count == width else { return x }
        var values = x.scalars
        for i in values.indices { values[i] = (values[i] - mean[i % width]) / scale[i % width] }
        return try Tensor(shape: x.shape, scalars: values)
    }
}

// MARK: - Saving (SWITCH to the full-model save)

/// Saves what `train` produced at `path`, a folder: `model.json` (the spec) and `weights/<i>.npy`
/// (the model's weights in `getWeights()` order). Written to a temporary folder, then renamed.
///
/// SWITCH: this is the stand-in until the full-model save (`model.save(path)`, Keras `.keras`/`.h5`)
/// lands; then save the model with it (the preprocessing in the spec still has to be kept beside
/// it) and change ``loadTrainedModel(from:)`` to match. Only these two functions know the layout.
public func saveTrainedModel(_ model: Model, spec: TrainedModelSpec, to path: String) throws {
    let fm = FileManager.default
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
        try fm.createDirectory(at: temporary.appendingPathComponent("weights"), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(spec).write(to: temporary.appendingPathComponent("model.json"))
        for (i, w) in model.getWeights().enumerated() {
            try NPY.save(w, to: temporary.appendingPathComponent("weights/\(i).npy"))
        }
        if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
        try fm.moveItem(at: temporary, to: url)
    } catch {
        try? fm.removeItem(at: temporary)
        let reason = (error as? SwiftLearnError)?.message ?? error.localizedDescription
        throw SwiftLearnError.io("cannot save the model to '\(path)': \(reason)")
    }
}

/// Reads a model saved by ``saveTrainedModel(_:spec:to:)``: the rebuilt, compiled model with its
/// weights, and its spec. SWITCH: see ``saveTrainedModel(_:spec:to:)``.
public func loadTrainedModel(from path: String) throws -> (model: Sequential, spec: TrainedModelSpec) {
    let url = URL(fileURLWithPath: path)
    let specURL = url.appendingPathComponent("model.json")
    let spec: TrainedModelSpec
    do {
        spec = try JSONDecoder().decode(TrainedModelSpec.self, from: Data(contentsOf: specURL))
    } catch {
        throw SwiftLearnError.io("\(specURL.path): not a model saved by swiftlearn train (\(error.localizedDescription))")
    }
    guard spec.format == TrainedModelSpec.currentFormat else {
        throw SwiftLearnError.invalidConfig("\(specURL.path): format '\(spec.format)', expected '\(TrainedModelSpec.currentFormat)'")
    }
    let model = try spec.makeModel()
    let count = model.getWeights().count
    let weights = try (0..<count).map { try NPY.load(url.appendingPathComponent("weights/\($0).npy")) }
    try model.setWeights(weights)
    return (model, spec)
}
