// libFuzzer harness for the .npy reader and writer. Build and run with scripts/fuzz;
// a plain build replays the files given as arguments.
import CFuzzSupport
import Datasets
import Foundation
import Glibc
import TensorCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? Data() : Data(bytes: data!, count: size)
    guard let array = try? NPY.parse(bytes, source: "fuzz.npy") else { return 0 }
    // Property: what was loaded, written back and loaded again, is the same array (shape, dtype,
    // every byte), and writing that again gives the same file.
    let written = NPY.encode(array)
    guard let again = try? NPY.parse(written, source: "rewrite.npy") else {
        fatalError("an array loaded from .npy (\(array.shape), \(array.dtype)) does not load after writing it back")
    }
    guard again == array else { fatalError("rewritten .npy differs: \(again.shape) \(again.dtype) vs \(array.shape) \(array.dtype)") }
    guard NPY.encode(again) == written else { fatalError("writing a rewritten .npy is not stable") }
    guard written.count % 64 == array.bytes.count % 64 else { fatalError("header of \(written.count - array.bytes.count) bytes is not 64-aligned") }
    // The typed accessors and the tensor view neither trap nor lose elements.
    guard array.doubles.count == array.count, array.floats.count == array.count else { fatalError("accessor lost elements") }
    _ = try? array.integers()
    if let t = try? array.tensor(), t.shape != array.shape || t.scalarCount != array.count {
        fatalError("tensor \(t.shape) from array \(array.shape)")
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(swiftlearn_fuzz_main(&argc, &argv, fuzzOne))
