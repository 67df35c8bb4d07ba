import CHDF5
import TensorCore

/// An open attribute of a group, file or dataset.
///
/// The attribute's shape and element type are read when it is opened. The HDF5 handle is
/// closed by `close()` or when the object is deinitialized, whichever comes first.
public final class Attribute {
    /// The attribute's name.
    public let name: String
    /// The dimensions of the value: `[]` for a scalar.
    public let shape: [Int]
    /// The element type stored in the file.
    public let elementType: ElementType

    let handle: Handle
    let location: Location

    init(id: hid_t, name: String, location: Location) throws {
        handle = Handle(id, closer: H5Aclose)
        self.name = name
        self.location = location
        let space = try location.check(id: H5Aget_space(id), "cannot read the dataspace")
        defer { closeID(space, H5Sclose) }
        let type = try location.check(id: H5Aget_type(id), "cannot read the datatype")
        defer { closeID(type, H5Tclose) }
        shape = try readShape(space: space, at: location)
        elementType = ElementType(typeID: type)
    }

    /// Closes the attribute now (idempotent); later reads throw `invalidState`.
    public func close() { handle.close() }

    /// Calls `body` with the attribute's stored value description (type and space open meanwhile).
    private func withValue<R>(_ body: (StoredValue) throws -> R) throws -> R {
        try Library.call {
            let id = try handle.require(location)
            let space = try location.check(id: H5Aget_space(id), "cannot read the dataspace")
            defer { closeID(space, H5Sclose) }
            let type = try location.check(id: H5Aget_type(id), "cannot read the datatype")
            defer { closeID(type, H5Tclose) }
            let value = StoredValue(location: location, type: type, space: space, shape: shape, elementType: elementType,
                                    read: { H5Aread(id, $0, $1) }, write: { H5Awrite(id, $0, $1) })
            return try body(value)
        }
    }

    /// All elements, flattened in row-major order; the stored type must be exactly `T`'s.
    public func read<T: HDF5Numeric>(as type: T.Type) throws -> [T] {
        try withValue { try $0.readNumbers(as: type, converting: false) }
    }

    /// The single element of a scalar (or one-element) attribute; the stored type must be `T`'s.
    public func readScalar<T: HDF5Numeric>(as type: T.Type) throws -> T {
        let values = try read(as: type)
        guard values.count == 1, let value = values.first else {
            throw location.error("has shape \(shape), not a single value")
        }
        return value
    }

    /// All elements converted to Double, from any stored integer or float type.
    public func readDoubles() throws -> [Double] {
        try withValue { try $0.readNumbers(as: Double.self, converting: true) }
    }

    /// All strings of a fixed- or variable-length string attribute, flattened.
    public func readStrings() throws -> [String] {
        try withValue { try $0.readStrings() }
    }

    /// The string of a scalar (or one-element) string attribute, fixed- or variable-length.
    public func readString() throws -> String {
        let values = try readStrings()
        guard values.count == 1, let value = values.first else {
            throw location.error("has shape \(shape), not a single string")
        }
        return value
    }
}
