import TensorCore

/// The base of layers that join several inputs into one (Keras' merge layers): `Concatenate`,
/// `Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum`. Call one on an array:
/// `Concatenate()([wide, deep])`, with tensors or with symbolic tensors of a functional model.
open class Merge: Layer {
    /// Joins the inputs (subclasses implement it).
    open func merge(_ inputs: [Tensor]) throws -> Tensor {
        throw SwiftLearnError.invalidState("merge layer '\(name)' (\(className)) does not implement merge(_:)")
    }

    /// The joined shape for input shapes (batch dimension first); by default all must be equal.
    open func mergedShape(_ shapes: [[Int?]]) throws -> [Int?] {
        guard let first = shapes.first, shapes.allSatisfy({ $0 == first }) else {
            throw SwiftLearnError.shapeMismatch("\(className) '\(name)': inputs must have equal shapes, received \(shapes.map(formatShape).joined(separator: ", "))")
        }
        return first
    }

    /// How many inputs the layer takes: at least 2 (Subtract: exactly 2).
    open var inputCountRange: ClosedRange<Int> { 2...Int.max }

    func checkCount(_ n: Int) throws {
        guard inputCountRange.contains(n) else {
            throw SwiftLearnError.invalidArgument("\(className) '\(name)': expected \(inputCountRange.upperBound == Int.max ? "at least \(inputCountRange.lowerBound)" : "\(inputCountRange.lowerBound)") inputs, received \(n)")
        }
    }

    /// Joins `inputs` (building the layer on first use).
    public func callAsFunction(_ inputs: [Tensor], training: Bool = false) throws -> Tensor {
        try checkCount(inputs.count)
        if !isBuilt {
            isBuilt = true
            builtInputShape = nil
        }
        return try merge(inputs)
    }

    /// A merge layer joins an array; called on one tensor it is an error.
    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        throw SwiftLearnError.invalidArgument("\(className) '\(name)': call it on an array of inputs, e.g. \(className)()([a, b])")
    }
}

/// Joins inputs along `axis` (Keras' `Concatenate`, default the last axis).
public final class Concatenate: Merge {
    public let axis: Int
    public init(axis: Int = -1, name: String? = nil) {
        self.axis = axis
        super.init(name: name)
    }
    public convenience init(config c: ConfigReader) throws {
        try self.init(axis: c.int("axis", default: -1), name: c.has("name") ? c.string("name") : nil)
        isTrainable = try c.bool("trainable", default: true)
    }
    public override var inputCountRange: ClosedRange<Int> { 1...Int.max }
    public override func merge(_ inputs: [Tensor]) throws -> Tensor { try Tensor.concatenate(inputs, axis: axis) }
    public override func mergedShape(_ shapes: [[Int?]]) throws -> [Int?] {
        guard let first = shapes.first else { throw SwiftLearnError.invalidArgument("Concatenate '\(name)': no inputs") }
        let a = axis < 0 ? axis + first.count : axis
        guard (0..<first.count).contains(a), shapes.allSatisfy({ $0.count == first.count }) else {
            throw SwiftLearnError.shapeMismatch("Concatenate '\(name)': axis \(axis) does not fit shapes \(shapes.map(formatShape).joined(separator: ", "))")
        }
        for s in shapes where s.enumerated().contains(where: { i, d in i != a && i != 0 && d != first[i] }) {
            throw SwiftLearnError.shapeMismatch("Concatenate '\(name)': shapes \(shapes.map(formatShape).joined(separator: ", ")) differ outside axis \(axis)")
        }
        var out = first
        out[a] = shapes.allSatisfy({ $0[a] != nil }) ? shapes.reduce(0) { $0 + $1[a]! } : nil
        return out
    }
    public override var config: [(String, JSONValue)] { super.config + [("axis", .number(Double(axis)))] }
}

/// Elementwise sum of the inputs (Keras' `Add`).
public final class Add: Merge {
    public override func merge(_ inputs: [Tensor]) throws -> Tensor { try inputs.dropFirst().reduce(inputs[0]) { try $0 + $1 } }
}

/// The first input minus the second (Keras' `Subtract`).
public final class Subtract: Merge {
    public override var inputCountRange: ClosedRange<Int> { 2...2 }
    public override func merge(_ inputs: [Tensor]) throws -> Tensor { try inputs[0] - inputs[1] }
}

/// Elementwise product of the inputs (Keras' `Multiply`).
public final class Multiply: Merge {
    public override func merge(_ inputs: [Tensor]) throws -> Tensor { try inputs.dropFirst().reduce(inputs[0]) { try $0 * $1 } }
}

/// Elementwise mean of the inputs (Keras' `Average`).
public final class Average: Merge {
    public override func merge(_ inputs: [Tensor]) throws -> Tensor {
        try inputs.dropFirst().reduce(inputs[0]) { try $0 + $1 } * (1 / Float(inputs.count))
    }
}

/// Elementwise maximum of the inputs (Keras' `Maximum`).
public final class Maximum: Merge {
    public override func merge(_ inputs: [Tensor]) throws -> Tensor { try inputs.dropFirst().reduce(inputs[0]) { try Tensor.maximum($0, $1) } }
}

/// Elementwise minimum of the inputs (Keras' `Minimum`).
public final class Minimum: Merge {
    public override func merge(_ inputs: [Tensor]) throws -> Tensor { try inputs.dropFirst().reduce(inputs[0]) { try Tensor.minimum($0, $1) } }
}

extension Concatenate: @unchecked Sendable {}
extension Add: @unchecked Sendable {}
extension Subtract: @unchecked Sendable {}
extension Multiply: @unchecked Sendable {}
extension Average: @unchecked Sendable {}
extension Maximum: @unchecked Sendable {}
extension Minimum: @unchecked Sendable {}
