import Foundation
import Testing
import TensorCore
@testable import Datasets

/// A version 1.0 `.npy` file with the given header text (padded as NumPy pads) and payload.
func npyFile(_ header: String, payload: [UInt8] = [], version: UInt8 = 1) -> Data {
    var text = Array(header.utf8)
    let prefix = version == 1 ? 10 : 12
    while (prefix + text.count + 1) % 64 != 0 { text.append(0x20) }
    text.append(0x0A)
    var d = Data([0x93] + Array("NUMPY".utf8) + [version, 0])
    let n = text.count
    d.append(contentsOf: version == 1 ? [UInt8(n & 255), UInt8(n >> 8)] : [UInt8(n & 255), UInt8(n >> 8 & 255), 0, 0])
    d.append(contentsOf: text)
    d.append(contentsOf: payload)
    return d
}

@Suite struct NPYBadFileTests {
    /// Parsing `data` throws `SwiftLearnError.io` whose message names the file and contains `what`.
    func expectIOError(_ data: Data, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let array = try NPY.parse(data, source: "bad.npy")
            Issue.record("accepted a bad file as \(array.shape) \(array.dtype)", sourceLocation: sourceLocation)
        } catch let error as SwiftLearnError {
            guard case .io(let message) = error else {
                Issue.record("expected .io, received \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(message.contains("bad.npy") && message.contains(what), "\(message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func theHelperBuildsFilesNumPyAccepts() throws {
        let a = try NPY.parse(npyFile("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", payload: [1, 0, 0xFF, 0xFF]), source: "ok")
        #expect(try a.integers() == [1, -1])
        let b = try NPY.parse(npyFile("{\"shape\":(1,1,),'descr':'>u2','fortran_order':True}", payload: [1, 2], version: 3), source: "ok")
        #expect(try b.integers() == [258] && b.shape == [1, 1])
    }

    @Test func notANpyFile() {
        expectIOError(Data("PK\u{3}\u{4} a zip file".utf8), "not a .npy file")
        expectIOError(Data(), "not a .npy file")
        expectIOError(Data([0x93] + Array("NUMPY".utf8)), "not a .npy file")
        expectIOError(Data([0x93] + Array("NUMPY".utf8) + [4, 0, 0, 0]), "version 4.0")
    }

    @Test func truncatedHeader() {
        let good = npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", payload: [0, 0, 0x80, 0x3F])
        expectIOError(good.prefix(9), "truncated .npy header")
        expectIOError(good.prefix(40), "truncated .npy header")
        var v2 = npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", version: 2)
        v2[10] = 0xFF  // a 4-byte length of 16 MB
        expectIOError(v2, "truncated .npy header")
    }

    @Test func headerThatIsNotADictLiteral() throws {
        let cases = [
            "['descr', '<f4']",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), ",
            "{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}",
            "{'descr': '<f4', 'fortran_order': false, 'shape': (1,)}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': [1]}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1)}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,,)}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,)}",
            "{'descr': '<f4\\x', 'fortran_order': False, 'shape': (1,)}",
            "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} junk",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
        ]
        for header in cases {
            expectIOError(npyFile(header, payload: [0, 0, 0, 0]), "header")
        }
        expectIOError(npyFile("{'descr': '<f4', 'shape': (1,)}", payload: [0, 0, 0, 0]), "lacks 'fortran_order'")
        expectIOError(npyFile("{}"), "lacks 'descr', 'fortran_order', 'shape'")
        var latin = npyFile("{'descr': '<f\u{E9}', 'fortran_order': False, 'shape': ()}", version: 3)
        latin[try #require(latin.firstIndex(of: 0xC3))] = 0xE9  // Latin-1 é: not UTF-8 in a version 3.0 header
        expectIOError(latin, "not valid UTF-8")
    }

    @Test func unknownAndObjectDtypes() {
        for descr in ["<f2", "<c8", "<U5", "|S3", "<f16", "f4", "=f4", "<i3", "|f4", "<b2", "<f04", ""] {
            expectIOError(npyFile("{'descr': '\(descr)', 'fortran_order': False, 'shape': ()}", payload: [0, 0, 0, 0]), "dtype")
        }
        expectIOError(npyFile("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", payload: [0, 0, 0, 0, 0, 0, 0, 0]), "Python objects")
    }

    @Test func headerThatLiesAboutTheData() {
        expectIOError(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", payload: [UInt8](repeating: 0, count: 20)),
                      "claims shape (2, 3) of <f4 (24 bytes of data) but the file holds 20")
        expectIOError(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", payload: [UInt8](repeating: 0, count: 9)),
                      "but the file holds 9")
        expectIOError(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (), }"), "but the file holds 0")
        expectIOError(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }", payload: [0]), "but the file holds 1")
    }

    @Test func absurdAndNegativeShapes() {
        expectIOError(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 1099511627776), }"), "too large to count")
        expectIOError(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,), }"), "more than")
        expectIOError(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }"), "too large to count")
        expectIOError(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 1099511627776, 1099511627776), }"), "too large to count")
        expectIOError(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (3, -1), }"), "negative dimension -1")
    }
}

@Suite struct NPYAtomicWriteTests {
    let tensor = Tensor([1, 2, 3])

    func tempFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws {
        let folder = try tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("weights.npy")
        try NPY.save(tensor, to: url)
        let before = try Data(contentsOf: url)
        struct DiskFull: Error {}
        #expect(throws: (any Error).self) {
            try NPY.writeAtomically(NPY.encode(NPYArray(Tensor([9, 9]))), to: url, beforeRename: {
                #expect(contents(folder).count == 2, "the temporary file sits next to the destination")
                throw DiskFull()
            })
        }
        #expect(try Data(contentsOf: url) == before)
        #expect(contents(folder) == ["weights.npy"])
        // Renaming over a folder fails after the temporary file was written: it is removed too.
        let blocker = folder.appendingPathComponent("taken.npy")
        try FileManager.default.createDirectory(at: blocker.appendingPathComponent("inside"), withIntermediateDirectories: true)
        #expect(throws: SwiftLearnError.self) { try NPY.save(tensor, to: blocker) }
        #expect(contents(folder) == ["taken.npy", "weights.npy"])
        // A successful write replaces the file.
        try NPY.save(Tensor([9, 9]), to: url)
        #expect(try NPY.load(url) == Tensor([9, 9]))
        #expect(contents(folder) == ["taken.npy", "weights.npy"])
    }

    @Test func writingIntoAMissingFolderThrowsAndCreatesNothing() throws {
        let folder = try tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("missing/w.npy")
        do {
            try NPY.save(tensor, to: url)
            Issue.record("wrote into a missing folder")
        } catch let error as SwiftLearnError {
            #expect(error.message.contains(url.path), "\(error)")
        }
        #expect(contents(folder).isEmpty)
    }

    @Test func writingIntoAReadOnlyFolderThrowsAndCreatesNothing() throws {
        // /proc refuses new files even to root; a chmod 0555 folder only to other users.
        #expect(throws: SwiftLearnError.self) { try NPY.save(tensor, to: URL(fileURLWithPath: "/proc/w.npy")) }
        let folder = try tempFolder()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            try? FileManager.default.removeItem(at: folder)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        if geteuid() != 0 {
            #expect(throws: SwiftLearnError.self) { try NPY.save(tensor, to: folder.appendingPathComponent("w.npy")) }
            #expect(contents(folder).isEmpty)
        }
    }
}
