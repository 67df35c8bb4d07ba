import HDF5
import TensorCore

/// Reads and writes Keras 3's weights layout (``KerasWeightsLayout``) in an HDF5 file: the body
/// of a `.weights.h5` and of the `model.weights.h5` inside a `.keras` zip.
enum KerasWeightsFile {
    // MARK: Writing

    /// Writes `model`'s weights (and its optimizer's variables when compiled) to a new HDF5 file at `path`.
    static func write(_ model: Model, to path: String, includeOptimizer: Bool = true) throws {
        let file = try HDF5.File(path, mode: .truncate)
        defer { file.close() }
        for node in KerasWeightsLayout(model: model).nodes {
            let vars = try makeGroups(node.varsPath, in: file)
            try vars.setAttribute("name", node.layer.name)
            for (i, v) in node.layer.ownVariables.enumerated() {
                try vars.createDataset(String(i), shape: v.shape, data: v.storedValue.scalars).close()
            }
            vars.close()
        }
        if includeOptimizer, let optimizer = model.compiled?.optimizer {
            let vars = try makeGroups("optimizer/vars", in: file)
            defer { vars.close() }
            try vars.setAttribute("name", kerasSnakeCase(optimizer.className))
            var index = 0
            func put(_ shape: [Int], _ data: [Float]) throws {
                try vars.createDataset(String(index), shape: shape, data: data).close()
                index += 1
            }
            try vars.createDataset("0", shape: [], data: [Int32(clamping: optimizer.iterations)]).close()
            index = 1
            let layout = OptimizerVariables(optimizer: optimizer)
            if layout.hasLearningRate { try put([], [optimizer.learningRate]) }
            if optimizer.isBuilt {
                for (v, s) in layout.slotOrder(variableCount: optimizer.variables.count) {
                    try put(optimizer.variables[v].shape, optimizer.slots[v][s].scalars)
                }
                if let nadam = optimizer as? Nadam {
                    try put([], [layout.product(iterations: optimizer.iterations, beta1: nadam.beta1)])
                }
            }
        }
        try file.flush()
    }

    /// Opens or creates each group along `path`.
    private static func makeGroups(_ path: String, in root: HDF5.Group) throws -> HDF5.Group {
        var current = root
        for component in path.split(separator: "/").map(String.init) {
            let next = try current.exists(component) ? current.openGroup(component) : current.createGroup(component)
            if current !== root { current.close() }
            current = next
        }
        return current
    }

    // MARK: Reading

    /// Loads `model`'s weights (and, when the model is compiled, its optimizer's state) from the
    /// HDF5 file at `path`. Everything is checked before anything is assigned: every missing or
    /// extra group, wrong count, shape or dtype is listed in one error naming the file and the
    /// object paths. `displayName` names the file in messages (the `.keras` zip, say).
    static func read(into model: Model, from path: String, displayName: String? = nil) throws {
        let shown = displayName ?? path
        let file = try HDF5.File(path, mode: .readOnly)
        defer { file.close() }
        let layout = KerasWeightsLayout(model: model)
        if layout.nodes.contains(where: { !$0.layer.isBuilt }) || !model.isBuilt {
            let unbuilt = layout.nodes.first { !$0.layer.isBuilt }?.layer.name ?? model.name
            throw SwiftLearnError.invalidState("loading weights from '\(shown)': layer '\(unbuilt)' of model '\(model.name)' is not built yet, so its weights do not exist; call the model on an input (or give it an input shape) first")
        }
        var problems: [String] = []
        var assignments: [(Variable, Tensor)] = []
        var expected = Set<String>()
        for node in layout.nodes {
            expected.insert("/" + node.varsPath)
            let variables = node.layer.ownVariables
            guard try file.exists(node.varsPath), try file.kind(of: node.varsPath) == .group else {
                if !variables.isEmpty {
                    problems.append("missing group '/\(node.varsPath)' for layer '\(node.layer.name)' (\(node.layer.className), \(variables.count) weights)")
                }
                continue
            }
            let group = try file.openGroup(node.varsPath)
            defer { group.close() }
            let members = try group.memberNames()
            if members.count != variables.count {
                problems.append("'/\(node.varsPath)' (layer '\(node.layer.name)') holds \(members.count) weights, the layer has \(variables.count) (\(variables.map { "\($0.name) \(formatShape($0.shape))" }.joined(separator: ", ")))")
            }
            for (i, v) in variables.enumerated() {
                switch try readTensor(group, String(i), for: v) {
                case .success(let t): assignments.append((v, t))
                case .failure(let message): problems.append(message.text)
                }
            }
        }
        // Layers in the file that the model does not have (tf.keras 2 also saves its metrics'
        // running totals under /metrics: they are not weights, and Keras 3 skips them too).
        for extra in try varsGroups(in: file, under: "/", skipping: ["/optimizer", "/metrics"]) where !expected.contains(extra) {
            let count = try file.openGroup(extra).memberNames().count
            if count > 0 {
                problems.append("unexpected group '\(extra)' with \(count) weights: the model has no such layer")
            }
        }
        var restoreOptimizer: (() throws -> Void)?
        if let optimizer = model.compiled?.optimizer, try file.exists("optimizer/vars") {
            let group = try file.openGroup("optimizer/vars")
            defer { group.close() }
            restoreOptimizer = try KerasOptimizerState.reader(optimizer, variables: model.trainableWeights,
                                                              stored: KerasOptimizerState.numbered(group),
                                                              location: "/optimizer/vars", problems: &problems)
        }
        guard problems.isEmpty else {
            throw SwiftLearnError.shapeMismatch("weights file '\(shown)' does not match model '\(model.name)' (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n- " + problems.joined(separator: "\n- "))
        }
        for (v, t) in assignments { try v.assign(t) }
        try restoreOptimizer?()
    }

    /// Paths of every group named `vars` below `path`, except under `skipping`.
    private static func varsGroups(in file: HDF5.File, under path: String, skipping: Set<String>) throws -> [String] {
        var out: [String] = []
        let group = try file.openGroup(path)
        defer { group.close() }
        for name in try group.memberNames() {
            let child = path == "/" ? "/" + name : path + "/" + name
            guard !skipping.contains(child), try file.kind(of: child) == .group else { continue }
            if name == "vars" { out.append(child) } else { out += try varsGroups(in: file, under: child, skipping: skipping) }
        }
        return out
    }

    /// A float32 dataset of `variable`'s shape (an integer one for a non-trainable counter, as
    /// Keras 3 writes Normalization's `count`), or a message saying what is wrong.
    private static func readTensor(_ group: HDF5.Group, _ name: String, for variable: Variable) throws -> Result<Tensor, Message> {
        let path = group.path + "/" + name, shape = variable.shape, what = "weight '\(variable.path)'"
        guard try group.exists(name), try group.kind(of: name) == .dataset else {
            return .failure(Message("missing dataset '\(path)' for \(what) \(formatShape(shape))"))
        }
        let dataset = try group.openDataset(name)
        defer { dataset.close() }
        guard dataset.shape == shape else {
            return .failure(Message("'\(path)' (\(what)) has shape \(formatShape(dataset.shape)), expected \(formatShape(shape))"))
        }
        guard kerasDatasetFits(dataset.elementType, variable) else {
            return .failure(Message("'\(path)' (\(what)) has dtype \(dataset.elementType), expected float32"))
        }
        return .success(try Tensor(shape: shape, scalars: kerasReadFloats(dataset)))
    }

    struct Message: Error { let text: String; init(_ t: String) { text = t } }
}
