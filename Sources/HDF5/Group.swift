import CHDF5
import TensorCore

/// What kind of object a link in a group points to.
public enum ObjectKind: Equatable, Sendable {
    case group, dataset, other
}

/// An open group: a folder of named links to groups and datasets. A `File` is its root group.
///
/// Member names may be relative paths (`"model_weights/dense/kernel:0"`) or absolute ones
/// (`"/model_weights"`).
public class Group: HDF5Object {
    // MARK: Members

    /// The names of the direct members (groups, datasets, other links), in name order.
    public func memberNames() throws -> [String] {
        try Library.call {
            let id = try handle.require(location)
            final class Names { var items: [String] = [] }
            let names = Names()
            var index: hsize_t = 0
            let status = H5Literate(id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, data -> herr_t in
                guard let name, let data else { return -1 }
                Unmanaged<Names>.fromOpaque(data).takeUnretainedValue().items.append(String(cString: name))
                return 0
            }, Unmanaged.passUnretained(names).toOpaque())
            try location.check(status, "cannot list the members")
            return names.items
        }
    }

    /// Whether a member exists at the (relative or absolute) path `name`; every intermediate
    /// component is checked, so a missing parent gives `false`, not an error.
    public func exists(_ name: String) throws -> Bool {
        try Library.call { try linkExists(name) }
    }

    /// The kind of object at `name`, or nil if nothing is there.
    public func kind(of name: String) throws -> ObjectKind? {
        try Library.call {
            guard try linkExists(name) else { return nil }
            let id = try handle.require(location)
            let target = location.child(name)
            let object = try target.check(id: H5Oopen(id, name, chdf5_P_DEFAULT()), "cannot open the object")
            defer { closeID(object, H5Oclose) }
            switch H5Iget_type(object) {
            case H5I_GROUP: return .group
            case H5I_DATASET: return .dataset
            default: return .other
            }
        }
    }

    private func linkExists(_ name: String) throws -> Bool {
        let id = try handle.require(location)
        let components = name.split(separator: "/", omittingEmptySubsequences: true)
        if components.isEmpty { return true }  // "" or "/" is this group or the root
        var prefix = name.hasPrefix("/") ? "/" : ""
        for (i, component) in components.enumerated() {
            prefix += prefix.isEmpty || prefix.hasSuffix("/") ? String(component) : "/" + component
            let exists = H5Lexists(id, prefix, chdf5_P_DEFAULT())
            try location.child(prefix).check(exists, "cannot check whether the link exists")
            if exists <= 0 { return false }
            if i < components.count - 1 {
                // Only a group can have members: "g/dataset/x" does not exist.
                var info = H5O_info_t()
                try location.child(prefix).check(H5Oget_info_by_name2(id, prefix, &info, UInt32(H5O_INFO_BASIC), chdf5_P_DEFAULT()),
                                                 "cannot read the object's type")
                if info.type != H5O_TYPE_GROUP { return false }
            }
        }
        return true
    }

    // MARK: Groups

    /// Creates the group `name` (its parent must exist) and returns it open.
    @discardableResult
    public func createGroup(_ name: String) throws -> Group {
        try Library.call {
            let id = try handle.require(location)
            let target = location.child(name)
            guard !name.isEmpty else { throw target.invalidArgument("group names must not be empty") }
            let p = chdf5_P_DEFAULT()
            let group = try target.check(id: H5Gcreate2(id, name, p, p, p), "cannot create the group")
            return Group(handle: Handle(group, closer: H5Gclose), filePath: filePath, path: target.object)
        }
    }

    /// Opens the existing group `name`; throws `io` naming the file and path if it is missing.
    public func openGroup(_ name: String) throws -> Group {
        try Library.call {
            let target = location.child(name)
            guard try linkExists(name) else { throw target.error("no such group") }
            let id = try handle.require(location)
            let group = try target.check(id: H5Gopen2(id, name, chdf5_P_DEFAULT()), "cannot open as a group")
            return Group(handle: Handle(group, closer: H5Gclose), filePath: filePath, path: target.object)
        }
    }

    // MARK: Datasets

    /// Creates a dataset of `shape` (`[]` for a scalar) and element type `T`, filled with
    /// `data` (row-major, `shape`'s element count), and returns it open.
    @discardableResult
    public func createDataset<T: HDF5Numeric>(_ name: String, shape: [Int], data: [T]) throws -> Dataset {
        let dataset = try createDataset(name, shape: shape, elementType: T.hdf5ElementType)
        do {
            try dataset.write(data)
        } catch {
            dataset.close()
            _ = try? Library.call { H5Ldelete(try handle.require(location), name, chdf5_P_DEFAULT()) }
            throw error
        }
        return dataset
    }

    /// Creates a dataset of `shape` and a numeric `elementType`, filled with zeros.
    public func createDataset(_ name: String, shape: [Int], elementType: ElementType) throws -> Dataset {
        try Library.call {
            let id = try handle.require(location)
            let target = location.child(name)
            guard !name.isEmpty else { throw target.invalidArgument("dataset names must not be empty") }
            guard let fileType = elementType.numericTypes?.file else {
                throw target.invalidArgument("cannot create a dataset of element type \(elementType)")
            }
            let space = try makeSpace(shape: shape, at: target)
            defer { closeID(space, H5Sclose) }
            let p = chdf5_P_DEFAULT()
            let dataset = try target.check(id: H5Dcreate2(id, name, fileType, space, p, p, p), "cannot create the dataset")
            return try Dataset(id: dataset, filePath: filePath, path: target.object)
        }
    }

    /// Opens the existing dataset `name`; throws `io` naming the file and path if it is missing.
    public func openDataset(_ name: String) throws -> Dataset {
        try Library.call {
            let target = location.child(name)
            guard try linkExists(name) else { throw target.error("no such dataset") }
            let id = try handle.require(location)
            let dataset = try target.check(id: H5Dopen2(id, name, chdf5_P_DEFAULT()), "cannot open as a dataset")
            return try Dataset(id: dataset, filePath: filePath, path: target.object)
        }
    }
}
