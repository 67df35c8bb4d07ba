import CHDF5
import Glibc
import TensorCore

/// How a string attribute is stored in the file.
public enum StringStorage: Sendable {
    /// Variable-length UTF-8 strings (what h5py writes for a Python `str`).
    case variableLength
    /// Fixed-length, NUL-padded strings as long as the longest value (what h5py writes for a
    /// numpy `S` array, e.g. Keras' `layer_names`); ASCII if every value is ASCII, else UTF-8.
    case fixedLength
}

/// The stored value of a dataset or attribute: its file type, dataspace and a read/write
/// function. Shared by `Dataset` and `Attribute`; `type` and `space` are owned by the caller.
struct StoredValue {
    let location: Location
    let type: hid_t
    let space: hid_t
    let shape: [Int]
    let elementType: ElementType
    let read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    let write: (hid_t, UnsafeRawPointer) -> herr_t

    /// Reads every element as `T`. With `converting == false` the stored type must be exactly
    /// `T`'s; otherwise any stored number is converted by HDF5 (e.g. int16 or float64 to Float).
    func readNumbers<T: HDF5Numeric>(as _: T.Type, converting: Bool) throws -> [T] {
        let wanted = T.hdf5ElementType
        // Converting also accepts numbers without a Swift type of their own, such as float16.
        let storedClass = H5Tget_class(type)
        let convertible = storedClass == H5T_INTEGER || storedClass == H5T_FLOAT
        guard converting ? convertible : elementType == wanted else {
            throw location.error("has element type \(elementType), not \(wanted)")
        }
        guard let memory = wanted.numericTypes?.memory else { throw location.error("no memory type for \(wanted)") }
        let count = try checkedSize(shape: shape, elementBytes: MemoryLayout<T>.stride, at: location)
        if count == 0 { return [] }
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress, read(memory, UnsafeMutableRawPointer(base)) >= 0 else {
                throw location.error("cannot read \(count) elements of \(elementType) as \(wanted)")
            }
            initialized = count
        }
    }

    /// Writes every element from `values`, which must have the stored type and element count.
    func writeNumbers<T: HDF5Numeric>(_ values: [T]) throws {
        guard elementType == T.hdf5ElementType, let memory = elementType.numericTypes?.memory else {
            throw location.invalidArgument("cannot write \(T.hdf5ElementType) values into element type \(elementType)")
        }
        let count = try checkedSize(shape: shape, elementBytes: MemoryLayout<T>.stride, at: location)
        guard values.count == count else {
            throw location.invalidArgument("shape \(shape) holds \(count) elements but \(values.count) values were given")
        }
        if count == 0 { return }
        try values.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            try location.check(write(memory, base), "cannot write \(count) \(elementType) elements")
        }
    }

    /// Reads every element of a fixed- or variable-length string value; fails on invalid UTF-8.
    func readStrings() throws -> [String] {
        guard H5Tget_class(type) == H5T_STRING else { throw location.error("has element type \(elementType), not string") }
        let variable = H5Tis_variable_str(type)
        guard variable >= 0 else { throw location.error("cannot inspect the string type") }
        let size = H5Tget_size(type)
        let elementBytes = variable > 0 ? MemoryLayout<UnsafeMutablePointer<CChar>?>.stride : size
        guard size > 0 else { throw location.error("string type has size 0") }
        let count = try checkedSize(shape: shape, elementBytes: elementBytes, at: location)
        if count == 0 { return [] }
        // A copy of a file's variable-length type still describes file storage, so the memory
        // type is built from C_S1 with the file's character set.
        let memory = try location.check(id: H5Tcopy(variable > 0 ? chdf5_T_C_S1() : type), "cannot copy the string type")
        defer { closeID(memory, H5Tclose) }
        if variable > 0 {
            try location.check(H5Tset_size(memory, chdf5_T_VARIABLE()), "cannot set a variable string size")
            try location.check(H5Tset_cset(memory, H5Tget_cset(type)), "cannot set the character set")
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try pointers.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                try location.check(read(memory, base), "cannot read \(count) variable-length strings")
            }
            defer { _ = H5Dvlen_reclaim(memory, space, chdf5_P_DEFAULT(), &pointers) }
            return try pointers.map { pointer in
                guard let pointer else { return "" }
                return try decode(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
            }
        }
        let padding = H5Tget_strpad(type)
        var bytes = [UInt8](repeating: 0, count: count * size)
        try bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            try location.check(read(memory, base), "cannot read \(count) fixed-length strings of \(size) bytes")
        }
        return try bytes.withUnsafeBytes { raw in
            try (0..<count).map { i in
                var item = raw[(i * size)..<((i + 1) * size)]
                if let end = item.firstIndex(of: 0) { item = item[..<end] }
                if padding == H5T_STR_SPACEPAD { while item.last == 0x20 { item = item.dropLast() } }
                return try decode(UnsafeRawBufferPointer(rebasing: item))
            }
        }
    }

    /// Strict UTF-8 decoding: a file's bytes that are not UTF-8 are an error, not replaced.
    private func decode(_ bytes: UnsafeRawBufferPointer) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw location.error("holds a string that is not valid UTF-8")
        }
        return text
    }
}

/// Creates the file/memory string type for `values` stored as `storage`, calls `body` with it
/// and a pointer to the values laid out for that type (nil when there are none), and releases both afterwards.
func withStringData<R>(_ values: [String], storage: StringStorage, at location: Location,
                       _ body: (hid_t, UnsafeRawPointer?) throws -> R) throws -> R {
    for value in values where value.utf8.contains(0) {
        throw location.invalidArgument("string '\(value.prefix(40))' contains a NUL character, which HDF5 strings cannot hold")
    }
    let type = try location.check(id: H5Tcopy(chdf5_T_C_S1()), "cannot create a string type")
    defer { closeID(type, H5Tclose) }
    switch storage {
    case .variableLength:
        try location.check(H5Tset_size(type, chdf5_T_VARIABLE()), "cannot set a variable string size")
        try location.check(H5Tset_cset(type, H5T_CSET_UTF8), "cannot set UTF-8")
        let pointers: [UnsafeMutablePointer<CChar>?] = values.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        guard !pointers.contains(where: { $0 == nil }) else { throw location.error("out of memory copying strings") }
        return try pointers.withUnsafeBytes { raw in try body(type, raw.baseAddress) }
    case .fixedLength:
        let size = max(1, values.map(\.utf8.count).max() ?? 1)
        let ascii = values.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
        try location.check(H5Tset_size(type, size), "cannot set the string size \(size)")
        try location.check(H5Tset_strpad(type, H5T_STR_NULLPAD), "cannot set NUL padding")
        try location.check(H5Tset_cset(type, ascii ? H5T_CSET_ASCII : H5T_CSET_UTF8), "cannot set the character set")
        var bytes = [UInt8](repeating: 0, count: values.count * size)
        for (i, value) in values.enumerated() {
            bytes.replaceSubrange((i * size)..<(i * size + value.utf8.count), with: value.utf8)
        }
        return try bytes.withUnsafeBytes { raw in try body(type, raw.baseAddress) }
    }
}
