import Foundation
import HDF5
import TensorCore

/// The per-layer weight groups of the legacy Keras HDF5 format, written and read:
/// `@layer_names` on the container (`/model_weights` in a full-model file, the root in a
/// weights-only file), one group per layer with `@weight_names`, and a float32 dataset at each
/// weight name relative to the layer group (keras-formats §1.6).
extension LegacyH5 {
    /// Writes `model`'s layers into `container`: `@layer_names`, `@backend`, `@keras_version`,
    /// a group per layer and the empty `top_level_model_weights` group Keras writes.
    static func writeLayerWeights(of model: Model, into container: Group) throws {
        let layers = model.layers
        let names = layers.map(\.name)
        if let duplicate = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw SwiftLearnError.invalidArgument("cannot save model '\(model.name)': two layers are named '\(duplicate)'")
        }
        try writeNames(names, to: container, attribute: "layer_names")
        try container.setAttribute("backend", backend)
        try container.setAttribute("keras_version", kerasVersion)
        for layer in layers {
            let group = try container.createGroup(layer.name)
            let weights = orderedWeights(of: layer)
            let weightNames = weights.map { weightName($0, in: model) }
            try writeNames(weightNames, to: group, attribute: "weight_names")
            for (variable, name) in zip(weights, weightNames) {
                try createParents(of: name, in: group)
                let value = variable.snapshot()
                try group.createDataset(name, shape: value.shape, data: value.scalars)
            }
        }
        if !names.contains("top_level_model_weights") {
            let top = try container.createGroup("top_level_model_weights")
            try writeNames([], to: top, attribute: "weight_names")
        }
    }

    /// Reads the weights in `container` for `model`'s layers, matched by layer name, and sets them
    /// only once everything is verified: every layer with weights has a group, every group with
    /// weights has a layer, counts, names (last component, `:0` ignored), element types (float32)
    /// and shapes agree. All mismatches are listed in one `io` error naming the file.
    static func loadLayerWeights(into model: Model, from container: Group) throws {
        let fileLayers = try readNames(container, attribute: "layer_names", required: true)
        let where_ = "HDF5 file '\(container.filePath)'"
        var problems: [String] = []
        var assignments: [(Variable, Tensor)] = []
        var fileLayersWithWeights: [String: [String]] = [:]
        for name in fileLayers {
            let path = container.path == "/" ? "/\(name)" : "\(container.path)/\(name)"
            guard try container.kind(of: name) == .group else {
                problems.append("'\(path)': listed in @layer_names but there is no such group")
                continue
            }
            let weightNames = try readNames(try container.openGroup(name), attribute: "weight_names")
            if !weightNames.isEmpty { fileLayersWithWeights[name] = weightNames }
        }
        let modelLayers = model.layers
        for layer in modelLayers {
            let weights = orderedWeights(of: layer)
            let path = container.path == "/" ? "/\(layer.name)" : "\(container.path)/\(layer.name)"
            guard let stored = fileLayersWithWeights[layer.name] else {
                if !weights.isEmpty {
                    problems.append("'\(path)': missing; layer '\(layer.name)' has \(weights.count) weights (\(weights.map { "\($0.name) \(formatShape($0.shape))" }.joined(separator: ", ")))")
                }
                continue
            }
            guard stored.count == weights.count else {
                problems.append("'\(path)': holds \(stored.count) weights (\(stored.joined(separator: ", "))), layer '\(layer.name)' has \(weights.count) (\(weights.map(\.name).joined(separator: ", ")))")
                continue
            }
            let group = try container.openGroup(layer.name)
            for (variable, name) in zip(weights, stored) {
                let datasetPath = "\(path)/\(name)"
                guard storedName(name, matches: variable) else {
                    problems.append("'\(datasetPath)': expected weight '\(variable.name)' of layer '\(layer.name)' at this position")
                    continue
                }
                guard try group.kind(of: name) == .dataset else {
                    problems.append("'\(datasetPath)': listed in @weight_names but there is no such dataset")
                    continue
                }
                let dataset = try group.openDataset(name)
                guard dataset.elementType == .float32 else {
                    problems.append("'\(datasetPath)': element type \(dataset.elementType), expected float32")
                    continue
                }
                // The shape is checked before reading, so an absurd declared size is never allocated.
                guard dataset.shape == variable.shape else {
                    problems.append("'\(datasetPath)': shape \(formatShape(dataset.shape)), layer '\(layer.name)' expects \(formatShape(variable.shape))")
                    continue
                }
                let values = try dataset.read(as: Float.self)
                assignments.append((variable, try Tensor(shape: variable.shape, scalars: values)))
            }
        }
        let known = Set(modelLayers.map(\.name))
        for name in fileLayers where fileLayersWithWeights[name] != nil && !known.contains(name) {
            let path = container.path == "/" ? "/\(name)" : "\(container.path)/\(name)"
            problems.append("'\(path)': extra; the model has no layer '\(name)' (its layers are \(modelLayers.map(\.name).joined(separator: ", ")))")
        }
        guard problems.isEmpty else {
            throw SwiftLearnError.io("\(where_): the weights do not match model '\(model.name)' (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n  " + problems.joined(separator: "\n  "))
        }
        for (variable, value) in assignments { try variable.assign(value) }
    }
}
