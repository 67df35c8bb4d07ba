import TensorCore

/// A named, mutable tensor owned by a layer: a kernel, a bias, an optimizer slot.
///
/// Reading ``value`` while a ``GradientTape`` records makes the variable a leaf of the
/// recording (if ``isTrainable``); after `backward` its gradient is in ``gradient``.
public final class Variable {
    /// The name within its layer, e.g. `kernel` or `bias`.
    public let name: String
    /// The layer-qualified path, e.g. `dense/kernel` (set when a layer adds it).
    public internal(set) var path: String
    /// Whether optimizers update this variable.
    public var isTrainable: Bool
    var storedValue: Tensor
    /// The gradient of the last backward pass (same shape as the value); `nil` before any.
    public internal(set) var gradient: Tensor?
    var leafTag: TraceTag = .none
    var gradientGeneration: UInt32 = 0

    /// Creates a variable holding `value`.
    public init(_ value: Tensor, name: String, trainable: Bool = true) {
        self.storedValue = value
        self.name = name
        self.path = name
        self.isTrainable = trainable
    }

    /// The current value; traced by the recording tape when the variable is trainable.
    public var value: Tensor {
        if isTrainable, let tape = GradientTape.current { return tape.leaf(for: self) }
        return storedValue
    }

    /// The shape of the value.
    public var shape: [Int] { storedValue.shape }

    /// Replaces the value; throws when the shape differs.
    public func assign(_ newValue: Tensor) throws {
        guard newValue.shape == storedValue.shape else {
            throw SwiftLearnError.shapeMismatch("Variable '\(path)': cannot assign a value of shape \(formatShape(newValue.shape)), expected \(formatShape(storedValue.shape))")
        }
        var v = newValue
        v.trace = .none
        storedValue = v
    }

    /// Gives the value its own storage (copying once if a caller still holds the old value), so
    /// that the tape may then update it in place.
    func makeValueUnique() { storedValue.makeUnique() }

    /// Updates the value in place (copying first only if a caller still holds the old value).
    public func update(_ body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        try storedValue.withUnsafeMutableBufferPointer(body)
    }

    /// Runs `body` on the gradient buffer of recording `generation`; `overwrite` is true for its first write.
    func withGradientBuffer(generation: UInt32, _ body: (UnsafeMutablePointer<Float>, Bool) -> Void) {
        let overwrite = gradientGeneration != generation
        gradientGeneration = generation
        var g = gradient ?? Tensor(uncheckedShape: storedValue.shape)
        gradient = nil
        if g.shape != storedValue.shape { g = Tensor(uncheckedShape: storedValue.shape) }
        g.withUnsafeMutableBufferPointer { body($0.baseAddress!, overwrite) }
        gradient = g
    }

    /// Whether `gradient` belongs to the recording `generation`.
    func hasGradient(from generation: UInt32) -> Bool { gradientGeneration == generation && gradient != nil }
}

extension Variable: CustomStringConvertible {
    public var description: String { "Variable('\(path)', shape=\(formatShape(shape)), trainable=\(isTrainable))" }
}
