import Synchronization
import TensorCore

/// A named, mutable tensor owned by a layer: a kernel, a bias, a moving statistic.
///
/// Reading ``value`` while a ``GradientTape`` records makes the variable a leaf of the
/// recording (if ``isTrainable``); after `backward` its gradient is in ``gradient``.
///
/// Trainability has one source of truth, the owning layer: a variable created trainable follows
/// its layer's ``Layer/isTrainable`` (and so its enclosing models'); one created non-trainable
/// (a moving mean) never trains.
public final class Variable {
    /// The name within its layer, e.g. `kernel` or `bias`.
    public let name: String
    /// The layer-qualified path, e.g. `dense/kernel` (set when a layer adds it). Optimizer state
    /// is reported by this path.
    public internal(set) var path: String
    /// A process-unique number that is never reused (unlike an object address), for state kept elsewhere.
    public let id: UInt64
    /// Whether the variable was created trainable (a kernel) or not (a moving statistic).
    public let isTrainableByDefinition: Bool
    /// Whether the variable trains now: created trainable and its layer not frozen.
    /// Set through the owning layer's ``Layer/isTrainable``.
    public internal(set) var isTrainable: Bool
    var storedValue: Tensor
    /// The tape generation in which the training step allows the tape to update this variable
    /// in place (it is in the optimizer's list); see ``GradientTape/accumulate(into:fusing:)``.
    var inPlaceUpdateGeneration: UInt32 = 0
    /// The gradient of the last backward pass (same shape as the value); `nil` before any.
    public internal(set) var gradient: Tensor?
    var leafTag: TraceTag = .none
    var gradientGeneration: UInt32 = 0

    /// Creates a variable holding `value`.
    public init(_ value: Tensor, name: String, trainable: Bool = true) {
        var v = value
        v.trace = .none
        self.storedValue = v
        self.name = name
        self.path = name
        self.id = VariableIDs.next()
        self.isTrainableByDefinition = trainable
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
        // A private copy: the caller's tensor never changes when training updates this variable.
        storedValue = Tensor(uncheckedShape: newValue.shape, storage: newValue.storage.copy())
    }

    /// A copy of the value that later updates never change (Keras' `variable.numpy()`).
    public func snapshot() -> Tensor {
        Tensor(uncheckedShape: storedValue.shape, storage: storedValue.storage.copy())
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

/// Hands out ``Variable/id`` values.
enum VariableIDs {
    private static let counter = Atomic<UInt64>(0)
    static func next() -> UInt64 { counter.add(1, ordering: .relaxed).newValue }
}

extension Variable: CustomStringConvertible {
    public var description: String { "Variable('\(path)', shape=\(formatShape(shape)), trainable=\(isTrainable))" }
}
