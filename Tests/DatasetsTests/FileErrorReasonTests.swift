import Foundation
import Testing
import TensorCore
@testable import Datasets

/// Reading a path that is not a readable file says why in words a user acts on.
@Suite struct FileErrorReasonTests {
    @Test func foldersMissingFilesAndMissingFoldersAreNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(URL, String)] = [
            (folder, "is a folder, not a file"),
            (folder.appendingPathComponent("missing.npy"), "no such file"),
            (folder.appendingPathComponent("nodir/x.npy"), "nodir does not exist"),
        ]
        for (url, reason) in cases {
            #expect(performing: { _ = try NPY.load(url) }, throws: { "\($0)".contains(reason) && !"\($0)".contains("NSCocoaErrorDomain") })
            #expect(performing: { _ = try CSV.load(url) }, throws: { "\($0)".contains(reason) })
        }
    }
}
