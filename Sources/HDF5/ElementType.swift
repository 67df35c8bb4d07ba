import CHDF5
import Foundation

/// The element type of a dataset or attribute, as far as this module understands it.
public enum ElementType: Equatable, Sendable, CustomStringConvertible {
    case float32, float64
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    /// A string, fixed-length or variable-length.
    case string
    /// Any other HDF5 type (float16, enum, compound, ...), described in words.
    case other(String)

    public var description: String {
        switch self {
        case .float32: return "float32"
        case .float64: return "float64"
        case .int8: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .uint8: return "uint8"
        case .uint16: return "uint16"
        case .uint32: return "uint32"
        case .uint64: return "uint64"
        case .string: return "string"
        case .other(let text): return text
        }
    }

    /// Whether the type is an integer or floating-point number HDF5 can convert to Float/Double.
    public var isNumeric: Bool {
        switch self {
        case .string, .other: return false
        default: return true
        }
    }

    /// The native memory type and the little-endian file type for a numeric element type.
    var numericTypes: (memory: hid_t, file: hid_t)? {
        switch self {
        case .float32: return (chdf5_T_NATIVE_FLOAT(), chdf5_T_IEEE_F32LE())
        case .float64: return (chdf5_T_NATIVE_DOUBLE(), chdf5_T_IEEE_F64LE())
        case .int8: return (chdf5_T_NATIVE_INT8(), chdf5_T_STD_I8LE())
        case .int16: return (chdf5_T_NATIVE_INT16(), chdf5_T_STD_I16LE())
        case .int32: return (chdf5_T_NATIVE_INT32(), chdf5_T_STD_I32LE())
        case .int64: return (chdf5_T_NATIVE_INT64(), chdf5_T_STD_I64LE())
        case .uint8: return (chdf5_T_NATIVE_UINT8(), chdf5_T_STD_U8LE())
        case .uint16: return (chdf5_T_NATIVE_UINT16(), chdf5_T_STD_U16LE())
        case .uint32: return (chdf5_T_NATIVE_UINT32(), chdf5_T_STD_U32LE())
        case .uint64: return (chdf5_T_NATIVE_UINT64(), chdf5_T_STD_U64LE())
        case .string, .other: return nil
        }
    }

    /// Classifies an HDF5 datatype identifier.
    init(typeID: hid_t) {
        let size = H5Tget_size(typeID)
        switch H5Tget_class(typeID) {
        case H5T_FLOAT:
            switch size {
            case 4: self = .float32
            case 8: self = .float64
            default: self = .other("float\(size * 8)")
            }
        case H5T_INTEGER:
            let unsigned = H5Tget_sign(typeID) == H5T_SGN_NONE
            switch (size, unsigned) {
            case (1, false): self = .int8
            case (2, false): self = .int16
            case (4, false): self = .int32
            case (8, false): self = .int64
            case (1, true): self = .uint8
            case (2, true): self = .uint16
            case (4, true): self = .uint32
            case (8, true): self = .uint64
            default: self = .other("\(unsigned ? "uint" : "int")\(size * 8)")
            }
        case H5T_STRING: self = .string
        case H5T_ENUM: self = .other("enum")
        case H5T_COMPOUND: self = .other("compound")
        case H5T_ARRAY: self = .other("array")
        case H5T_VLEN: self = .other("variable-length sequence")
        case H5T_OPAQUE: self = .other("opaque")
        case H5T_REFERENCE: self = .other("reference")
        case H5T_BITFIELD: self = .other("bitfield")
        default: self = .other("unknown HDF5 type")
        }
    }
}

/// A Swift number type that maps one-to-one onto an HDF5 element type.
public protocol HDF5Numeric: BitwiseCopyable, Sendable {
    /// The HDF5 element type of this Swift type (`Int` is `int64`, `UInt` is `uint64`).
    static var hdf5ElementType: ElementType { get }
}

extension Float: HDF5Numeric { public static var hdf5ElementType: ElementType { .float32 } }
extension Double: HDF5Numeric { public static var hdf5ElementType: ElementType { .float64 } }
extension Int8: HDF5Numeric { public static var hdf5ElementType: ElementType { .int8 } }
extension Int16: HDF5Numeric { public static var hdf5ElementType: ElementType { .int16 } }
extension Int32: HDF5Numeric { public static var hdf5ElementType: ElementType { .int32 } }
extension Int64: HDF5Numeric { public static var hdf5ElementType: ElementType { .int64 } }
extension UInt8: HDF5Numeric { public static var hdf5ElementType: ElementType { .uint8 } }
extension UInt16: HDF5Numeric { public static var hdf5ElementType: ElementType { .uint16 } }
extension UInt32: HDF5Numeric { public static var hdf5ElementType: ElementType { .uint32 } }
extension UInt64: HDF5Numeric { public static var hdf5ElementType: ElementType { .uint64 } }
extension Int: HDF5Numeric { public static var hdf5ElementType: ElementType { .int64 } }
extension UInt: HDF5Numeric { public static var hdf5ElementType: ElementType { .uint64 } }

// MARK: - Dataspaces and sizes

/// The largest number of bytes one read may allocate: the machine's physical memory, so a
/// file claiming 2^60 elements fails with an error instead of a failed allocation.
let maximumReadBytes: Int = Int(clamping: ProcessInfo.processInfo.physicalMemory)

/// The shape of a dataspace: `[]` for a scalar, the dimensions for a simple dataspace.
func readShape(space: hid_t, at location: Location) throws -> [Int] {
    switch H5Sget_simple_extent_type(space) {
    case H5S_SCALAR:
        return []
    case H5S_SIMPLE:
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0, rank <= 32 else { throw location.error("dataspace has an invalid rank \(rank)") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        guard H5Sget_simple_extent_dims(space, &dims, nil) == rank else {
            throw location.error("cannot read the dataspace dimensions")
        }
        var shape = [Int]()
        for d in dims {
            guard d <= hsize_t(Int.max) else { throw location.error("dimension \(d) is too large") }
            shape.append(Int(d))
        }
        return shape
    case H5S_NULL:
        throw location.error("has an empty (null) dataspace and holds no value")
    default:
        throw location.error("cannot read the dataspace")
    }
}

/// The element count of `shape` and its size in bytes, or an error if either overflows or the
/// bytes exceed `maximumReadBytes`.
func checkedSize(shape: [Int], elementBytes: Int, at location: Location) throws -> Int {
    var count = 1
    for d in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: d)
        guard !overflow else { throw location.error("shape \(shape) has too many elements") }
        count = product
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: max(elementBytes, 1))
    guard !overflow, bytes <= maximumReadBytes else {
        throw location.error("shape \(shape) of \(elementBytes)-byte elements needs more memory than this machine has")
    }
    return count
}

/// A new dataspace for `shape` (`[]` is a scalar), or an error naming `location`.
func makeSpace(shape: [Int], at location: Location) throws -> hid_t {
    if shape.isEmpty { return try location.check(id: H5Screate(H5S_SCALAR), "cannot create a scalar dataspace") }
    guard shape.count <= 32 else { throw location.invalidArgument("rank \(shape.count) exceeds HDF5's maximum of 32") }
    guard shape.allSatisfy({ $0 >= 0 }) else { throw location.invalidArgument("shape \(shape) has a negative dimension") }
    var dims = shape.map { hsize_t($0) }
    return try location.check(id: H5Screate_simple(Int32(shape.count), &dims, nil), "cannot create a dataspace of shape \(shape)")
}
