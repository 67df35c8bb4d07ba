// libFuzzer harness for the JSON reader and the layer-config loader.
// Build and run with scripts/fuzz; a plain build replays the files given as arguments.
import CFuzzSupport
import Glibc
import NeuralNet
import TensorCore

/// Keys whose numbers size the weights a config builds.
let sizeKeys: Set<String> = ["units", "batch_shape", "batch_input_shape", "build_input_shape"]

/// An upper bound on the elements of any weight the config can create: the product of the
/// sizes it asks for (sizes above ConfigReader.maximumSize are refused before any allocation).
func sizeProduct(_ value: JSONValue, underSizeKey: Bool = false) -> Double {
    switch value {
    case .number(let d), .float(let d): return underSizeKey && d >= 2 && d <= Double(ConfigReader.maximumSize) ? d : 1
    case .array(let items): return items.reduce(1) { $0 * sizeProduct($1, underSizeKey: underSizeKey) }
    case .object(let pairs): return pairs.reduce(1) { $0 * sizeProduct($1.1, underSizeKey: underSizeKey || sizeKeys.contains($1.0)) }
    default: return 1
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONValue.parse(utf8: bytes) else { return 0 }

    // What the writer produces must read back to the same text.
    let text = value.jsonText
    guard let reread = try? JSONValue.parse(text) else { fatalError("written JSON does not parse: \(text.prefix(200))") }
    guard reread.jsonText == text else { fatalError("JSON round trip changed the text: \(text.prefix(200))") }

    // Configs that could build more than 2^20 weights are left out: a valid but large model
    // is not a bug, and allocating it would only slow the fuzzer down.
    guard sizeProduct(value) <= Double(1 << 20) else { return 0 }
    guard let layer = try? LayerRegistry.layer(from: value) else { return 0 }

    // A loaded layer's config loads again, to a layer with the same config.
    let written = layer.serialized
    let again: Layer
    do { again = try LayerRegistry.layer(from: JSONValue.parse(written.jsonText)) } catch {
        fatalError("the config a layer writes does not load: \(error)\n\(written.jsonText.prefix(400))")
    }
    guard again.serialized.jsonText == written.jsonText else {
        fatalError("config round trip differs:\n\(written.jsonText.prefix(400))\n\(again.serialized.jsonText.prefix(400))")
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(swiftlearn_fuzz_main(&argc, &argv, fuzzOne))
