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
                switch try readTensor(group, String(i), expecting: v.shape, what: "weight '\(v.path)'") {
                case .success(let t): assignments.append((v, t))
                case .failure(let message): problems.append(message.text)
                }
            }
        }
        // Layers in the file that the model does not have.
        for extra in try varsGroups(in: file, under: "/", skipping: "/optimizer") where !expected.contains(extra) {
            let count = try file.openGroup(extra).memberNames().count
            if count > 0 {
                problems.append("unexpected group '\(extra)' with \(count) weights: the model has no such layer")
            }
        }
        var restoreOptimizer: (() throws -> Void)?
        if let optimizer = model.compiled?.optimizer, try file.exists("optimizer/vars") {
            restoreOptimizer = try readOptimizer(optimizer, model: model, file: file, problems: &problems)
        }
        guard problems.isEmpty else {
            throw SwiftLearnError.shapeMismatch("weights file '\(shown)' does not match model '\(model.name)' (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n- " + problems.joined(separator: "\n- "))
        }
        for (v, t) in assignments { try v.assign(t) }
        try restoreOptimizer?()
    }

    /// Paths of every group named `vars` below `path`, except under `skipping`.
    private static func varsGroups(in file: HDF5.File, under path: String, skipping: String) throws -> [String] {
        var out: [String] = []
        let group = try file.openGroup(path)
        defer { group.close() }
        for name in try group.memberNames() {
            let child = path == "/" ? "/" + name : path + "/" + name
            guard child != skipping, try file.kind(of: child) == .group else { continue }
            if name == "vars" { out.append(child) } else { out += try varsGroups(in: file, under: child, skipping: skipping) }
        }
        return out
    }

    /// A float32 dataset of the expected shape, or a message saying what is wrong.
    private static func readTensor(_ group: HDF5.Group, _ name: String, expecting shape: [Int], what: String) throws -> Result<Tensor, Message> {
        let path = group.path + "/" + name
        guard try group.exists(name), try group.kind(of: name) == .dataset else {
            return .failure(Message("missing dataset '\(path)' for \(what) \(formatShape(shape))"))
        }
        let dataset = try group.openDataset(name)
        defer { dataset.close() }
        guard dataset.shape == shape else {
            return .failure(Message("'\(path)' (\(what)) has shape \(formatShape(dataset.shape)), expected \(formatShape(shape))"))
        }
        guard dataset.elementType == .float32 else {
            return .failure(Message("'\(path)' (\(what)) has dtype \(dataset.elementType), expected float32"))
        }
        return .success(try Tensor(shape: shape, scalars: dataset.read(as: Float.self)))
    }

    struct Message: Error { let text: String; init(_ t: String) { text = t } }

    /// Checks the optimizer group against `optimizer` built for the model's trainable weights;
    /// returns the restoring step, to run once everything is known to fit.
    private static func readOptimizer(_ optimizer: Optimizer, model: Model, file: HDF5.File,
                                      problems: inout [String]) throws -> (() throws -> Void)? {
        let group = try file.openGroup("optimizer/vars")
        defer { group.close() }
        let count = try group.memberNames().count
        let layout = OptimizerVariables(optimizer: optimizer)
        let variables = model.trainableWeights
        let builtCount = layout.count(builtFor: variables.count), headCount = layout.count(builtFor: nil)
        guard count == builtCount || count == headCount else {
            problems.append("'/optimizer/vars' holds \(count) variables; a \(optimizer.className) optimizer\(layout.hasLearningRate ? "" : " with a learning-rate schedule") for the model's \(variables.count) trainable weights has \(builtCount) (iteration\(layout.hasLearningRate ? ", learning_rate" : ""), then \(optimizer.slotCount) per weight\(layout.hasProduct ? ", u_product" : "")); was the model compiled with the optimizer it was saved with?")
            return nil
        }
        guard try group.exists("0"), try group.kind(of: "0") == .dataset else {
            problems.append("missing dataset '/optimizer/vars/0' (iteration)")
            return nil
        }
        let iterationSet = try group.openDataset("0")
        defer { iterationSet.close() }
        let iterationValues = try iterationSet.readDoubles()
        guard iterationSet.shape.isEmpty || iterationSet.shape == [1], let iteration = iterationValues.first,
              iteration >= 0, iteration == iteration.rounded(), iteration < 1e15 else {
            problems.append("'/optimizer/vars/0' (iteration) must be one non-negative integer, found shape \(formatShape(iterationSet.shape)) \(iterationValues.prefix(3))")
            return nil
        }
        var learningRate: Float?
        if layout.hasLearningRate {
            switch try readScalar(group, "1", what: "learning_rate") {
            case .success(let value): learningRate = value
            case .failure(let m): problems.append(m.text)
            }
        }
        var slots: [[Tensor]] = Array(repeating: Array(repeating: Tensor(uncheckedShape: [0]), count: optimizer.slotCount), count: variables.count)
        if count == builtCount, optimizer.slotCount > 0 {
            var index = headCount
            for (v, s) in layout.slotOrder(variableCount: variables.count) {
                switch try readTensor(group, String(index), expecting: variables[v].shape, what: "\(optimizer.className) slot \(s) of '\(variables[v].path)'") {
                case .success(let t): slots[v][s] = t
                case .failure(let m): problems.append(m.text)
                }
                index += 1
            }
        }
        let built = count == builtCount && (optimizer.slotCount > 0 || layout.hasProduct)
        return {
            if built {
                try optimizer.build(for: variables)
                if optimizer.slotCount > 0 { optimizer.slots = slots }
            }
            try optimizer.setIterations(Int(iteration))
            if let learningRate { optimizer.learningRate = learningRate }
        }
    }

    /// A scalar float dataset (float32 or float64).
    private static func readScalar(_ group: HDF5.Group, _ name: String, what: String) throws -> Result<Float, Message> {
        let path = group.path + "/" + name
        guard try group.exists(name), try group.kind(of: name) == .dataset else { return .failure(Message("missing dataset '\(path)' (\(what))")) }
        let dataset = try group.openDataset(name)
        defer { dataset.close() }
        guard dataset.shape.isEmpty, dataset.elementType == .float32 || dataset.elementType == .float64,
              let value = try dataset.readFloats().first, value.isFinite else {
            return .failure(Message("'\(path)' (\(what)) must be a finite float scalar, found \(dataset.elementType) of shape \(formatShape(dataset.shape))"))
        }
        return .success(value)
    }
}
