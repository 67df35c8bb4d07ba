import CHDF5
import TensorCore

/// An open dataset: an n-dimensional array of numbers (or strings) in an HDF5 file.
///
/// Its shape and element type are read when it is opened. Reads return the elements flattened
/// in row-major (C) order, as numpy and h5py lay them out.
public final class Dataset: HDF5Object {
    /// The dimensions: `[]` for a rank-0 (scalar) dataset.
    public let shape: [Int]
    /// The element type stored in the file.
    public let elementType: ElementType

    init(id: hid_t, filePath: String, path: String) throws {
        let location = Location(file: filePath, object: path)
        let handle = Handle(id, closer: H5Dclose)
        let space = try location.check(id: H5Dget_space(id), "cannot read the dataspace")
        defer { closeID(space, H5Sclose) }
        let type = try location.check(id: H5Dget_type(id), "cannot read the datatype")
        defer { closeID(type, H5Tclose) }
        shape = try readShape(space: space, at: location)
        elementType = ElementType(typeID: type)
        super.init(handle: handle, filePath: filePath, path: path)
    }

    /// The number of elements (1 for a scalar), or nil if it overflows `Int`.
    public var count: Int? {
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// Calls `body` with the dataset's stored value description (type and space open meanwhile).
    private func withValue<R>(_ body: (StoredValue) throws -> R) throws -> R {
        try Library.call {
            let id = try handle.require(location)
            let space = try location.check(id: H5Dget_space(id), "cannot read the dataspace")
            defer { closeID(space, H5Sclose) }
            let type = try location.check(id: H5Dget_type(id), "cannot read the datatype")
            defer { closeID(type, H5Tclose) }
            let all = chdf5_S_ALL(), xfer = chdf5_P_DEFAULT()
            let value = StoredValue(location: location, type: type, space: space, shape: shape, elementType: elementType,
                                    read: { H5Dread(id, $0, all, all, xfer, $1) },
                                    write: { H5Dwrite(id, $0, all, all, xfer, $1) })
            return try body(value)
        }
    }

    /// All elements; the stored type must be exactly `T`'s (`io` error otherwise).
    public func read<T: HDF5Numeric>(as type: T.Type) throws -> [T] {
        try withValue { try $0.readNumbers(as: type, converting: false) }
    }

    /// All elements converted to Float, from any stored integer or float type.
    public func readFloats() throws -> [Float] {
        try withValue { try $0.readNumbers(as: Float.self, converting: true) }
    }

    /// All elements converted to Double, from any stored integer or float type.
    public func readDoubles() throws -> [Double] {
        try withValue { try $0.readNumbers(as: Double.self, converting: true) }
    }

    /// All strings of a fixed- or variable-length string dataset.
    public func readStrings() throws -> [String] {
        try withValue { try $0.readStrings() }
    }

    /// Overwrites every element; `values` must have the stored type and `shape`'s element count
    /// (`invalidArgument` otherwise).
    public func write<T: HDF5Numeric>(_ values: [T]) throws {
        try withValue { try $0.writeNumbers(values) }
    }
}
