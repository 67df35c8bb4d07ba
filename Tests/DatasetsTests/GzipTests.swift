import Foundation
import Testing
import TensorCore
@testable import Datasets

/// gzip input is fed to zlib in pieces (its avail_in is 32-bit), concatenated members are read,
/// and truncated or corrupt data throws an error naming the file.
@Suite struct GzipTests {
    /// `payload` compressed by the system's gzip.
    func gzip(_ payload: Data) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("data")
        try payload.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", "-9", file.path]
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: dir.appendingPathComponent("data.gz"))
    }

    /// 300 KB of mixed text and pseudo-random bytes, so the stream has several deflate blocks.
    static let payload: Data = {
        var bytes: [UInt8] = []
        var state: UInt32 = 12345
        for i in 0..<300_000 {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(i % 3 == 0 ? UInt8(truncatingIfNeeded: state >> 16) : UInt8(ascii: "a") + UInt8(i % 26))
        }
        return Data(bytes)
    }()

    func errorMessage(_ body: () throws -> Data) -> String {
        do { _ = try body(); return "" } catch { return "\(error)" }
    }

    @Test func inputIsFedInChunksOfAnySize() throws {
        let compressed = try gzip(Self.payload)
        #expect(Gzip.maximumInputChunk == Int(UInt32.max), "zlib's avail_in is a 32-bit count")
        for chunk in [1, 7, 4096, 65_536, compressed.count - 1, Gzip.maximumInputChunk] {
            #expect(try Gzip.decompress(compressed, source: "mem", inputChunk: chunk) == Self.payload, "chunk \(chunk)")
        }
        #expect(try Gzip.decompress(compressed, source: "mem") == Self.payload)
    }

    @Test func concatenatedMembersAreAllRead() throws {
        let a = try gzip(Data("first,".utf8)), b = try gzip(Self.payload)
        #expect(try Gzip.decompress(a + b, source: "mem", inputChunk: 5) == Data("first,".utf8) + Self.payload)
    }

    @Test func truncatedOrCorruptDataThrowsWithTheFileName() throws {
        let compressed = try gzip(Self.payload)
        for cut in [1, 10, 12, compressed.count / 2, compressed.count - 4, compressed.count - 1] {
            let message = errorMessage { try Gzip.decompress(compressed.prefix(cut), source: "broken.gz", inputChunk: 1000) }
            #expect(message.contains("broken.gz") && (message.contains("truncated") || message.contains("corrupt")), "cut at \(cut): \(message)")
        }
        var corrupt = compressed
        corrupt[compressed.count / 2] ^= 0xFF
        corrupt[compressed.count / 2 + 1] ^= 0x55
        let corruptMessage = errorMessage { try Gzip.decompress(corrupt, source: "broken.gz") }
        #expect(corruptMessage.contains("broken.gz") && corruptMessage.contains("corrupt gzip data"), "\(corruptMessage)")
        var badCRC = compressed
        badCRC[compressed.count - 6] ^= 1  // the CRC-32 of the trailer
        #expect(errorMessage { try Gzip.decompress(badCRC, source: "crc.gz") }.contains("incorrect data check"))
        #expect(errorMessage { try Gzip.decompress(compressed + Data([1, 2, 3]), source: "tail.gz") }.contains("tail.gz: 3 bytes of trailing data"))
        #expect(errorMessage { try Gzip.decompress(Data(), source: "empty.gz") }.contains("empty.gz"))
        #expect(errorMessage { try Gzip.decompress(Data("plain text".utf8), source: "plain.gz") }.contains("plain.gz: corrupt"))
    }

    @Test func idxFilesLoadGzippedWhateverTheirName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let idx = Data([0, 0, 8, 1, 0, 0, 0, 4, 3, 1, 4, 1])
        let compressed = try gzip(idx)
        for name in ["labels-idx1-ubyte.gz", "labels-idx1-ubyte"] {
            try compressed.write(to: dir.appendingPathComponent(name))
            #expect(try IDX.load(dir.appendingPathComponent(name)).scalars == [3, 1, 4, 1], "\(name)")
        }
        let truncated = dir.appendingPathComponent("cut.gz")
        try compressed.prefix(compressed.count - 12).write(to: truncated)
        #expect(throws: SwiftLearnError.self) { try IDX.load(truncated) }
        #expect(errorMessage { _ = try IDX.load(truncated); return Data() }.contains(truncated.path))
    }
}
