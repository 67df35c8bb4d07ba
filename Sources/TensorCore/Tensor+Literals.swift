/// Building tensors from Swift literals and nested arrays.
///
/// ```swift
/// let m: Tensor = [[1, 2], [3, 4]]        // shape (2, 2)
/// let v: Tensor = [1, 2.5, 3]             // shape (3,)
/// let cube: Tensor = [[[1], [2]], [[3], [4]]]  // shape (2, 2, 1)
/// let s = Tensor(3)                       // shape (), a scalar
/// let x = try Tensor(rowsFromFile)        // [[Float]] known only at run time: throws when ragged
/// ```
///
/// `Tensor` is deliberately *not* `ExpressibleByIntegerLiteral` or `ExpressibleByFloatLiteral`:
/// that would let `x * 2` pick the throwing `Tensor * Tensor` operator instead of `Tensor * Float`,
/// so a bare number stays a `Float`. Rank-0 tensors come from `Tensor(_ value: Float)`.

extension Tensor: ExpressibleByArrayLiteral {
    /// One element of a tensor literal: a number, or a nested array literal of them.
    ///
    /// You never name this type: it is what the compiler builds from the elements of
    /// `let t: Tensor = [[1, 2], [3, 4]]`.
    public struct Literal: ExpressibleByArrayLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, Sendable {
        /// The shape of this element (`[]` for a number).
        public let shape: [Int]
        /// Its scalars in row-major order.
        public let scalars: [Float]

        public init(integerLiteral value: Int) {
            shape = []
            scalars = [Float(value)]
        }

        public init(floatLiteral value: Float) {
            shape = []
            scalars = [value]
        }

        /// Stacks equally shaped elements; a ragged literal stops the program (see ``Tensor/init(arrayLiteral:)``).
        public init(arrayLiteral elements: Literal...) {
            (shape, scalars) = Literal.stack(elements)
        }

        /// The shape `[count] + element shape` and the concatenated scalars of `elements`.
        static func stack(_ elements: [Literal]) -> (shape: [Int], scalars: [Float]) {
            guard let first = elements.first else { return ([0], []) }
            var scalars: [Float] = []
            scalars.reserveCapacity(elements.count * first.scalars.count)
            for (i, e) in elements.enumerated() {
                if e.shape != first.shape {
                    raggedLiteral(index: i, shape: e.shape, expected: first.shape)
                }
                scalars += e.scalars
            }
            return ([elements.count] + first.shape, scalars)
        }
    }

    /// A tensor from a nested array literal of numbers: `[[1, 2], [3, 4]]` has shape `(2, 2)`,
    /// `[]` has shape `(0,)`, `[[], []]` has shape `(2, 0)`.
    ///
    /// A ragged literal such as `[[1, 2], [3]]` is a mistake in the source code, not in data, so
    /// it stops the program with a message naming the offending element, the way Swift treats a
    /// dictionary literal with duplicate keys; data known only at run time goes through the
    /// throwing `Tensor(_ nested: [[Float]])` and `Tensor(_ nested: [[[Float]]])` instead.
    public init(arrayLiteral elements: Literal...) {
        let (shape, scalars) = Literal.stack(elements)
        // The dimensions count elements of a literal, so their product is `scalars.count`.
        self.init(uncheckedShape: shape)
        scalars.withUnsafeBufferPointer { if let p = $0.baseAddress { storage.base.initialize(from: p, count: $0.count) } }
    }

    /// A rank-2 tensor from nested arrays known at run time; throws when the rows differ in
    /// length, naming the first offending row. `[]` gives shape `(0, 0)`.
    @_disfavoredOverload
    public init(_ nested: [[Float]]) throws {
        var scalars: [Float] = []
        let inner = try Tensor.flatten(nested, into: &scalars, path: "") { row, out, _ in
            out += row
            return [row.count]
        }
        try self.init(shape: [nested.count] + (inner ?? [0]), scalars: scalars)
    }

    /// A rank-3 tensor from nested arrays known at run time; throws when they are ragged at any
    /// depth, naming the first offending element. `[]` gives shape `(0, 0, 0)`.
    @_disfavoredOverload
    public init(_ nested: [[[Float]]]) throws {
        var scalars: [Float] = []
        let inner = try Tensor.flatten(nested, into: &scalars, path: "") { matrix, out, path in
            let rows = try Tensor.flatten(matrix, into: &out, path: path) { row, out, _ in
                out += row
                return [row.count]
            }
            return [matrix.count] + (rows ?? [0])
        }
        try self.init(shape: [nested.count] + (inner ?? [0, 0]), scalars: scalars)
    }

    /// Appends the scalars of each element of `nested` to `out` with `body`, which returns each
    /// element's shape; throws unless every element has the shape of the first.
    /// Returns the common shape, or nil when `nested` is empty.
    private static func flatten<Element>(
        _ nested: [Element], into out: inout [Float], path: String,
        _ body: (Element, inout [Float], String) throws -> [Int]
    ) throws -> [Int]? {
        var common: [Int]?
        for (i, element) in nested.enumerated() {
            let shape = try body(element, &out, path + "[\(i)]")
            if let expected = common, shape != expected {
                throw SwiftLearnError.shapeMismatch("Tensor(_:): element \(path)[\(i)] has shape \(formatShape(shape)), expected \(formatShape(expected)) like element \(path)[0]; nested arrays must be rectangular")
            }
            common = common ?? shape
        }
        return common
    }
}

/// Stops the program for a ragged tensor literal (a programming error, see ``Tensor/init(arrayLiteral:)``).
private func raggedLiteral(index: Int, shape: [Int], expected: [Int]) -> Never {
    fatalError("Tensor literal is ragged: element \(index) has shape \(formatShape(shape)) but element 0 has shape \(formatShape(expected)); every element of a tensor literal must have the same shape (use the throwing Tensor(_:) for run-time data)")
}
