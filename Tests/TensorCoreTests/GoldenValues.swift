/// Reference outputs of xoshiro256** seeded through SplitMix64 with seed 42, computed by an
/// independent Python implementation of both published algorithms.
enum GoldenValues {
    static let seed42: [UInt64] = [1546998764402558742, 6990951692964543102, 12544586762248559009]
}
