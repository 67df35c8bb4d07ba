import TensorCore

/// Inverted dropout (Keras' `Dropout`): while training, each input is zeroed with probability
/// `rate` and the others are scaled by `1 / (1 − rate)`, so inference (`training: false`) is
/// the identity. The masks come from the layer's own generator, seeded from `seed` or, without
/// one, from the global random state when the layer is created (so `setRandomSeed` makes runs
/// repeat). With `noiseShape` one mask is drawn for that shape and broadcast to the input, as
/// Keras' `noise_shape`: `[nil, 1, 8]` on `(batch, timesteps, 8)` inputs drops the same
/// features at every timestep (`nil` takes the input's size, `1` shares the mask along the axis).
public final class Dropout: Layer {
    /// The fraction of inputs dropped while training, in [0, 1).
    public let rate: Float
    /// The seed given at creation, if any.
    public let seed: UInt64?
    /// The shape of the mask (Keras' `noise_shape`, batch included), or nil for the input's own.
    public let noiseShape: [Int?]?
    private var generator: SeededGenerator

    public init(_ rate: Float, noiseShape: [Int?]? = nil, seed: UInt64? = nil, name: String? = nil, inputShape: [Int]? = nil) {
        self.rate = rate
        self.noiseShape = noiseShape
        self.seed = seed
        self.generator = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        super.init(name: name, inputShape: inputShape)
    }

    /// Rebuilds a Dropout layer from its Keras config (`rate`, `seed`, `noise_shape`).
    public convenience init(config c: ConfigReader) throws {
        let seed = c.has("seed") ? UInt64(try c.int("seed", in: 0...Int.max)) : nil
        try self.init(c.float("rate"), noiseShape: c.has("noise_shape") ? c.shape("noise_shape") : nil, seed: seed, name: c.has("name") ? c.string("name") : nil, inputShape: c.declaredInputShape())
        isTrainable = try c.bool("trainable", default: true)
    }

    public override func build(inputShape: [Int?]) throws {
        guard rate >= 0, rate < 1 else {
            throw SwiftLearnError.invalidArgument("Dropout '\(name)': rate must be in [0, 1), received \(rate)")
        }
        if let noiseShape {
            guard noiseShape.count == inputShape.count else {
                throw SwiftLearnError.shapeMismatch("Dropout '\(name)': noiseShape \(formatShape(noiseShape)) must have the input's rank \(inputShape.count), received an input of shape \(formatShape(inputShape))")
            }
            for (n, d) in zip(noiseShape, inputShape) where n != nil && n != 1 && d != nil && n != d {
                throw SwiftLearnError.shapeMismatch("Dropout '\(name)': noiseShape \(formatShape(noiseShape)) does not broadcast to the input shape \(formatShape(inputShape)): each entry must be nil, 1 or the input's size")
            }
        }
    }

    /// The mask's shape for `shape`: the input's own, or `noiseShape` with nil taken from the input.
    private func concreteNoiseShape(_ shape: [Int]) throws -> [Int] {
        guard let noiseShape else { return shape }
        guard noiseShape.count == shape.count,
              zip(noiseShape, shape).allSatisfy({ $0 == nil || $0 == 1 || $0 == $1 }) else {
            throw SwiftLearnError.shapeMismatch("Dropout '\(name)': noiseShape \(formatShape(noiseShape)) does not broadcast to the input shape \(formatShape(shape)): expected the input's rank and each entry nil, 1 or the input's size")
        }
        return zip(noiseShape, shape).map { $0 ?? $1 }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training, rate > 0 else { return input }
        // x · (1/keep), bit for bit what Keras 3 (JAX) computes for a kept input.
        let keep = 1 - rate, scale = 1 / keep
        let noise = try concreteNoiseShape(input.shape)
        var mask = Tensor(uncheckedShape: input.shape)
        if noise == input.shape {
            mask.withUnsafeMutableBufferPointer { m in
                for i in m.indices { m[i] = generator.nextUniform() < keep ? scale : 0 }
            }
            return try input * mask
        }
        let small = (0..<noise.reduce(1, *)).map { _ in generator.nextUniform() < keep ? scale : Float(0) }
        let shape = input.shape
        mask.withUnsafeMutableBufferPointer { m in
            var index = [Int](repeating: 0, count: shape.count)
            for i in m.indices {
                var j = 0
                for d in shape.indices { j = j * noise[d] + (noise[d] == 1 ? 0 : index[d]) }
                m[i] = small[j]
                var d = shape.count - 1
                while d >= 0 {
                    index[d] += 1
                    if index[d] < shape[d] { break }
                    index[d] = 0
                    d -= 1
                }
            }
        }
        return try input * mask
    }

    public override var config: [(String, JSONValue)] {
        // The rate as the decimal it was written as (Keras keeps a Python float: 0.3, not 0.30000001).
        super.config + [("rate", .float(Double(rate.description) ?? Double(rate))), ("seed", seed.map { .number(Double($0)) } ?? .null), ("noise_shape", noiseShape.map { .shape($0) } ?? .null)]
    }
}

extension Dropout: @unchecked Sendable {}
