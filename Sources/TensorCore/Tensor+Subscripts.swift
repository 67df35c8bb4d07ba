/// Element, row and row-range access.
///
/// The subscripts follow Swift's `Array`: an index out of range is a programming error and
/// stops the program with a message naming the index and the shape (in release builds too).
/// Indices are never negative (no NumPy-style counting from the end). For indices that come
/// from data at run time use the throwing accessors ``Tensor/element(at:)``,
/// ``Tensor/setElement(_:at:)``, ``Tensor/row(_:)`` and ``Tensor/rows(_:)``, which report the
/// same mistakes as a ``SwiftLearnError``.
extension Tensor {
    /// The element at `indices`, one index per dimension: `t[1, 0]`; `t[]` for a scalar.
    ///
    /// Stops the program when the number of indices differs from ``rank`` or one is out of range.
    /// On a rank-1 tensor `t[i]` means the row subscript (a rank-0 tensor) unless the context
    /// asks for a `Float`: `let x: Float = t[i]`.
    public subscript(_ indices: Int...) -> Float {
        get {
            let offset = checkedOffset(indices)
            return storage.base[offset]
        }
        set {
            let offset = checkedOffset(indices)
            makeUnique()
            storage.base[offset] = newValue
        }
    }

    /// Row `index` of the first dimension as a tensor of rank one lower (copied); setting it
    /// copies a tensor of the row's shape in. Stops the program when `index` is out of range,
    /// the tensor is a scalar, or a new row has the wrong shape.
    public subscript(_ index: Int) -> Tensor {
        get {
            guard rank >= 1, index >= 0, index < shape[0] else { indexFailure("row \(index)") }
            return rowsUnchecked(index..<(index + 1), shape: Array(shape.dropFirst()))
        }
        set {
            guard rank >= 1, index >= 0, index < shape[0] else { indexFailure("row \(index)") }
            let rowShape = Array(shape.dropFirst())
            guard newValue.shape == rowShape else {
                fatalError("Tensor subscript: cannot store a tensor of shape \(formatShape(newValue.shape)) into row \(index) of a tensor of shape \(formatShape(shape)); a row has shape \(formatShape(rowShape))")
            }
            let rowSize = newValue.scalarCount
            makeUnique()
            (storage.base + index * rowSize).update(from: newValue.storage.base, count: rowSize)
        }
    }

    /// Rows `range` of the first dimension (copied): `t[2..<5]`, `t[2...]`, `t[..<3]`.
    /// Stops the program when the range reaches outside `0..<shape[0]` or the tensor is a scalar.
    public subscript<R: RangeExpression>(_ range: R) -> Tensor where R.Bound == Int {
        guard rank >= 1 else { indexFailure("rows \(range)") }
        let rows = range.relative(to: 0..<shape[0])
        guard rows.lowerBound >= 0, rows.upperBound <= shape[0] else { indexFailure("rows \(rows)") }
        return rowsUnchecked(rows, shape: [rows.count] + shape.dropFirst())
    }

    /// The element at `indices` (one per dimension); throws when their number differs from
    /// ``rank`` or one is out of range.
    public func element(at indices: [Int]) throws -> Float {
        storage.base[try offset(of: indices, context: "element(at:)")]
    }

    /// Sets the element at `indices` (one per dimension); throws when their number differs
    /// from ``rank`` or one is out of range.
    public mutating func setElement(_ value: Float, at indices: [Int]) throws {
        let offset = try offset(of: indices, context: "setElement(_:at:)")
        makeUnique()
        storage.base[offset] = value
    }

    /// Row `index` of the first dimension as a tensor of rank one lower (copied); throws when
    /// the index is out of range or the tensor is a scalar.
    public func row(_ index: Int) throws -> Tensor {
        guard rank >= 1, index >= 0, index < shape[0] else {
            throw SwiftLearnError.invalidArgument("row(_:): index \(index) is outside 0..<\(shape.first ?? 0) of shape \(formatShape(shape))")
        }
        return rowsUnchecked(index..<(index + 1), shape: Array(shape.dropFirst()))
    }

    /// The row-major offset of `indices`, or a thrown error naming the bad index.
    private func offset(of indices: [Int], context: String) throws -> Int {
        guard indices.count == rank else {
            throw SwiftLearnError.invalidArgument("\(context): \(indices.count) indices \(indices) for a tensor of rank \(rank), shape \(formatShape(shape)); give one index per dimension")
        }
        var offset = 0
        for (axis, (i, n)) in zip(indices, shape).enumerated() {
            guard i >= 0, i < n else {
                throw SwiftLearnError.invalidArgument("\(context): index \(i) on axis \(axis) is outside 0..<\(n) of shape \(formatShape(shape))")
            }
            offset = offset * n + i
        }
        return offset
    }

    /// The row-major offset of `indices`; stops the program when they do not fit the shape.
    private func checkedOffset(_ indices: [Int]) -> Int {
        guard indices.count == rank else {
            fatalError("Tensor subscript: \(indices.count) indices \(indices) for a tensor of rank \(rank), shape \(formatShape(shape)); give one index per dimension")
        }
        var offset = 0
        for axis in 0..<rank {
            let i = indices[axis], n = shape[axis]
            guard i >= 0, i < n else {
                fatalError("Tensor subscript: index \(i) on axis \(axis) is outside 0..<\(n) of shape \(formatShape(shape))")
            }
            offset = offset &* n &+ i
        }
        return offset
    }

    /// Stops the program for an out-of-range row subscript.
    private func indexFailure(_ what: String) -> Never {
        fatalError(rank == 0
            ? "Tensor subscript: \(what) of a scalar (rank-0) tensor; a scalar has no rows"
            : "Tensor subscript: \(what) is outside 0..<\(shape[0]) of shape \(formatShape(shape))")
    }

    /// A copy of rows `range` (within bounds) under `shape`.
    private func rowsUnchecked(_ range: Range<Int>, shape: [Int]) -> Tensor {
        let rowSize = self.shape.dropFirst().reduce(1, *)
        let out = Tensor(uncheckedShape: shape)
        out.storage.base.update(from: storage.base + range.lowerBound * rowSize, count: range.count * rowSize)
        return out
    }
}
