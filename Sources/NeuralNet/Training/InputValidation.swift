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

    func requireFinite(_ t: Tensor, argument: String, context: String) throws {
        guard !t.isFinite else { return }
        let index = t.withUnsafeBufferPointer { p in p.firstIndex { !$0.isFinite } } ?? 0
        let value = t.withUnsafeBufferPointer { $0[index] }
        let row = t.rank >= 1 && t.shape[0] > 0 ? index / max(t.scalarCount / t.shape[0], 1) : 0
        throw SwiftLearnError.invalidArgument("\(context): \(argument) contains \(value) (NaN or infinity) at sample \(row) (flat index \(index)); clean or impute the data first")
    }

    /// Per-sample weights from `sampleWeight` and `classWeight` (multiplied), or nil for none.
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
