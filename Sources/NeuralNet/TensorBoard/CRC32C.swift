/// CRC-32C (Castagnoli), as TFRecord framing uses it: reflected polynomial `0x82F63B78`,
/// initial value and final xor `0xFFFFFFFF`. `checksum("123456789") == 0xE3069283`.
public enum CRC32C {
    /// The byte-at-a-time lookup table for the reflected polynomial.
    private static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
        return c
    }

    /// The CRC-32C of `bytes`.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for b in bytes { crc = t[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// TFRecord's masked CRC: the checksum rotated right by 15 bits plus `0xA282EAD8` (mod 2³²).
    public static func masked<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        let c = checksum(bytes)
        return ((c >> 15) | (c << 17)) &+ 0xA282_EAD8
    }
}
