import Foundation
import SwiftLearn

/// Checks, before any training, that `path` is a folder we can write in: creates it (and its
/// parents) if needed and writes and removes a small probe file.
/// - Throws: ``SwiftLearnError/io(_:)`` naming `option` and the folder.
public func requireWritableFolder(_ path: String, option: String) throws {
    let fm = FileManager.default
    var isFolder: ObjCBool = false
    if fm.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
        throw SwiftLearnError.io("\(option) \(path): is a file, not a folder")
    }
    do {
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        let probe = URL(fileURLWithPath: path).appendingPathComponent(".swiftlearn-write-check-\(UUID().uuidString)")
        try Data().write(to: probe)
        try fm.removeItem(at: probe)
    } catch {
        throw SwiftLearnError.io("\(option) \(path): cannot write in this folder (\(reason(error, path: path))); nothing was trained")
    }
}

/// Why `path` could not be made or written: a parent that is a file, the system's message, or Foundation's.
private func reason(_ error: Error, path: String) -> String {
    var ancestor = URL(fileURLWithPath: path).standardizedFileURL
    while ancestor.path != "/" && !FileManager.default.fileExists(atPath: ancestor.path) { ancestor.deleteLastPathComponent() }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder), !isFolder.boolValue {
        return "\(ancestor.path) is a file"
    }
    if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    return error.localizedDescription
}

/// Checks that the folder that will hold the file or folder `path` exists and is writable.
public func requireWritableParent(of path: String, option: String) throws {
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
        throw SwiftLearnError.io("\(option) \(path): the folder \(parent) does not exist; nothing was trained")
    }
    guard FileManager.default.isWritableFile(atPath: parent) else {
        throw SwiftLearnError.io("\(option) \(path): cannot write in \(parent); nothing was trained")
    }
}
