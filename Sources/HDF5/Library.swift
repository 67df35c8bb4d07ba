import CHDF5
import Foundation
import TensorCore

// MARK: - Calling libhdf5

/// Serialization and error handling shared by every libhdf5 call in this module.
///
/// - Thread safety: Debian's libhdf5 (1.10.8, `Threadsafety: yes`) guards itself with a global
///   lock, which `H5is_library_threadsafe` reports at run time. If a build without that lock is
///   linked instead, every call of this module goes through one process-wide recursive lock, so
///   the wrapper is safe to use from several threads either way (but never runs HDF5 code in
///   parallel).
/// - Error printing: HDF5 prints its error stack to stderr by default, and the setting is per
///   thread in a thread-safe build, so every entry point switches it off for the calling thread.
enum Library {
    /// Whether libhdf5 serializes its own calls.
    static let isThreadSafe: Bool = {
        var threadSafe = false
        return H5is_library_threadsafe(&threadSafe) >= 0 && threadSafe
    }()

    /// The lock taken around every call when the library is not thread-safe.
    private static let lock = NSRecursiveLock()

    /// Runs `body` with HDF5's automatic error printing off on this thread, serialized if needed.
    /// The error stack of a failed call must be read inside `body` (it belongs to the thread).
    static func call<R>(_ body: () throws -> R) rethrows -> R {
        let serialize = !isThreadSafe
        if serialize { lock.lock() }
        defer { if serialize { lock.unlock() } }
        _ = H5Eset_auto2(chdf5_E_DEFAULT(), nil, nil)
        return try body()
    }

    /// Takes HDF5's current error stack of this thread as text (one line per frame, innermost
    /// last) and clears it. Empty when HDF5 recorded nothing.
    static func takeErrorStack() -> String {
        let stack = H5Eget_current_stack()
        guard stack >= 0 else { return "" }
        defer { _ = H5Eclose_stack(stack) }
        final class Lines { var items: [String] = [] }
        let lines = Lines()
        let context = Unmanaged.passUnretained(lines).toOpaque()
        _ = H5Ewalk2(stack, H5E_WALK_DOWNWARD, { _, error, data -> herr_t in
            guard let error, let data else { return 0 }
            let lines = Unmanaged<Lines>.fromOpaque(data).takeUnretainedValue()
            let function = error.pointee.func_name.map { String(cString: $0) } ?? "?"
            let description = error.pointee.desc.map { String(cString: $0) } ?? ""
            var buffer = [CChar](repeating: 0, count: 256)
            let length = H5Eget_msg(error.pointee.min_num, nil, &buffer, buffer.count)
            let minor = length > 0 ? cString(buffer) : ""
            lines.items.append(minor.isEmpty ? "\(function): \(description)" : "\(function): \(description) [\(minor)]")
            return 0
        }, context)
        return lines.items.joined(separator: "; ")
    }
}

// MARK: - Errors

/// Where an HDF5 operation happened: the file on disk and the object path inside it.
struct Location {
    let file: String
    let object: String
    /// The attribute's name when the operation concerns an attribute of `object`.
    var attribute: String? = nil

    /// The same object, naming one of its attributes.
    func attribute(_ name: String) -> Location { Location(file: file, object: object, attribute: name) }

    private var prefix: String {
        "HDF5 file '\(file)', object '\(object)'" + (attribute.map { ", attribute '\($0)'" } ?? "")
    }

    /// The path of the member `name` of this object (`name` may itself be a relative path).
    func child(_ name: String) -> Location {
        if name.hasPrefix("/") { return Location(file: file, object: name) }
        return Location(file: file, object: object.hasSuffix("/") ? object + name : object + "/" + name)
    }

    /// An `io` error naming the file and object, with HDF5's own error stack appended if it has one.
    func error(_ what: String) -> SwiftLearnError {
        let stack = Library.takeErrorStack()
        let text = "\(prefix): \(what)"
        return .io(stack.isEmpty ? text : text + " (HDF5: \(stack))")
    }

    /// An `invalidArgument` error naming the file and object (a caller mistake, not a file problem).
    func invalidArgument(_ what: String) -> SwiftLearnError {
        .invalidArgument("\(prefix): \(what)")
    }

    /// Throws `error(what)` when an HDF5 status is negative.
    func check(_ status: herr_t, _ what: @autoclosure () -> String) throws {
        if status < 0 { throw error(what()) }
    }

    /// Returns `id`, or throws `error(what)` when it is negative (HDF5's failure value).
    func check(id: hid_t, _ what: @autoclosure () -> String) throws -> hid_t {
        if id < 0 { throw error(what()) }
        return id
    }
}

// MARK: - Handles

/// Owns one HDF5 identifier and closes it exactly once: on `close()` or on deinit.
final class Handle {
    private(set) var id: hid_t
    private let closer: (hid_t) -> herr_t

    init(_ id: hid_t, closer: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.closer = closer
    }

    var isOpen: Bool { id >= 0 }

    /// Closes the identifier (idempotent). Returns false if HDF5 reported a failure.
    @discardableResult
    func close() -> Bool {
        guard id >= 0 else { return true }
        let status = Library.call { closer(id) }
        id = -1
        return status >= 0
    }

    /// The identifier, or an error naming `location` if the handle was closed.
    func require(_ location: Location) throws -> hid_t {
        guard id >= 0 else { throw SwiftLearnError.invalidState("HDF5 file '\(location.file)', object '\(location.object)': used after close()") }
        return id
    }

    deinit { close() }
}

/// Closes a temporary identifier at scope exit (`defer { closeID(space, H5Sclose) }`).
@inline(__always)
func closeID(_ id: hid_t, _ closer: (hid_t) -> herr_t) {
    if id >= 0 { _ = closer(id) }
}

/// Decodes a NUL-terminated C buffer (invalid UTF-8 is repaired; use for HDF5's own messages only).
func cString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
