import Foundation
import HDF5
import TensorCore
import Testing

/// Files exchanged with h5py (Interop/hdf5_roundtrip.py holds the same literal values).
@Suite struct InteropTests {
    private let matrix: [Float] = (0..<12).map { Float($0) / 4 - 1 }

    @Test func readsTheH5pyWrittenFixture() throws {
        let file = try File(fixturePath("h5py_written.h5"))
        #expect(try file.memberNames() == ["big_endian", "half", "huge", "int16", "model_weights", "scalar", "uint64"])
        #expect(try file.attribute("layer_names").readStrings() == ["dense", "dense_1", "dropout"])
        #expect(try file.attribute("model_config").readString() == "{\"class_name\": \"Sequential\", \"name\": \"caf\u{E9}\"}")
        #expect(try file.attribute("fixed_config").readString() == "{}")
        #expect(try file.attribute("unicode_names").readStrings() == ["\u{E4}", "b"])
        #expect(try file.attribute("version").readScalar(as: Int64.self) == 3)
        #expect(try file.attribute("scale").read(as: Double.self) == [0.5, 2.0])
        let dense = try file.openGroup("model_weights/dense")
        #expect(try dense.attribute("weight_names").readStrings() == ["dense/kernel:0", "dense/bias:0"])
        let kernel = try dense.openDataset("kernel:0")
        #expect(kernel.shape == [3, 4])
        #expect(kernel.elementType == .float32)
        #expect(try kernel.read(as: Float.self) == matrix)
        #expect(try dense.openDataset("bias:0").read(as: Float.self) == [0, 0, 0, 0])
        let int16 = try file.openDataset("int16")
        #expect(int16.shape == [2, 3])
        #expect(try int16.read(as: Int16.self) == [-32768, -1, 0, 1, 2, 32767])
        #expect(try file.openDataset("uint64").read(as: UInt64.self) == [0, 1, .max])
        let scalar = try file.openDataset("scalar")
        #expect(scalar.shape == [])
        #expect(try scalar.read(as: Double.self) == [3.141592653589793])
        let bigEndian = try file.openDataset("big_endian")
        #expect(bigEndian.elementType == .float64)
        #expect(try bigEndian.readFloats() == matrix)
        let half = try file.openDataset("half")
        #expect(half.elementType == .other("float16"))
        #expect(try half.readFloats() == [0.5, -2, 65504])
        #expect(thrownMessage { _ = try half.read(as: Float.self) }?.contains("has element type float16, not float32") == true)
    }

    @Test func rejectsHugeDatasetsAndNonUTF8Strings() throws {
        let path = fixturePath("h5py_written.h5")
        let file = try File(path)
        let huge = try file.openDataset("huge")
        #expect(huge.shape == [1 << 30, 1 << 30])
        let message = thrownMessage { _ = try huge.readFloats() }
        #expect(message?.contains("object '/huge': shape [1073741824, 1073741824]") == true)
        #expect(message?.contains("needs more memory than this machine has") == true)
        let latin1 = thrownMessage { _ = try file.attribute("latin1").readString() }
        #expect(latin1?.contains("attribute 'latin1': holds a string that is not valid UTF-8") == true)
        #expect(latin1?.contains(path) == true)
    }

    /// Writes the file `Interop/hdf5_roundtrip.py check` verifies; set HDF5_INTEROP_OUT=path
    /// to keep a copy for it. Also reads it back here.
    @Test func writesTheFileH5pyChecks() throws {
        let folder = try TempFolder()
        let path = ProcessInfo.processInfo.environment["HDF5_INTEROP_OUT"] ?? folder.path("swift_written.h5")
        let config = "{\"class_name\": \"Sequential\", \"name\": \"caf\u{E9}\"}"
        do {
            let file = try File(path, mode: .truncate)
            try file.createDataset("matrix", shape: [3, 4], data: matrix)
            let group = try file.createGroup("group")
            try group.createDataset("int16", shape: [2, 3], data: [Int16(-32768), -1, 0, 1, 2, 32767])
            try group.createDataset("uint64", shape: [3], data: [UInt64(0), 1, .max])
            try file.createDataset("scalar", shape: [], data: [3.141592653589793])
            try file.setAttribute("layer_names", ["dense", "dense_1", "dropout"], storage: .fixedLength)
            try file.setAttribute("model_config", config)
            try group.setAttribute("fixed_config", config, storage: .fixedLength)
            try file.setAttribute("version", Int64(3))
            try file.setAttribute("scale", [0.5, 2.0])
        }
        let file = try File(path)
        #expect(try file.memberNames() == ["group", "matrix", "scalar"])
        #expect(try file.openDataset("matrix").read(as: Float.self) == matrix)
        #expect(try file.openGroup("group").attribute("fixed_config").readString() == config)
    }
}
