import TensorCore

/// Inverted dropout (Keras' `Dropout`): while training, each input is zeroed with probability
/// `rate` and the others are scaled by `1 / (1 − rate)`, so inference (`training: false`) is
/// the identity. The masks come from the layer's own generator, seeded from `seed` or, without
/// one, from the global random state when the layer is created (so `setRandomSeed` makes runs
/// repeat).
public final class Dropout: Layer {
    /// The fraction of inputs dropped while training, in [0, 1).
    public let rate: Float
    /// The seed given at creation, if any.
    public let seed: UInt64?
    private var generator: SeededGenerator

    public init(_ rate: Float, seed: UInt64? = nil, name: String? = nil, inputShape: [Int]? = nil) {
        self.rate = rate
        self.seed = seed
        self.generator = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        super.init(name: name, inputShape: inputShape)
    }

    /// Rebuilds a Dropout layer from its Keras config (`rate`, `seed`; `noise_shape` must be null).
    public convenience init(config c: ConfigReader) throws {
        guard !c.has("noise_shape") else {
            throw SwiftLearnError.invalidConfig("\(c.context): key 'noise_shape' is not supported (only null)")
        }
        let seed = c.has("seed") ? UInt64(try c.int("seed", in: 0...Int.max)) : nil
        try self.init(c.float("rate"), seed: seed, name: c.has("name") ? c.string("name") : nil, inputShape: c.declaredInputShape())
        isTrainable = try c.bool("trainable", default: true)
    }

    public override func build(inputShape: [Int?]) throws {
        guard rate >= 0, rate < 1 else {
            throw SwiftLearnError.invalidArgument("Dropout '\(name)': rate must be in [0, 1), received \(rate)")
        }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training, rate > 0 else { return input }
        let keep = 1 - rate, scale = 1 / keep
        var mask = Tensor(uncheckedShape: input.shape)
        mask.withUnsafeMutableBufferPointer { m in
            for i in m.indices { m[i] = generator.nextUniform() < keep ? scale : 0 }
        }
        return try input * mask
    }

    public override var config: [(String, JSONValue)] {
        // The rate as the decimal it was written as (Keras keeps a Python float: 0.3, not 0.30000001).
        super.config + [("rate", .float(Double(rate.description) ?? Double(rate))), ("seed", seed.map { .number(Double($0)) } ?? .null), ("noise_shape", .null)]
    }
}

extension Dropout: @unchecked Sendable {}
