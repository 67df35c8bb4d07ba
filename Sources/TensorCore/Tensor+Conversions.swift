/// Conversions between tensors and Swift arrays: class labels, rows, scalars.

extension Tensor {
    /// The largest class index a label tensor holds exactly: Float32 represents every integer
    /// below 2^24 = 16,777,216 and no longer every one above.
    public static let maximumLabel = (1 << 24) - 1

    /// A rank-1 tensor of class indices stored as Float (the form of Keras' sparse labels).
    ///
    /// Throws for a negative label or one above ``maximumLabel``, naming its position.
    public init(labels: [Int]) throws {
        if let i = labels.firstIndex(where: { $0 < 0 || $0 > Tensor.maximumLabel }) {
            throw SwiftLearnError.invalidArgument("Tensor(labels:): label \(labels[i]) at index \(i) is not a class index: labels must lie in 0...\(Tensor.maximumLabel) (2^24 - 1, the largest integer Float32 holds exactly)")
        }
        self.init(labels.map { Float($0) })
    }
}

extension Array where Element == Int {
    /// The class indices of a label tensor (for example one made by ``Tensor/init(labels:)`` or
    /// ``Tensor/argmax()``), in row-major order whatever its rank.
    ///
    /// Throws when an element is not an integer in `0...Tensor.maximumLabel` (a fraction,
    /// a negative number, NaN or infinity), naming its position and value.
    public init(labels tensor: Tensor) throws {
        self = []
        reserveCapacity(tensor.scalarCount)
        let limit = Float(Tensor.maximumLabel)
        for (i, v) in tensor.scalars.enumerated() {
            guard v >= 0, v <= limit, v.rounded(.towardZero) == v else {
                throw SwiftLearnError.invalidArgument("[Int](labels:): element \(i) of the tensor of shape \(formatShape(tensor.shape)) is \(v), not a class index (an integer in 0...\(Tensor.maximumLabel))")
            }
            append(Int(v))
        }
    }
}

extension Array where Element == [Float] {
    /// The rows of a rank-2 tensor; throws for any other rank.
    public init(_ tensor: Tensor) throws {
        guard tensor.rank == 2 else {
            throw SwiftLearnError.shapeMismatch("[[Float]](_:): expected a rank-2 tensor, received shape \(formatShape(tensor.shape))")
        }
        let rows = tensor.shape[0], columns = tensor.shape[1]
        let base = tensor.storage.base
        var result: [[Float]] = []
        result.reserveCapacity(rows)
        for r in 0..<rows {
            result.append([Float](UnsafeBufferPointer(start: base + r * columns, count: columns)))
        }
        self = result
    }
}

extension Array where Element == Float {
    /// The elements of a tensor of any rank in row-major order (the same as ``Tensor/scalars``).
    public init(_ tensor: Tensor) {
        self = tensor.scalars
    }
}
