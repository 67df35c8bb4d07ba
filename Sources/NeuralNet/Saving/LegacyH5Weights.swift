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

    /// Reads the weights in `container` for `model`'s layers and sets them only once everything is
    /// verified. Layers are paired by name (`byName`, Keras' `by_name=True`), or by position: the
    /// k-th layer with weights in the file goes to the k-th layer with weights of the model (Keras'
    /// default for `load_weights` on a legacy `.h5`, which serves models whose layer names differ,
    /// e.g. a new instance of a subclassed model). Every layer with weights must have a partner,
    /// and counts, names (last component, `:0` ignored), element types (float32) and shapes must
    /// agree. All mismatches are listed in one `io` error naming the file and the objects.
    static func loadLayerWeights(into model: Model, from container: Group, byName: Bool = true) throws {
        let fileLayers = try readNames(container, attribute: "layer_names", required: true)
        let fileLabel = "HDF5 file '\(container.filePath)'"
        func groupPath(_ name: String) -> String { container.path == "/" ? "/\(name)" : "\(container.path)/\(name)" }
        var problems: [String] = []
        var assignments: [(Variable, Tensor)] = []
        var fileLayersWithWeights: [(name: String, weights: [String])] = []
        for name in fileLayers {
            guard try container.kind(of: name) == .group else {
                problems.append("'\(groupPath(name))': listed in @layer_names but there is no such group")
                continue
            }
            let weightNames = try readNames(try container.openGroup(name), attribute: "weight_names")
            if !weightNames.isEmpty { fileLayersWithWeights.append((name, weightNames)) }
        }
        let modelLayers = model.layers
        let modelLayersWithWeights = modelLayers.filter { !$0.weights.isEmpty }
        // Each model layer with weights and the file group it reads from.
        var pairs: [(layer: Layer, group: String, stored: [String])] = []
        if byName {
            let stored = Dictionary(fileLayersWithWeights.map { ($0.name, $0.weights) }, uniquingKeysWith: { a, _ in a })
            for layer in modelLayersWithWeights {
                if let names = stored[layer.name] { pairs.append((layer, layer.name, names)); continue }
                let weights = orderedWeights(of: layer)
                problems.append("'\(groupPath(layer.name))': missing; layer '\(layer.name)' has \(weights.count) weights (\(weights.map { "\($0.name) \(formatShape($0.shape))" }.joined(separator: ", ")))")
            }
            let known = Set(modelLayers.map(\.name))
            for (name, _) in fileLayersWithWeights where !known.contains(name) {
                problems.append("'\(groupPath(name))': extra; the model has no layer '\(name)' (its layers are \(modelLayers.map(\.name).joined(separator: ", ")))")
            }
        } else {
            if fileLayersWithWeights.count != modelLayersWithWeights.count {
                problems.append("'\(container.path)': holds weights for \(fileLayersWithWeights.count) layers (\(fileLayersWithWeights.map(\.name).joined(separator: ", "))), model '\(model.name)' has \(modelLayersWithWeights.count) layers with weights (\(modelLayersWithWeights.map(\.name).joined(separator: ", ")))")
            }
            for (layer, stored) in zip(modelLayersWithWeights, fileLayersWithWeights) { pairs.append((layer, stored.name, stored.weights)) }
        }
        for (layer, groupName, stored) in pairs {
            let weights = orderedWeights(of: layer)
            let path = groupPath(groupName)
            guard stored.count == weights.count else {
                problems.append("'\(path)': holds \(stored.count) weights (\(stored.joined(separator: ", "))), layer '\(layer.name)' has \(weights.count) (\(weights.map(\.name).joined(separator: ", ")))")
                continue
            }
            let group = try container.openGroup(groupName)
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
                guard kerasDatasetFits(dataset.elementType, variable) else {
                    problems.append("'\(datasetPath)': element type \(dataset.elementType), expected float32")
                    continue
                }
                // The shape is checked before reading, so an absurd declared size is never allocated.
                guard dataset.shape == variable.shape else {
                    problems.append("'\(datasetPath)': shape \(formatShape(dataset.shape)), layer '\(layer.name)' expects \(formatShape(variable.shape))")
                    continue
                }
                let values = try kerasReadFloats(dataset)
                assignments.append((variable, try Tensor(shape: variable.shape, scalars: values)))
            }
        }
        guard problems.isEmpty else {
            throw SwiftLearnError.io("\(fileLabel): the weights do not match model '\(model.name)' (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n  " + problems.joined(separator: "\n  "))
        }
        for (variable, value) in assignments { try variable.assign(value) }
    }
}
