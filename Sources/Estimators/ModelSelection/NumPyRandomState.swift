/// NumPy's legacy `RandomState` (MT19937 seeded with `init_genrand`), reduced to the draws
/// scikit-learn's splitters and halving search use: `shuffle`, `permutation`, `random_sample`,
/// `randint`. With the same integer seed it produces NumPy's exact streams, so splitters built
/// on it give scikit-learn's exact index sets.
struct NumPyRandomState: Sendable {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// `np.random.RandomState(seed)` for a seed in 0 ..< 2³² (higher bits are dropped).
    init(seed: UInt64) {
        mt[0] = UInt32(truncatingIfNeeded: seed)
        for i in 1..<624 {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % 624] & 0x7FFF_FFFF)
            var v = mt[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { v ^= 0x9908_B0DF }
            mt[i] = v
        }
        index = 0
    }

    /// The next 32 random bits (`genrand_int32`).
    mutating func nextUInt32() -> UInt32 {
        if index >= 624 { twist() }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// A uniform Double in [0, 1) (`random_sample`, 53 bits from two draws).
    mutating func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864 + b) / 9_007_199_254_740_992
    }

    /// A uniform integer in 0 ... `max` by masked rejection (NumPy's `random_interval`).
    mutating func interval(_ max: Int) -> Int {
        guard max > 0 else { return 0 }
        var mask = UInt64(max)
        for shift in [1, 2, 4, 8, 16, 32] { mask |= mask >> UInt64(shift) }
        while true {
            let value: UInt64
            if max <= 0xFFFF_FFFF {
                value = UInt64(nextUInt32()) & mask
            } else {
                value = ((UInt64(nextUInt32()) << 32) | UInt64(nextUInt32())) & mask
            }
            if value <= UInt64(max) { return Int(value) }
        }
    }

    /// Shuffles in place as `RandomState.shuffle` does (Fisher–Yates from the end).
    mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, through: 1, by: -1) {
            values.swapAt(i, interval(i))
        }
    }

    /// `RandomState.permutation(n)`.
    mutating func permutation(_ n: Int) -> [Int] {
        var values = Array(0..<n)
        shuffle(&values)
        return values
    }
}
