import Foundation

/// A seedable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// The same seed gives the same bits on every run and platform: every conversion below
/// (floats, bounded integers, normals, permutations) is SwiftLearn's own, not the standard library's.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform Float in [0, 1) with 24 random bits.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform Float in [low, high).
    public mutating func nextUniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * nextUniform()
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal sample (Box–Muller in Double precision).
    public mutating func nextNormal() -> Float {
        let u1 = 1 - nextDouble() // (0, 1]
        let u2 = nextDouble()
        return Float((-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2))
    }

    /// A normal sample redrawn until it lies within two standard deviations of the mean
    /// (the truncated normal Keras' initializers use).
    public mutating func nextTruncatedNormal() -> Float {
        while true {
            let z = nextNormal()
            if abs(z) <= 2 { return z }
        }
    }

    /// A uniform integer in 0..<bound (Lemire's unbiased multiply-shift); `bound` must be positive.
    public mutating func nextInt(below bound: Int) -> Int {
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Shuffles `values` in place (Fisher–Yates).
    public mutating func shuffle(_ values: inout [Int]) {
        var i = values.count - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            values.swapAt(i, j)
            i -= 1
        }
    }

    /// A random permutation of 0..<count.
    public mutating func permutation(_ count: Int) -> [Int] {
        var p = Array(0..<count)
        shuffle(&p)
        return p
    }
}

/// The process-wide generator that initializers, dropout and shuffling draw their seeds from,
/// like NumPy's global state that `keras.utils.set_random_seed` sets. ``withRandomSeed(_:_:)``
/// replaces it for one task (and its child tasks), so concurrent work stays reproducible.
public enum GlobalRandom {
    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var generator: SeededGenerator
        init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    }
    private static let process = Box(seed: UInt64.random(in: .min ... .max))
    @TaskLocal static var scoped: Box?

    /// Makes every later draw reproducible: same seed, same models, same shuffles.
    public static func setSeed(_ seed: UInt64) {
        let box = scoped ?? process
        box.lock.lock(); defer { box.lock.unlock() }
        box.generator = SeededGenerator(seed: seed)
    }

    /// Draws a fresh seed for a local generator.
    public static func nextSeed() -> UInt64 {
        let box = scoped ?? process
        box.lock.lock(); defer { box.lock.unlock() }
        return box.generator.next()
    }

    /// A local generator seeded from the global one.
    public static func makeGenerator() -> SeededGenerator {
        SeededGenerator(seed: nextSeed())
    }
}

/// Runs `body` with its own random state seeded with `seed`: every initializer and shuffle
/// inside draws from it, whatever other tasks do meanwhile.
public func withRandomSeed<R>(_ seed: UInt64, _ body: () throws -> R) rethrows -> R {
    try GlobalRandom.$scoped.withValue(GlobalRandom.Box(seed: seed)) { try body() }
}

/// Seeds SwiftLearn's global random state (Keras: `keras.utils.set_random_seed`).
public func setRandomSeed(_ seed: UInt64) {
    GlobalRandom.setSeed(seed)
}

extension Tensor {
    /// Elements drawn uniformly from [low, high).
    public static func randomUniform(shape: [Int], low: Float = 0, high: Float = 1, generator: inout SeededGenerator) throws -> Tensor {
        var t = try Tensor(uninitializedShape: shape)
        t.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = generator.nextUniform(low, high) }
        }
        return t
    }

    /// Elements drawn from a normal distribution.
    public static func randomNormal(shape: [Int], mean: Float = 0, standardDeviation: Float = 1, generator: inout SeededGenerator) throws -> Tensor {
        var t = try Tensor(uninitializedShape: shape)
        t.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = mean + standardDeviation * generator.nextNormal() }
        }
        return t
    }
}

/// Runs asynchronous `body` with its own random state seeded with `seed` (see ``withRandomSeed(_:_:)``).
public func withRandomSeed<R>(_ seed: UInt64, _ body: () async throws -> R) async rethrows -> R {
    try await GlobalRandom.$scoped.withValue(GlobalRandom.Box(seed: seed)) { try await body() }
}
