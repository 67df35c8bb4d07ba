import Foundation
import TensorCore

/// Records differentiable operations while they run and plays them back in reverse
/// to compute gradients (reverse-mode automatic differentiation).
///
/// Each differentiable operation computes its value and, while a tape is recording, appends a
/// node holding its pullback: the function that maps the gradient of its output to the gradients
/// of its inputs. Pullbacks *accumulate* (`+=`), so a value used twice gets both contributions.
///
/// ```swift
/// let tape = GradientTape()
/// let loss = try tape.record { try model(x, training: true).square().mean() }
/// try tape.backward(from: loss)          // fills `variable.gradient` for every trainable variable
/// ```
///
/// A tape belongs to one task at a time (hence `@unchecked Sendable`). It is reused from step to step: its gradient buffers are kept and overwritten, so a
/// training loop does not allocate them again.
public final class GradientTape: @unchecked Sendable {
    /// The tape recording on this task, if any.
    @TaskLocal public static var current: GradientTape?

    struct Node {
        var shape: [Int]
        var pullback: ((Tensor, GradientTape) throws -> Void)?
        var variable: Variable?
        /// For a variable leaf: how many recorded operations read it.
        var consumers = 0
        /// For a variable leaf: whether its update was fused into its consumer's pullback.
        var updatedInPlace = false
    }

    /// While non-nil, ``backward(from:seed:)`` updates in place, `w += scale · gradient`, the
    /// variables that the training step allowed it to (``Variable/inPlaceUpdateGeneration`` equal to
    /// this recording's generation: exactly the optimizer's variables) and that exactly one fusable
    /// operation read, instead of storing their gradient (plain SGD sets `scale = −learningRate`).
    /// Saves a gradient buffer and a pass over each weight.
    var inPlaceUpdateScale: Float?

    /// Identifies the current recording; tensors tagged with an older generation are constants.
    public private(set) var generation: UInt32 = 0
    var nodes: [Node] = []
    /// Gradient buffers, one slot per node, kept across recordings for reuse.
    var gradientSlots: [Tensor?] = []
    /// Which slots hold a gradient in this backward pass.
    var written: [Bool] = []
    /// The results of the last recording's operations, in the order they were asked for, so the
    /// next recording (the next training step) writes into the same buffers instead of allocating.
    var resultBuffers: [Tensor?] = []
    var resultCursor = 0
    var pendingResult = -1

    public init() {}

    /// Starts a new recording and runs `body` with this tape as ``current``.
    /// Tensors from earlier recordings count as constants.
    public func record<R>(_ body: () throws -> R) rethrows -> R {
        reset()
        return try GradientTape.$current.withValue(self) { try body() }
    }

    /// Forgets the recorded operations (keeps the gradient buffers for reuse).
    public func reset() {
        generation = GenerationCounter.next()
        nodes.removeAll(keepingCapacity: true)
        resultCursor = 0
        pendingResult = -1
    }

    /// Frees the buffers kept for reuse (results and gradients of the last recording).
    public func releaseBuffers() {
        reset()
        resultBuffers = []
        gradientSlots = []
        written = []
    }

    /// A buffer for the result of the next operation: the one the same operation used in the
    /// previous recording when nothing else holds it any more, else a new one from `allocate`.
    func resultBuffer(shape: [Int], allocate: ([Int]) throws -> Tensor) rethrows -> Tensor {
        let i = resultCursor
        resultCursor += 1
        pendingResult = i
        if i < resultBuffers.count, var previous = resultBuffers[i] {
            resultBuffers[i] = nil
            if previous.isUniquelyReferenced(), previous.scalarCount == shape.reduce(1, *) {
                return Tensor(uncheckedShape: shape, storage: previous.storage)
            }
        }
        return try allocate(shape)
    }

    /// Keeps the result of the operation that asked for a buffer last, for the next recording.
    func keepForReuse(_ result: Tensor) {
        guard pendingResult >= 0 else { return }
        if resultBuffers.count <= pendingResult {
            resultBuffers.append(contentsOf: Array(repeating: nil, count: pendingResult + 1 - resultBuffers.count))
        }
        resultBuffers[pendingResult] = Tensor(uncheckedShape: result.shape, storage: result.storage)
        pendingResult = -1
    }

    /// Marks `tensor` as a value to differentiate with respect to; read its gradient
    /// with ``gradient(for:)`` after ``backward(from:seed:)``.
    public func watch(_ tensor: Tensor) -> Tensor {
        var t = tensor
        t.trace = appendNode(Node(shape: tensor.shape, pullback: nil, variable: nil))
        return t
    }

    /// Whether `tensor` was produced by an operation recorded in the current recording.
    @inline(__always)
    public func isTraced(_ tensor: Tensor) -> Bool {
        tensor.trace.generation == generation && tensor.trace.index >= 0
    }

    /// Propagates gradients from `output` (seeded with ones, or `seed`) back to every watched
    /// tensor and trainable variable. Variables receive their gradient in ``Variable/gradient``,
    /// except those updated in place while ``inPlaceUpdateScale`` is set (the training loop's plain SGD).
    public func backward(from output: Tensor, seed: Tensor? = nil) throws {
        guard isTraced(output) else {
            throw SwiftLearnError.invalidState("GradientTape.backward(from:): the output was not computed from any watched tensor or trainable variable in this recording")
        }
        if let seed, seed.shape != output.shape {
            throw SwiftLearnError.shapeMismatch("GradientTape.backward(from:seed:): seed has shape \(formatShape(seed.shape)), expected the output's \(formatShape(output.shape))")
        }
        let last = Int(output.trace.index)
        written.removeAll(keepingCapacity: true)
        written.append(contentsOf: repeatElement(false, count: nodes.count))
        if gradientSlots.count < nodes.count {
            gradientSlots.append(contentsOf: Array(repeating: nil, count: nodes.count - gradientSlots.count))
        }
        accumulate(into: output, seed ?? Tensor(uncheckedShape: output.shape, repeating: 1))
        for i in stride(from: last, through: 0, by: -1) {
            guard written[i], let pullback = nodes[i].pullback, let grad = gradientSlots[i] else { continue }
            nodes[i].pullback = nil // releases captured tensors as soon as they are used
            try pullback(grad, self)
        }
        for i in nodes.indices { nodes[i].pullback = nil }
    }

    /// The gradient accumulated for a watched tensor by the last ``backward(from:seed:)``,
    /// or `nil` if the output does not depend on it.
    public func gradient(for tensor: Tensor) -> Tensor? {
        guard isTraced(tensor) else { return nil }
        let i = Int(tensor.trace.index)
        guard i < written.count, written[i], !nodes[i].updatedInPlace else { return nil }
        if let v = nodes[i].variable { return v.gradient }
        return gradientSlots[i]
    }

    // MARK: - Recording operations

    /// Records an operation whose result is `output`, computed from `inputs`.
    /// If no input is traced (or nothing is recording) `output` is returned untouched.
    /// An operation that took its buffer from ``Tensor/resultBuffer(shape:)`` must pass it here.
    static func recordOperation(
        _ output: Tensor, inputs: [Tensor],
        pullback: @escaping (_ upstream: Tensor, _ tape: GradientTape) throws -> Void
    ) -> Tensor {
        guard let tape = current else { return output }
        tape.keepForReuse(output)
        guard inputs.contains(where: { tape.isTraced($0) }) else { return output }
        for input in inputs where tape.isTraced(input) {
            let i = Int(input.trace.index)
            if tape.nodes[i].variable != nil { tape.nodes[i].consumers += 1 }
        }
        var out = output
        out.trace = tape.appendNode(Node(shape: output.shape, pullback: pullback, variable: nil))
        return out
    }

    /// The tensor a variable reads as while this tape records: a leaf node, one per variable per recording.
    func leaf(for variable: Variable) -> Tensor {
        var t = variable.storedValue
        if variable.leafTag.generation == generation {
            t.trace = variable.leafTag
        } else {
            let tag = appendNode(Node(shape: t.shape, pullback: nil, variable: variable))
            variable.leafTag = tag
            t.trace = tag
        }
        return t
    }

    private func appendNode(_ node: Node) -> TraceTag {
        nodes.append(node)
        return TraceTag(generation: generation, index: Int32(nodes.count - 1))
    }

    // MARK: - Accumulating gradients (used by pullbacks)

    /// Whether a pullback needs to compute the gradient for `input` at all.
    @inline(__always)
    public func needsGradient(_ input: Tensor) -> Bool { isTraced(input) }

    /// Adds a gradient for `input`, written by `body` straight into the gradient buffer.
    /// `body` receives the buffer and `overwrite`: true when the buffer holds no gradient yet
    /// (write, e.g. GEMM with beta 0), false when it must add to what is there (beta 1).
    public func accumulate(into input: Tensor, _ body: (UnsafeMutablePointer<Float>, _ overwrite: Bool) -> Void) {
        guard isTraced(input) else { return }
        let i = Int(input.trace.index)
        let overwrite = !written[i]
        written[i] = true
        if let variable = nodes[i].variable {
            variable.withGradientBuffer(generation: generation) { body($0, $1) }
            return
        }
        // Reuse the slot's buffer from an earlier recording when it has the right size.
        var slot = gradientSlots[i] ?? Tensor(uncheckedShape: input.shape)
        gradientSlots[i] = nil // drop the tape's reference so the write below does not copy
        if slot.shape != input.shape {
            slot = slot.scalarCount == input.scalarCount
                ? Tensor(uncheckedShape: input.shape, storage: slot.storage)
                : Tensor(uncheckedShape: input.shape)
        }
        slot.withUnsafeMutableBufferPointer { body($0.baseAddress!, overwrite) }
        gradientSlots[i] = slot
    }

    /// Like ``accumulate(into:_:)`` for an operation that has read all its inputs before it calls
    /// this: `body(destination, alpha, beta)` must compute `destination = alpha · gradient + beta · destination`.
    /// When the tape updates variables in place and `input` is a variable read only by this
    /// operation, the destination is the variable's value itself (`alpha = scale`, `beta = 1`).
    public func accumulate(into input: Tensor, fusing body: (UnsafeMutablePointer<Float>, _ alpha: Float, _ beta: Float) -> Void) {
        guard isTraced(input) else { return }
        let i = Int(input.trace.index)
        if let scale = inPlaceUpdateScale, let variable = nodes[i].variable,
           variable.inPlaceUpdateGeneration == generation, nodes[i].consumers == 1, !written[i] {
            written[i] = true
            nodes[i].updatedInPlace = true
            // Contract (kept by `Model.trainStep`): the variable is in the optimizer's list, its
            // storage was made unique before recording (snapshots from `getWeights` are copies),
            // and the only other reference is this operation's own capture, done reading it.
            body(variable.storedValue.storage.base, scale, 1)
            return
        }
        accumulate(into: input) { dst, overwrite in body(dst, 1, overwrite ? 0 : 1) }
    }

    /// Adds `gradient` (same shape as `input`) to the gradient of `input`.
    public func accumulate(into input: Tensor, _ gradient: Tensor) {
        let n = gradient.scalarCount
        gradient.withUnsafeBufferPointer { g in
            accumulate(into: input) { dst, overwrite in
                if overwrite { dst.update(from: g.baseAddress!, count: n) } else { add(dst, g.baseAddress!, dst, count: n) }
            }
        }
    }
}

/// Hands out recording generations, unique across all tapes of the process.
enum GenerationCounter {
    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        var value: UInt32 = 0
    }
    private static let box = Box()

    static func next() -> UInt32 {
        box.lock.lock(); defer { box.lock.unlock() }
        box.value &+= 1
        if box.value == 0 { box.value = 1 }
        return box.value
    }
}

extension Tensor {
    /// A buffer for an operation's result. While a tape records, it is the buffer the same
    /// operation used in the previous recording (if free), so training steps do not allocate;
    /// the operation must then hand the result to `GradientTape.recordOperation`.
    /// Throws when `shape` is too large to allocate (a new shape: a product, a broadcast).
    static func resultBuffer(shape: [Int]) throws -> Tensor {
        let allocate = { (s: [Int]) throws -> Tensor in try Tensor(uninitializedShape: s) }
        if let tape = GradientTape.current { return try tape.resultBuffer(shape: shape, allocate: allocate) }
        return try allocate(shape)
    }

    /// Like ``resultBuffer(shape:)`` for a result of the same size as an existing input (so its
    /// allocation can only fail when the process is out of memory altogether).
    static func resultBuffer(sameShapeAs input: Tensor) -> Tensor {
        let allocate = { (s: [Int]) -> Tensor in Tensor(uncheckedShape: s) }
        if let tape = GradientTape.current { return tape.resultBuffer(shape: input.shape, allocate: allocate) }
        return allocate(input.shape)
    }

    /// `f(self)` elementwise into a result buffer (for forward operations that record themselves).
    func mappedResult(_ simd: (SIMD16<Float>) -> SIMD16<Float>, _ scalar: (Float) -> Float) -> Tensor {
        var out = Tensor.resultBuffer(sameShapeAs: self)
        out.withUnsafeMutableBufferPointer { o in vectorMap(storage.base, o.baseAddress!, count: o.count, simd, scalar) }
        return out
    }
}
