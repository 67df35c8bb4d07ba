// libFuzzer harness for the IDX reader and gzip decompression. Build and run with scripts/fuzz;
// a plain build replays the files given as arguments.
import CFuzzSupport
import Datasets
import Foundation
import Glibc
import TensorCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? Data() : Data(bytes: data!, count: size)
    if let t = try? IDX.parse(bytes, source: "fuzz.idx") {
        guard t.scalarCount == bytes.count - 4 - 4 * t.rank else { fatalError("IDX tensor \(t.shape) from \(bytes.count) bytes") }
    }
    let whole = try? Gzip.decompress(bytes, source: "fuzz.gz")
    // Feeding zlib 3 bytes at a time must give the same result as one piece.
    let pieces = try? Gzip.decompress(bytes, source: "fuzz.gz", inputChunk: 3)
    guard whole == pieces else { fatalError("chunked gzip decompression differs (\(whole?.count ?? -1) vs \(pieces?.count ?? -1) bytes)") }
    if let whole { _ = try? IDX.parse(whole, source: "fuzz.gz") }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(swiftlearn_fuzz_main(&argc, &argv, fuzzOne))
