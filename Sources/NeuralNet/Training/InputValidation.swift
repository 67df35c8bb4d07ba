import TensorCore

extension Model {
    /// Checks `x` (and `y`) before training or inference; every failure names the argument,
    /// the expected and the received value.
    func validate(x: Tensor, y: Tensor?, context: String) throws {
        guard x.rank >= 1 else {
            throw SwiftLearnError.shapeMismatch("\(context): x must have a batch dimension, received a scalar")
        }
        if let y {
            guard y.rank >= 1, y.shape[0] == x.shape[0] else {
                throw SwiftLearnError.shapeMismatch("\(context): x has \(x.shape[0]) samples but y has \(y.shape.first ?? 0) (x shape \(formatShape(x.shape)), y shape \(formatShape(y.shape)))")
            }
            try requireFinite(y, argument: "y", context: context)
        }
        try requireFinite(x, argument: "x", context: context)
        if let built = builtInputShape, Array(built.dropFirst()) != x.shape.dropFirst().map({ Optional($0) }) {
            throw SwiftLearnError.shapeMismatch("\(context): model '\(name)' expects input of shape \(formatShape(built)), received x of shape \(formatShape(x.shape))")
        }
    }

    /// Checks input and target arrays: one per model input (output), all with the same number
    /// of samples, finite, each input of its `Input`'s shape. One input and one target are
    /// checked as `validate(x:y:context:)` does.
    func validate(xs: [Tensor], ys: [Tensor]?, context: String) throws {
        let inputs = inputNames, outputs = outputNames
        guard xs.count == inputs.count else {
            throw SwiftLearnError.invalidArgument("\(context): model '\(name)' has \(inputs.count) input\(inputs.count == 1 ? "" : "s") (\(inputs.joined(separator: ", "))), received \(xs.count) input array\(xs.count == 1 ? "" : "s")")
        }
        if let ys, ys.count != outputs.count {
            throw SwiftLearnError.invalidArgument("\(context): model '\(name)' has \(outputs.count) output\(outputs.count == 1 ? "" : "s") (\(outputs.joined(separator: ", "))), received \(ys.count) target array\(ys.count == 1 ? "" : "s")")
        }
        if xs.count == 1, (ys?.count ?? 1) == 1 { return try validate(x: xs[0], y: ys?.first, context: context) }
        let xName = { (i: Int) in xs.count == 1 ? "x" : "x[\(i)] (input '\(inputs[i])')" }
        let yName = { (i: Int) in "y[\(i)] (output '\(outputs[i])')" }
        for (i, x) in xs.enumerated() {
            guard x.rank >= 1 else {
                throw SwiftLearnError.shapeMismatch("\(context): \(xName(i)) must have a batch dimension, received a scalar")
            }
        }
        let n = xs[0].shape[0]
        for (i, x) in xs.enumerated() where x.shape[0] != n {
            throw SwiftLearnError.shapeMismatch("\(context): every array needs the same number of samples: \(xName(0)) has \(n), \(xName(i)) has \(x.shape[0])")
        }
        for (i, y) in (ys ?? []).enumerated() {
            guard y.rank >= 1, y.shape[0] == n else {
                throw SwiftLearnError.shapeMismatch("\(context): every array needs the same number of samples: \(xName(0)) has \(n), \(yName(i)) has \(y.shape.first ?? 0) (shape \(formatShape(y.shape)))")
            }
            try requireFinite(y, argument: yName(i), context: context)
        }
        for (i, x) in xs.enumerated() {
            try requireFinite(x, argument: xName(i), context: context)
            if let expected = graph?.inputs[i].shape, expected.count != x.rank
                || !zip(expected.dropFirst(), x.shape.dropFirst()).allSatisfy({ $0 == nil || $0 == $1 }) {
                throw SwiftLearnError.shapeMismatch("\(context): input '\(inputs[i])' of model '\(name)' expects shape \(formatShape(expected)), received \(xName(i)) of shape \(formatShape(x.shape))")
            }
        }
    }

    func requireFinite(_ t: Tensor, argument: String, context: String) throws {
        guard !t.isFinite else { return }
        let index = t.withUnsafeBufferPointer { p in p.firstIndex { !$0.isFinite } } ?? 0
        let value = t.withUnsafeBufferPointer { $0[index] }
        let row = t.rank >= 1 && t.shape[0] > 0 ? index / max(t.scalarCount / t.shape[0], 1) : 0
        throw SwiftLearnError.invalidArgument("\(context): \(argument) contains \(value) (NaN or infinity) at sample \(row) (flat index \(index)); clean or impute the data first")
    }

    /// Per-sample weights from `sampleWeight` or `classWeight` (callers refuse both, as Keras), or nil for none.
    func sampleWeights(y: Tensor, sampleWeight: Tensor?, classWeight: [Int: Float]?, context: String) throws -> [Float]? {
        let n = y.shape.first ?? 0
        var weights: [Float]?
        if let sampleWeight {
            guard sampleWeight.scalarCount == n else {
                throw SwiftLearnError.shapeMismatch("\(context): sampleWeight has \(sampleWeight.scalarCount) values, expected one per sample (\(n))")
            }
            try requireFinite(sampleWeight, argument: "sampleWeight", context: context)
            weights = sampleWeight.scalars
        }
        if let classWeight {
            if let bad = classWeight.first(where: { !$0.value.isFinite || $0.value < 0 }) {
                throw SwiftLearnError.invalidArgument("\(context): classWeight[\(bad.key)] must be a non-negative finite number, received \(bad.value)")
            }
            let perRow = n == 0 ? 1 : y.scalarCount / n
            var w = weights ?? [Float](repeating: 1, count: n)
            let labels = perRow == 1 ? y.scalars : try y.argmax().scalars
            for i in 0..<n {
                let label = labels[i]
                guard label >= 0, label < 16_777_216, label == label.rounded() else {
                    throw SwiftLearnError.invalidArgument("\(context): classWeight needs integer class labels in 0..<2^24, received y=\(label) at sample \(i)")
                }
                // A class missing from classWeight weighs 1, as in Keras.
                w[i] *= classWeight[Int(label)] ?? 1
            }
            weights = w
        }
        return weights
    }
}
