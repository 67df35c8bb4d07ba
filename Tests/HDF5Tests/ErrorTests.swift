import Foundation
import HDF5
import TensorCore
import Testing

/// Every failure throws a `SwiftLearnError` whose message names the file and the object.
@Suite struct ErrorTests {
    /// A small valid file with one float dataset `/g/d` carrying a numeric attribute `n`.
    private func makeFile(in folder: TempFolder) throws -> String {
        let path = folder.path("valid.h5")
        let file = try File(path, mode: .truncate)
        let group = try file.createGroup("g")
        let dataset = try group.createDataset("d", shape: [64, 8], data: [Float](repeating: 1, count: 512))
        try dataset.setAttribute("n", Int32(3))
        try group.setAttribute("s", "text")
        return path
    }

    @Test func missingFile() throws {
        let folder = try TempFolder()
        let path = folder.path("missing.h5")
        let message = thrownMessage { _ = try File(path) }
        #expect(message?.contains("I/O error") == true)
        #expect(message?.contains(path) == true)
        #expect(message?.contains("no such file") == true)
    }

    @Test func notAnHDF5File() throws {
        let folder = try TempFolder()
        let path = folder.path("text.h5")
        try Data(repeating: UInt8(ascii: "A"), count: 10_000).write(to: URL(fileURLWithPath: path))
        let message = thrownMessage { _ = try File(path, mode: .readWrite) }
        #expect(message?.contains(path) == true)
        #expect(message?.contains("not an HDF5 file") == true)
        #expect(message?.contains("HDF5: ") == true)  // HDF5's own stack follows
    }

    @Test func truncatedFile() throws {
        let folder = try TempFolder()
        let path = try makeFile(in: folder)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = folder.path("cut.h5")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))
        let message = thrownMessage { _ = try File(cut) }
        #expect(message?.contains(cut) == true)
        #expect(message?.contains("truncated") == true)
    }

    @Test func missingDatasetGroupAndAttribute() throws {
        let folder = try TempFolder()
        let path = try makeFile(in: folder)
        let file = try File(path)
        let dataset = thrownMessage { _ = try file.openDataset("g/nope") }
        #expect(dataset?.contains(path) == true)
        #expect(dataset?.contains("object '/g/nope': no such dataset") == true)
        let parent = thrownMessage { _ = try file.openGroup("g").openDataset("x/y") }
        #expect(parent?.contains("object '/g/x/y': no such dataset") == true)
        let group = thrownMessage { _ = try file.openGroup("h") }
        #expect(group?.contains("object '/h': no such group") == true)
        let attribute = thrownMessage { _ = try file.openDataset("g/d").attribute("missing") }
        #expect(attribute?.contains(path) == true)
        #expect(attribute?.contains("object '/g/d', attribute 'missing': no such attribute") == true)
    }

    @Test func wrongTypes() throws {
        let folder = try TempFolder()
        let path = try makeFile(in: folder)
        let file = try File(path)
        let dataset = try file.openDataset("g/d")
        let asInt = thrownMessage { _ = try dataset.read(as: Int32.self) }
        #expect(asInt?.contains("object '/g/d': has element type float32, not int32") == true)
        #expect(asInt?.contains(path) == true)
        let asString = thrownMessage { _ = try dataset.readStrings() }
        #expect(asString?.contains("not string") == true)
        let numberAsString = thrownMessage { _ = try dataset.attribute("n").readString() }
        #expect(numberAsString?.contains("object '/g/d', attribute 'n': has element type int32, not string") == true)
        let stringAsNumber = thrownMessage { _ = try file.openGroup("g").attribute("s").readDoubles() }
        #expect(stringAsNumber?.contains("attribute 's': has element type string, not float64") == true)
        let groupAsDataset = thrownMessage { _ = try file.openDataset("g") }
        #expect(groupAsDataset?.contains("object '/g': cannot open as a dataset") == true)
        let datasetAsGroup = thrownMessage { _ = try file.openGroup("g/d") }
        #expect(datasetAsGroup?.contains("object '/g/d': cannot open as a group") == true)
    }

    @Test func callerMistakesAreInvalidArguments() throws {
        let folder = try TempFolder()
        let file = try File(folder.path("args.h5"), mode: .truncate)
        #expect(throws: SwiftLearnError.self) { try file.createDataset("d", shape: [2, 2], data: [Float(1)]) }
        #expect(try !file.exists("d"))  // the half-made dataset was removed
        let message = thrownMessage { try file.createDataset("d", shape: [2, 2], data: [Float(1)]) }
        #expect(message?.hasPrefix("invalid argument: ") == true)
        #expect(message?.contains("shape [2, 2] holds 4 elements but 1 values were given") == true)
        let dataset = try file.createDataset("e", shape: [1], data: [Float(1)])
        #expect(thrownMessage { try dataset.write([Double(1)]) }?.contains("cannot write float64 values into element type float32") == true)
        #expect(thrownMessage { try file.setAttribute("nul", "a\u{0}b") }?.contains("NUL") == true)
        #expect(thrownMessage { try file.createGroup("") }?.contains("must not be empty") == true)
    }

    @Test func readOnlyFileRejectsWrites() throws {
        let folder = try TempFolder()
        let path = try makeFile(in: folder)
        let file = try File(path)
        let message = thrownMessage { try file.createGroup("new") }
        #expect(message?.contains("object '/new': cannot create the group") == true)
    }
}
