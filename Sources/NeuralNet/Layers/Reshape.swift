import TensorCore

/// Reshapes each sample to `targetShape` (Keras' `Reshape`; the batch dimension is kept, one
/// dimension may be `-1` and is inferred).
public final class Reshape: Layer {
    /// The per-sample shape, possibly with one `-1`.
    public let targetShape: [Int]

    public init(_ targetShape: [Int], name: String? = nil, inputShape: [Int]? = nil) {
        self.targetShape = targetShape
        super.init(name: name, inputShape: inputShape)
    }

    /// Rebuilds a Reshape layer from its Keras config (`target_shape`).
    public convenience init(config c: ConfigReader) throws {
        let items = try c.array("target_shape")
        let shape = try items.map { item -> Int in
            guard let i = item.intValue, i >= -1, i <= ConfigReader.maximumSize else {
                throw SwiftLearnError.invalidConfig("\(c.context): key 'target_shape' must hold integers in -1...\(ConfigReader.maximumSize), received \(item.jsonText)")
            }
            return i
        }
        try self.init(shape, name: c.has("name") ? c.string("name") : nil, inputShape: c.declaredInputShape())
        isTrainable = try c.bool("trainable", default: true)
    }

    public override func build(inputShape: [Int?]) throws {
        _ = try outputShape(forInputShape: inputShape)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard input.rank >= 1 else { throw SwiftLearnError.shapeMismatch("Reshape '\(name)': input needs a batch dimension") }
        do {
            return try input.reshapedDifferentiably(to: [input.shape[0]] + targetShape)
        } catch let error as SwiftLearnError {
            throw SwiftLearnError.shapeMismatch("Reshape '\(name)': cannot reshape samples of shape \(formatShape(Array(input.shape.dropFirst()))) to \(formatShape(targetShape)): \(error.message)")
        }
    }

    public override func outputShape(forInputShape inputShape: [Int?]) throws -> [Int?] {
        let unknown = targetShape.filter { $0 == -1 }.count
        guard unknown <= 1, targetShape.allSatisfy({ $0 >= -1 }) else {
            throw SwiftLearnError.invalidArgument("Reshape '\(name)': target shape \(formatShape(targetShape)) may hold at most one -1 and no other negative value")
        }
        let sample = inputShape.dropFirst()
        guard sample.allSatisfy({ $0 != nil }) else { return [inputShape.first ?? nil] + targetShape.map { $0 == -1 ? nil : $0 } }
        let count = try Tensor.elementCount(of: sample.map { $0! }, context: "Reshape '\(name)'")
        let known = try Tensor.elementCount(of: targetShape.filter { $0 != -1 }, context: "Reshape '\(name)'")
        if unknown == 1 {
            guard known > 0, count % known == 0 else {
                throw SwiftLearnError.shapeMismatch("Reshape '\(name)': cannot reshape samples of \(count) values to \(formatShape(targetShape))")
            }
            return [inputShape.first ?? nil] + targetShape.map { $0 == -1 ? count / known : $0 }
        }
        guard known == count else {
            throw SwiftLearnError.shapeMismatch("Reshape '\(name)': samples of shape \(formatShape(Array(sample))) have \(count) values, target shape \(formatShape(targetShape)) needs \(known)")
        }
        return [inputShape.first ?? nil] + targetShape.map { Optional($0) }
    }

    public override var config: [(String, JSONValue)] {
        super.config + [("target_shape", .array(targetShape.map { .number(Double($0)) }))]
    }
}

extension Reshape: @unchecked Sendable {}
