import Foundation

/// Why reading or writing the file at `path` failed, in words a user acts on: "is a folder, not a
/// file", "the folder … does not exist", "no such file", or the system's own message — instead of
/// Foundation's "The operation could not be completed (NSCocoaErrorDomain error 256)".
public func fileErrorReason(_ error: any Error, path: String) -> String {
    let files = FileManager.default
    var isFolder: ObjCBool = false
    if files.fileExists(atPath: path, isDirectory: &isFolder) {
        if isFolder.boolValue { return "is a folder, not a file" }
    } else {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var parentIsFolder: ObjCBool = false
        if !files.fileExists(atPath: parent, isDirectory: &parentIsFolder) { return "the folder \(parent) does not exist" }
        if !parentIsFolder.boolValue { return "\(parent) is a file, not a folder" }
    }
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError { return "no such file" }
    return error.localizedDescription
}
