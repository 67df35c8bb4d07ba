// libFuzzer harness for the CSV loader. Build and run with scripts/fuzz; a plain build replays
// the files given as arguments.
import CFuzzSupport
import Datasets
import Foundation
import Glibc
import TensorCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? Data() : Data(bytes: data!, count: size)
    let strict = try? CSV.parse(bytes, source: "fuzz.csv")
    let lenient = try? CSV.parse(bytes, source: "fuzz.csv", missingValues: true)
    if let strict {
        guard strict.values.rank == 2, strict.values.shape[1] == strict.columns.count else {
            fatalError("table shape \(strict.values.shape) does not match \(strict.columns.count) columns")
        }
        // Reading missing values as NaN only widens what is accepted; it changes no number.
        guard let lenient, lenient.columns == strict.columns,
              lenient.values.scalars.map(\.bitPattern) == strict.values.scalars.map(\.bitPattern) else {
            fatalError("missingValues: true read a table that parses without it differently")
        }
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(swiftlearn_fuzz_main(&argc, &argv, fuzzOne))
