import CHDF5
import Foundation
import TensorCore

/// An open HDF5 file, usable as its root group (`/`).
///
/// A safe wrapper over libhdf5 (Debian `libhdf5-dev`, found through pkg-config `hdf5`):
/// - Every failure throws `SwiftLearnError`: `.io` for anything about the file or its content
///   (missing or non-HDF5 file, missing object or attribute, unexpected element type, sizes that
///   cannot fit in memory, strings that are not UTF-8), `.invalidArgument` for a caller's mistake
///   (data count not matching a shape, NUL in a string), `.invalidState` for use after `close()`.
///   Messages name the file path and the object path (and attribute), followed by HDF5's own
///   error stack, e.g. `HDF5 file 'x.h5', object '/': cannot open the file (HDF5: ... [Not an HDF5 file])`.
/// - HDF5's automatic error printing to stderr is switched off.
/// - Debian's libhdf5 is built thread-safe (`H5is_library_threadsafe`), so no extra lock is
///   taken; with a library built otherwise, all calls are serialized through one global lock.
/// - Closing: `close()` closes the file handle at once; objects still open from the file keep it
///   open (HDF5's "weak" close) until they are closed or deinitialized too.
/// - Trust: libhdf5 1.10 can crash on deliberately malformed files (see the toolchain notes);
///   open untrusted files in a separate process.
public final class File: Group {
    /// How to open a file.
    public enum Mode: Sendable {
        /// Open an existing file for reading.
        case readOnly
        /// Open an existing file for reading and writing.
        case readWrite
        /// Create the file, replacing any existing one.
        case truncate
    }

    /// Opens or creates the file at `path`.
    public init(_ path: String, mode: Mode = .readOnly) throws {
        let location = Location(file: path, object: "/")
        let id: hid_t = try Library.call {
            switch mode {
            case .truncate:
                return try location.check(id: H5Fcreate(path, chdf5_F_ACC_TRUNC(), chdf5_P_DEFAULT(), chdf5_P_DEFAULT()),
                                          "cannot create the file")
            case .readOnly, .readWrite:
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw location.error("no such file") }
                guard !isFolder.boolValue else { throw location.error("is a folder, not a file") }
                let flags = mode == .readOnly ? chdf5_F_ACC_RDONLY() : chdf5_F_ACC_RDWR()
                let id = H5Fopen(path, flags, chdf5_P_DEFAULT())
                guard id >= 0 else {
                    let stack = Library.takeErrorStack()
                    let what = H5Fis_hdf5(path) > 0 ? "cannot open the file" : "cannot open the file: not an HDF5 file"
                    throw SwiftLearnError.io("HDF5 file '\(path)', object '/': \(what)" + (stack.isEmpty ? "" : " (HDF5: \(stack))"))
                }
                return id
            }
        }
        super.init(handle: Handle(id, closer: H5Fclose), filePath: path, path: "/")
    }

    /// Writes buffered data to disk without closing the file.
    public func flush() throws {
        try Library.call {
            let id = try handle.require(location)
            try location.check(H5Fflush(id, H5F_SCOPE_GLOBAL), "cannot flush the file")
        }
    }
}
