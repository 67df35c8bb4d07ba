import Foundation
import HDF5
import TensorCore

/// The optimizer state in a legacy `.h5` file, in a layout of SwiftLearn's own that Keras 3
/// ignores (so Keras 3 still loads, predicts with and trains the model).
///
/// Why not Keras' `/optimizer_weights`: Keras 3.15 restores only `iteration` and `learning_rate`
/// from it, and a model loaded from a file that has it cannot be trained at all ("optimizer was
/// built with 0 variables", keras-formats §1.8). Keras ignores groups it does not know; with the
/// group renamed, it loads the model and trains it with a fresh optimizer. So the state is here:
///
/// ```
/// /swiftlearn_optimizer_state            @class_name      "Adam" (Optimizer.className)
///                                        @variable_paths  ["dense/kernel", "dense/bias", ...]
///                                                         (the model variables it was built for, in order)
///                                        @slot_count      int64 (state tensors per variable)
///                                        @format_version  int64 = 1
/// /swiftlearn_optimizer_state/iterations  int64 scalar    (Optimizer.iterations)
/// /swiftlearn_optimizer_state/slots/<i>/<s>  float32, the shape of variable i
///                                         (state tensor s of variable i: SGD's momentum, Adam's m then v)
/// ```
/// Hyperparameters (learning rate, betas) are not here: they belong to `@training_config`,
/// which the compile-config code writes (see `legacyH5TrainingConfig(of:)`).
extension LegacyH5 {
    /// The layout's version, written to `@format_version`.
    static let optimizerFormatVersion = 1

    /// Writes `optimizer`'s state (if it has been built) into `file`.
    static func writeOptimizerState(_ optimizer: Optimizer, into file: File) throws {
        guard optimizer.isBuilt else { return }
        let group = try file.createGroup(optimizerGroup)
        try group.setAttribute("class_name", optimizer.className)
        try group.setAttribute("variable_paths", optimizer.variables.map(\.path))
        try group.setAttribute("slot_count", Int64(optimizer.slotCount))
        try group.setAttribute("format_version", Int64(optimizerFormatVersion))
        try group.createDataset("iterations", shape: [], data: [Int64(optimizer.iterations)])
        let slots = try group.createGroup("slots")
        for (i, variable) in optimizer.variables.enumerated() {
            let state = optimizer.state(forPath: variable.path) ?? []
            let holder = try slots.createGroup(String(i))
            for (s, tensor) in state.enumerated() {
                try holder.createDataset(String(s), shape: tensor.shape, data: tensor.scalars)
            }
        }
    }

    /// Whether the file at `url` carries SwiftLearn optimizer state.
    static func hasOptimizerState(_ file: File) throws -> Bool {
        try file.kind(of: optimizerGroup) == .group
    }

    /// Restores the optimizer state saved in `file` into `model`'s compiled optimizer: builds the
    /// optimizer for the model's trainable weights, checks that they are the saved variables (by
    /// path, in order) and that the class and every shape agree, then sets the state and the step
    /// count. Every mismatch is listed in one `io` error naming the file and object.
    static func restoreOptimizerState(from file: File, into model: Model) throws {
        guard let optimizer = model.compiled?.optimizer else {
            throw SwiftLearnError.invalidState("restoring optimizer state from '\(file.filePath)': model '\(model.name)' is not compiled")
        }
        let group = try file.openGroup(optimizerGroup)
        let at = "HDF5 file '\(file.filePath)', object '\(group.path)'"
        let version = try group.attribute("format_version").readDoubles()
        guard version == [Double(optimizerFormatVersion)] else {
            throw SwiftLearnError.io("\(at): @format_version is \(version), this SwiftLearn reads \(optimizerFormatVersion)")
        }
        let className = try group.attribute("class_name").readString()
        guard className == optimizer.className else {
            throw SwiftLearnError.io("\(at): the state is of a \(className) optimizer, model '\(model.name)' is compiled with \(optimizer.className)")
        }
        let slotCount = try group.attribute("slot_count").readDoubles()
        guard slotCount == [Double(optimizer.slotCount)] else {
            throw SwiftLearnError.io("\(at): @slot_count is \(slotCount), \(className) keeps \(optimizer.slotCount) tensors per variable")
        }
        let paths = try readNames(group, attribute: "variable_paths")
        let iterationsSet = try group.openDataset("iterations")
        guard iterationsSet.shape.isEmpty, iterationsSet.elementType.isNumeric else {
            throw SwiftLearnError.io("\(at)/iterations: expected an integer scalar, found \(iterationsSet.elementType) of shape \(iterationsSet.shape)")
        }
        let iterations = try iterationsSet.readDoubles()[0]
        guard iterations >= 0, iterations == iterations.rounded(), iterations < 1e15 else {
            throw SwiftLearnError.io("\(at)/iterations: \(iterations) is not a step count")
        }
        let variables = model.trainableWeights
        var problems: [String] = []
        if paths != variables.map(\.path) {
            problems.append("@variable_paths lists \(paths.count) variables (\(paths.prefix(6).joined(separator: ", "))\(paths.count > 6 ? ", ..." : "")), the model trains \(variables.count) (\(variables.prefix(6).map(\.path).joined(separator: ", "))\(variables.count > 6 ? ", ..." : ""))")
        }
        var states: [[Tensor]] = []
        if problems.isEmpty {
            for (i, variable) in variables.enumerated() {
                var state: [Tensor] = []
                for s in 0..<optimizer.slotCount {
                    let name = "slots/\(i)/\(s)"
                    guard try group.kind(of: name) == .dataset else { problems.append("'\(group.path)/\(name)': missing"); continue }
                    let dataset = try group.openDataset(name)
                    guard dataset.elementType == .float32, dataset.shape == variable.shape else {
                        problems.append("'\(group.path)/\(name)': \(dataset.elementType) \(formatShape(dataset.shape)), expected float32 \(formatShape(variable.shape)) for '\(variable.path)'")
                        continue
                    }
                    state.append(try Tensor(shape: variable.shape, scalars: try dataset.read(as: Float.self)))
                }
                states.append(state)
            }
        }
        guard problems.isEmpty else {
            throw SwiftLearnError.io("HDF5 file '\(file.filePath)': the optimizer state does not match model '\(model.name)':\n  " + problems.joined(separator: "\n  "))
        }
        try optimizer.build(for: variables)
        for (variable, state) in zip(variables, states) { try optimizer.setState(state, forPath: variable.path) }
        try optimizer.setIterations(Int(iterations))
    }

    /// Restores the state Keras itself saved in `/optimizer_weights` (a file Keras 3 or tf.keras 2
    /// wrote; SwiftLearn writes ``optimizerGroup`` instead): the variables `@weight_names` lists,
    /// in ``KerasOptimizerState``'s Keras 3 or tf.keras 2 layout. Keras 3's own loader drops the
    /// slots (keras-formats §1.8); here they come back, so training resumes where Keras stopped.
    /// Every mismatch is listed in one `io` error naming the file and objects.
    static func restoreKerasOptimizerWeights(from file: File, into model: Model) throws {
        guard let optimizer = model.compiled?.optimizer else {
            throw SwiftLearnError.invalidState("restoring optimizer state from '\(file.filePath)': model '\(model.name)' is not compiled")
        }
        let group = try file.openGroup("optimizer_weights")
        let names = try readNames(group, attribute: "weight_names")
        guard !names.isEmpty else { return }
        var problems: [String] = []
        let restore = try KerasOptimizerState.reader(optimizer, variables: model.trainableWeights,
                                                     stored: KerasOptimizerState.listed(group, names: names),
                                                     location: "/optimizer_weights", problems: &problems)
        guard problems.isEmpty, let restore else {
            throw SwiftLearnError.io("HDF5 file '\(file.filePath)': the optimizer state in '/optimizer_weights' does not match model '\(model.name)':\n  " + problems.joined(separator: "\n  "))
        }
        try restore()
    }

    // MARK: - training_config

    /// The `@training_config` JSON for a compiled model, in Keras 3's form (keras-formats §1.5:
    /// losses spelled out in full, e.g. `"mean_squared_error"`, since Keras 3 cannot deserialize
    /// `"mse"`; `optimizer_config` without `module`), or nil for an uncompiled model.
    static func legacyH5TrainingConfig(of model: Model) throws -> JSONValue? {
        model.compiled.map { CompileConfig.json(for: $0, optimizerKey: .optimizerConfig) }
    }

    /// Compiles `model` from the `@training_config` JSON (loss, optimizer with its
    /// hyperparameters, metrics); `loadLegacyH5Model` then restores the optimizer state with
    /// ``restoreOptimizerState(from:into:)``.
    static func compileFromLegacyH5TrainingConfig(_ config: JSONValue, model: Model, file: String) throws -> Bool {
        try CompileConfig.compile(model, from: config, context: "HDF5 file '\(file)', attribute '/@training_config'")
        return true
    }
}
