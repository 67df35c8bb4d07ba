import CHDF5
import TensorCore

/// An open HDF5 object that can carry attributes: a `Group` (or a `File`, its root group) or a
/// `Dataset`.
///
/// The HDF5 handle is closed by `close()` or when the object is deinitialized, whichever comes
/// first. Using an object after `close()` throws `SwiftLearnError.invalidState`.
public class HDF5Object {
    /// The absolute path of the object inside its file, e.g. `/model_weights/dense`.
    public let path: String
    /// The path of the file on disk.
    public let filePath: String

    let handle: Handle
    var location: Location { Location(file: filePath, object: path) }

    init(handle: Handle, filePath: String, path: String) {
        self.handle = handle
        self.filePath = filePath
        self.path = path
    }

    /// Closes the object now (idempotent).
    public func close() { handle.close() }

    /// Whether the object is still open.
    public var isOpen: Bool { handle.isOpen }

    // MARK: Reading attributes

    /// The names of the object's attributes, in name order.
    public func attributeNames() throws -> [String] {
        try Library.call {
            let id = try handle.require(location)
            final class Names { var items: [String] = [] }
            let names = Names()
            var index: hsize_t = 0
            let status = H5Aiterate2(id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, data -> herr_t in
                guard let name, let data else { return -1 }
                Unmanaged<Names>.fromOpaque(data).takeUnretainedValue().items.append(String(cString: name))
                return 0
            }, Unmanaged.passUnretained(names).toOpaque())
            try location.check(status, "cannot list the attributes")
            return names.items
        }
    }

    /// Whether the object has an attribute called `name`.
    public func hasAttribute(_ name: String) throws -> Bool {
        try Library.call {
            let id = try handle.require(location)
            let exists = H5Aexists(id, name)
            try location.attribute(name).check(exists, "cannot check whether the attribute exists")
            return exists > 0
        }
    }

    /// Opens the attribute `name`; throws `io` naming the file, object and attribute if it is missing.
    public func attribute(_ name: String) throws -> Attribute {
        try Library.call {
            let id = try handle.require(location)
            let at = location.attribute(name)
            let exists = H5Aexists(id, name)
            try at.check(exists, "cannot check whether the attribute exists")
            guard exists > 0 else { throw at.error("no such attribute") }
            let attribute = try at.check(id: H5Aopen(id, name, chdf5_P_DEFAULT()), "cannot open the attribute")
            return try Attribute(id: attribute, name: name, location: at)
        }
    }

    // MARK: Writing attributes

    /// Writes a scalar number attribute, replacing any attribute of that name.
    public func setAttribute<T: HDF5Numeric>(_ name: String, _ value: T) throws {
        try writeNumbers(name, [value], shape: [])
    }

    /// Writes a number-array attribute (1-D unless `shape` is given), replacing any attribute of that name.
    public func setAttribute<T: HDF5Numeric>(_ name: String, _ values: [T], shape: [Int]? = nil) throws {
        try writeNumbers(name, values, shape: shape ?? [values.count])
    }

    /// Writes a scalar string attribute, replacing any attribute of that name.
    public func setAttribute(_ name: String, _ value: String, storage: StringStorage = .variableLength) throws {
        try writeStrings(name, [value], shape: [], storage: storage)
    }

    /// Writes a 1-D string-array attribute, replacing any attribute of that name.
    public func setAttribute(_ name: String, _ values: [String], storage: StringStorage = .variableLength) throws {
        try writeStrings(name, values, shape: [values.count], storage: storage)
    }

    /// Deletes the attribute `name`; throws if it does not exist.
    public func deleteAttribute(_ name: String) throws {
        try Library.call {
            let id = try handle.require(location)
            try location.attribute(name).check(H5Adelete(id, name), "cannot delete the attribute")
        }
    }

    private func writeNumbers<T: HDF5Numeric>(_ name: String, _ values: [T], shape: [Int]) throws {
        try Library.call {
            let at = location.attribute(name)
            guard let fileType = T.hdf5ElementType.numericTypes?.file else { throw at.invalidArgument("unsupported type") }
            try createAttribute(name, type: fileType, shape: shape) { attribute, space in
                let value = StoredValue(location: at, type: fileType, space: space, shape: shape, elementType: T.hdf5ElementType,
                                        read: { H5Aread(attribute, $0, $1) }, write: { H5Awrite(attribute, $0, $1) })
                try value.writeNumbers(values)
            }
        }
    }

    private func writeStrings(_ name: String, _ values: [String], shape: [Int], storage: StringStorage) throws {
        try Library.call {
            let at = location.attribute(name)
            try withStringData(values, storage: storage, at: at) { type, data in
                try createAttribute(name, type: type, shape: shape) { attribute, _ in
                    guard let data else { return }
                    try at.check(H5Awrite(attribute, type, data), "cannot write \(values.count) strings")
                }
            }
        }
    }

    /// Replaces the attribute `name` by a new one of `type` and `shape`, and calls `write` with it.
    private func createAttribute(_ name: String, type: hid_t, shape: [Int], write: (hid_t, hid_t) throws -> Void) throws {
        let id = try handle.require(location)
        let at = location.attribute(name)
        guard !name.isEmpty else { throw at.invalidArgument("attribute names must not be empty") }
        let exists = H5Aexists(id, name)
        try at.check(exists, "cannot check whether the attribute exists")
        if exists > 0 { try at.check(H5Adelete(id, name), "cannot replace the attribute") }
        let space = try makeSpace(shape: shape, at: at)
        defer { closeID(space, H5Sclose) }
        let attribute = try at.check(id: H5Acreate2(id, name, type, space, chdf5_P_DEFAULT(), chdf5_P_DEFAULT()),
                                     "cannot create the attribute")
        defer { closeID(attribute, H5Aclose) }
        try write(attribute, space)
    }
}
