import Foundation
import HDF5
import Testing

/// Writes `values` in a dataset of `shape`, closes the file, reopens it read-only and checks
/// shape, element type and values.
private func roundTrip<T: HDF5Numeric & Equatable>(_ values: [T], shape: [Int], in folder: TempFolder) throws {
    let path = folder.path("\(T.self)-\(shape.count).h5")
    do {
        let file = try File(path, mode: .truncate)
        try file.createDataset("data", shape: shape, data: values)
        file.close()
    }
    let file = try File(path)
    let dataset = try file.openDataset("data")
    #expect(dataset.shape == shape)
    #expect(dataset.elementType == T.hdf5ElementType)
    #expect(try dataset.read(as: T.self) == values)
}

@Suite struct RoundTripTests {
    @Test func everyNumericTypeAndRank() throws {
        let folder = try TempFolder()
        // Extremes of each type survive; ranks 0 to 4, including an empty dimension.
        try roundTrip([Float(1.5)], shape: [], in: folder)
        try roundTrip([Float](), shape: [2, 0], in: folder)
        try roundTrip([Float.pi, -0.0, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, -1], shape: [2, 3], in: folder)
        try roundTrip([Double.pi, -1e300, 5e-324, 1], shape: [1, 2, 2, 1], in: folder)
        try roundTrip([Int8.min, -1, 0, Int8.max], shape: [4], in: folder)
        try roundTrip([Int16.min, Int16.max], shape: [2, 1], in: folder)
        try roundTrip([Int32.min, 7, Int32.max], shape: [3], in: folder)
        try roundTrip([Int64.min, Int64.max], shape: [1, 2], in: folder)
        try roundTrip([UInt8.max, 0, 1], shape: [3, 1, 1], in: folder)
        try roundTrip([UInt16.max], shape: [], in: folder)
        try roundTrip([UInt32.max, 0], shape: [2], in: folder)
        try roundTrip([UInt64.max, 1, 2, 3, 4, 5], shape: [3, 2], in: folder)
        try roundTrip([Int](arrayLiteral: .min, .max), shape: [2], in: folder)
    }

    @Test func floatsAndDoublesConvertFromAnyStoredNumber() throws {
        let folder = try TempFolder()
        let file = try File(folder.path("convert.h5"), mode: .truncate)
        let ints = try file.createDataset("ints", shape: [2, 2], data: [Int16(-3), 0, 7, 300])
        #expect(try ints.readFloats() == [-3, 0, 7, 300])
        #expect(try ints.readDoubles() == [-3, 0, 7, 300])
        let doubles = try file.createDataset("doubles", shape: [2], data: [0.1, -2.5])
        #expect(try doubles.readFloats() == [Float(0.1), -2.5])
        let bytes = try file.createDataset("bytes", shape: [2], data: [UInt8(255), 1])
        #expect(try bytes.readDoubles() == [255, 1])
    }

    @Test func writeOverwritesAndZeroFilledCreate() throws {
        let folder = try TempFolder()
        let file = try File(folder.path("write.h5"), mode: .truncate)
        let dataset = try file.createDataset("d", shape: [2, 2], elementType: .float64)
        #expect(try dataset.read(as: Double.self) == [0, 0, 0, 0])
        try dataset.write([1.0, 2, 3, 4])
        #expect(try dataset.read(as: Double.self) == [1, 2, 3, 4])
    }

    @Test func attributesOfEveryKind() throws {
        let folder = try TempFolder()
        let path = folder.path("attrs.h5")
        do {
            let file = try File(path, mode: .truncate)
            let group = try file.createGroup("g")
            let dataset = try group.createDataset("d", shape: [1], data: [Float(1)])
            try file.setAttribute("int", Int64(-42))
            try file.setAttribute("floats", [Float(0.5), -1.25])
            try file.setAttribute("matrix", [UInt16(1), 2, 3, 4, 5, 6], shape: [2, 3])
            try group.setAttribute("vlen", "caf\u{E9} \u{1F600}")
            try group.setAttribute("fixed", "{\"a\": 1}", storage: .fixedLength)
            try dataset.setAttribute("names", ["dense", "dense_1", "\u{4E2D}\u{6587}"])
            try dataset.setAttribute("fixed_names", ["dense/kernel:0", "b"], storage: .fixedLength)
            try dataset.setAttribute("empty_names", [String](), storage: .fixedLength)
            try file.setAttribute("int", Int64(7))  // replaces the first value
        }
        let file = try File(path)
        #expect(try file.attributeNames() == ["floats", "int", "matrix"])
        #expect(try file.attribute("int").readScalar(as: Int64.self) == 7)
        #expect(try file.attribute("floats").read(as: Float.self) == [0.5, -1.25])
        let matrix = try file.attribute("matrix")
        #expect(matrix.shape == [2, 3])
        #expect(matrix.elementType == .uint16)
        #expect(try matrix.read(as: UInt16.self) == [1, 2, 3, 4, 5, 6])
        #expect(try matrix.readDoubles() == [1, 2, 3, 4, 5, 6])
        let group = try file.openGroup("g")
        #expect(try group.attribute("vlen").readString() == "caf\u{E9} \u{1F600}")
        #expect(try group.attribute("vlen").shape == [])
        #expect(try group.attribute("fixed").readString() == "{\"a\": 1}")
        let dataset = try file.openDataset("g/d")
        #expect(try dataset.attribute("names").readStrings() == ["dense", "dense_1", "\u{4E2D}\u{6587}"])
        #expect(try dataset.attribute("fixed_names").readStrings() == ["dense/kernel:0", "b"])
        #expect(try dataset.attribute("empty_names").readStrings() == [])
        #expect(try dataset.hasAttribute("names"))
        #expect(try !dataset.hasAttribute("nope"))
    }

    @Test func nestedGroupsListingAndExistence() throws {
        let folder = try TempFolder()
        let path = folder.path("groups.h5")
        do {
            let file = try File(path, mode: .truncate)
            let weights = try file.createGroup("model_weights")
            let dense = try weights.createGroup("dense")
            #expect(dense.path == "/model_weights/dense")
            try dense.createGroup("inner")
            try dense.createDataset("kernel:0", shape: [2], data: [Float(1), 2])
            try file.createGroup("model_weights/dropout")
            try file.createDataset("top", shape: [], data: [Int32(5)])
        }
        let file = try File(path, mode: .readWrite)
        #expect(try file.memberNames() == ["model_weights", "top"])
        #expect(try file.openGroup("model_weights").memberNames() == ["dense", "dropout"])
        #expect(try file.openGroup("/model_weights/dense").memberNames() == ["inner", "kernel:0"])
        #expect(try file.exists("model_weights/dense/kernel:0"))
        #expect(try file.exists("/model_weights/dense"))
        #expect(try !file.exists("model_weights/nope/kernel:0"))
        #expect(try !file.exists("missing"))
        #expect(try file.kind(of: "model_weights/dense") == .group)
        #expect(try file.kind(of: "model_weights/dense/kernel:0") == .dataset)
        #expect(try file.kind(of: "missing") == nil)
        let dense = try file.openGroup("model_weights").openGroup("dense")
        #expect(try dense.openDataset("kernel:0").path == "/model_weights/dense/kernel:0")
        #expect(try dense.openDataset("kernel:0").read(as: Float.self) == [1, 2])
        // read-write mode: add to the existing file
        try dense.createDataset("bias:0", shape: [1], data: [Float(3)])
        #expect(try dense.memberNames() == ["bias:0", "inner", "kernel:0"])
    }

    @Test func closeIsDeterministicAndIdempotent() throws {
        let folder = try TempFolder()
        let path = folder.path("close.h5")
        let file = try File(path, mode: .truncate)
        let dataset = try file.createDataset("d", shape: [1], data: [Double(1)])
        dataset.close()
        dataset.close()
        #expect(!dataset.isOpen)
        let message = thrownMessage { _ = try dataset.read(as: Double.self) }
        #expect(message?.contains("used after close()") == true)
        #expect(message?.contains("/d") == true)
        // HDF5's weak close: an object still open keeps the file usable until it is closed.
        let open = try file.createDataset("e", shape: [2], data: [Int8(4), 5])
        file.close()
        #expect(try open.read(as: Int8.self) == [4, 5])
        open.close()
        // Everything is closed, so the file can be replaced and reopened at once.
        let again = try File(path, mode: .truncate)
        #expect(try again.memberNames() == [])
    }
}

@Test func existsThroughADatasetIsFalse() throws {
    let folder = try TempFolder()
    let file = try File(folder.path("through.h5"), mode: .truncate)
    try file.createGroup("g").createDataset("d", shape: [1], data: [Float(1)])
    #expect(try !file.exists("g/d/x"))
    #expect(try file.kind(of: "g/d/x") == nil)
}
