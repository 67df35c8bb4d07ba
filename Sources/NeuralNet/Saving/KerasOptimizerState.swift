import HDF5
import TensorCore

/// Reads an optimizer's variables as Keras lists them, in either of the layouts real Keras writes:
///
/// - Keras 3 (`optimizer/vars/<i>` of a `.keras` / `.weights.h5`, `/optimizer_weights` of a
///   legacy `.h5`): `iteration`, `learning_rate` (absent with a schedule), the slots in
///   ``OptimizerVariables`` order, Nadam's `u_product`; or just the first two when unbuilt;
/// - tf.keras 2 (the same places in its files): `iteration` (int64), then the slots in the same
///   order, with no `learning_rate` and no Nadam `u_product` (a `tf.Variable` outside its list);
///   or `iteration` alone. The learning rate then comes from the compile config.
///
/// Everything is checked first (count, iteration, each slot's shape and dtype); the returned
/// closure builds the optimizer for the model's trainable weights and assigns the state.
enum KerasOptimizerState {
    /// One stored variable: its path (for messages) and how to open it (nil: missing).
    struct Stored {
        let path: String
        let open: () throws -> HDF5.Dataset?
    }

    /// Checks `stored` against `optimizer` built for `variables`; appends every problem to
    /// `problems` and returns the restoring step (nil when the count does not fit at all).
    static func reader(_ optimizer: Optimizer, variables: [Variable], stored: [Stored], location: String,
                       problems: inout [String]) throws -> (() throws -> Void)? {
        let layout = OptimizerVariables(optimizer: optimizer)
        let count = stored.count
        let builtCount = layout.count(builtFor: variables.count), headCount = layout.count(builtFor: nil)
        let tfKeras2Built = 1 + optimizer.slotCount * variables.count
        let hasLearningRate: Bool, slotsStart: Int, built: Bool
        switch count {
        case builtCount: (hasLearningRate, slotsStart, built) = (layout.hasLearningRate, headCount, optimizer.slotCount > 0 || layout.hasProduct)
        case headCount: (hasLearningRate, slotsStart, built) = (layout.hasLearningRate, headCount, false)
        case tfKeras2Built: (hasLearningRate, slotsStart, built) = (false, 1, optimizer.slotCount > 0)
        case 1: (hasLearningRate, slotsStart, built) = (false, 1, false)
        default:
            problems.append("'\(location)' holds \(count) variables; a \(optimizer.className) optimizer\(layout.hasLearningRate ? "" : " with a learning-rate schedule") for the model's \(variables.count) trainable weights has \(builtCount) in Keras 3 (iteration\(layout.hasLearningRate ? ", learning_rate" : ""), then \(optimizer.slotCount) per weight\(layout.hasProduct ? ", u_product" : "")) or \(tfKeras2Built) in tf.keras 2 (iteration, then the slots); was the model compiled with the optimizer it was saved with?")
            return nil
        }
        guard let iterationSet = try stored[0].open() else {
            problems.append("missing dataset '\(stored[0].path)' (iteration)")
            return nil
        }
        defer { iterationSet.close() }
        guard iterationSet.elementType.isNumeric, iterationSet.shape.isEmpty || iterationSet.shape == [1],
              let iteration = try iterationSet.readDoubles().first,
              iteration >= 0, iteration == iteration.rounded(), iteration < 1e15 else {
            problems.append("'\(stored[0].path)' (iteration) must be one non-negative integer, found \(iterationSet.elementType) of shape \(formatShape(iterationSet.shape))")
            return nil
        }
        var learningRate: Float?
        if hasLearningRate {
            switch try readScalar(stored[1], what: "learning_rate") {
            case .success(let value): learningRate = value
            case .failure(let m): problems.append(m.text)
            }
        }
        var slots: [[Tensor]] = Array(repeating: Array(repeating: Tensor(uncheckedShape: [0]), count: optimizer.slotCount), count: variables.count)
        if built, optimizer.slotCount > 0 {
            var index = slotsStart
            for (v, s) in layout.slotOrder(variableCount: variables.count) {
                let what = "\(optimizer.className) slot \(s) of '\(variables[v].path)'"
                switch try readSlot(stored[index], expecting: variables[v].shape, what: what) {
                case .success(let t): slots[v][s] = t
                case .failure(let m): problems.append(m.text)
                }
                index += 1
            }
        }
        return {
            if built {
                try optimizer.build(for: variables)
                if optimizer.slotCount > 0 { optimizer.slots = slots }
            }
            try optimizer.setIterations(Int(iteration))
            if let learningRate { optimizer.learningRate = learningRate }
        }
    }

    private struct Message: Error { let text: String }

    /// A float32 dataset of `shape`.
    private static func readSlot(_ stored: Stored, expecting shape: [Int], what: String) throws -> Result<Tensor, Message> {
        guard let dataset = try stored.open() else {
            return .failure(Message(text: "missing dataset '\(stored.path)' for \(what) \(formatShape(shape))"))
        }
        defer { dataset.close() }
        guard dataset.shape == shape else {
            return .failure(Message(text: "'\(stored.path)' (\(what)) has shape \(formatShape(dataset.shape)), expected \(formatShape(shape))"))
        }
        guard dataset.elementType == .float32 else {
            return .failure(Message(text: "'\(stored.path)' (\(what)) has dtype \(dataset.elementType), expected float32"))
        }
        return .success(try Tensor(shape: shape, scalars: dataset.read(as: Float.self)))
    }

    /// A finite float scalar (float32 or float64).
    private static func readScalar(_ stored: Stored, what: String) throws -> Result<Float, Message> {
        guard let dataset = try stored.open() else { return .failure(Message(text: "missing dataset '\(stored.path)' (\(what))")) }
        defer { dataset.close() }
        guard dataset.shape.isEmpty, dataset.elementType == .float32 || dataset.elementType == .float64,
              let value = try dataset.readFloats().first, value.isFinite else {
            return .failure(Message(text: "'\(stored.path)' (\(what)) must be a finite float scalar, found \(dataset.elementType) of shape \(formatShape(dataset.shape))"))
        }
        return .success(value)
    }

    /// The datasets `0`, `1`, ... of a Keras 3 `optimizer/vars` group.
    static func numbered(_ group: HDF5.Group) throws -> [Stored] {
        try (0..<group.memberNames().count).map { i in
            let name = String(i)
            return Stored(path: group.path + "/" + name) {
                guard try group.exists(name), try group.kind(of: name) == .dataset else { return nil }
                return try group.openDataset(name)
            }
        }
    }

    /// The datasets a legacy `/optimizer_weights` group lists in `@weight_names`, in that order.
    static func listed(_ group: HDF5.Group, names: [String]) -> [Stored] {
        names.map { name in
            Stored(path: group.path + "/" + name) {
                guard try group.exists(name), try group.kind(of: name) == .dataset else { return nil }
                return try group.openDataset(name)
            }
        }
    }
}

/// Whether a dataset of `type` may fill `variable`: float32 always; an integer type for a
/// non-trainable counter (Keras 3 stores Normalization's `count` as int32 / int64).
func kerasDatasetFits(_ type: ElementType, _ variable: Variable) -> Bool {
    switch type {
    case .float32: return true
    case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: return !variable.isTrainableByDefinition
    default: return false
    }
}

/// Reads a dataset `kerasDatasetFits` accepted as Float scalars.
func kerasReadFloats(_ dataset: HDF5.Dataset) throws -> [Float] {
    dataset.elementType == .float32 ? try dataset.read(as: Float.self) : try dataset.readDoubles().map { Float($0) }
}
