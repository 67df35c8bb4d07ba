import Foundation
import TensorCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers only ever see the old file or the complete new one: the
/// content goes to a temporary file in the same folder, which is synced to disk and renamed over
/// the target (rename is atomic within a file system). A failed or interrupted save leaves the
/// previous file intact and no temporary file behind (an interrupted process may leave a hidden
/// `.<name>.tmp-*` file, never a damaged target).
enum AtomicFileWrite {
    /// Calls `write` with a temporary path next to `path`, then syncs and renames it to `path`.
    /// A missing or unwritable folder is an `io` error naming it, and nothing is created.
    static func write(to path: String, _ write: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw SwiftLearnError.io("cannot save '\(path)': the folder '\(folder)' does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw SwiftLearnError.io("cannot save '\(path)': the folder '\(folder)' is not writable")
        }
        let temporary = temporaryPath(near: path)
        do {
            try write(temporary)
            try sync(temporary)
            guard rename(temporary, path) == 0 else {
                throw SwiftLearnError.io("cannot save '\(path)': renaming the temporary file failed: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            // Errors from inside the save name the temporary file; say which file was being saved.
            guard let e = error as? SwiftLearnError, !e.message.contains("'\(path)'") else { throw error }
            throw e.withMessage("cannot save '\(path)': \(e.message)")
        }
        // Make the rename itself durable.
        let fd = open(folder, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// A hidden, unique file name in the folder of `path`.
    static func temporaryPath(near path: String, suffix: String = "") -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).tmp-\(UUID().uuidString.prefix(8))\(suffix)"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Flushes the file's content to disk.
    private static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw SwiftLearnError.io("cannot save: the temporary file '\(path)' cannot be opened to sync it: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        guard fsync(fd) == 0 else {
            throw SwiftLearnError.io("cannot save: syncing '\(path)' failed: \(String(cString: strerror(errno)))")
        }
    }
}
