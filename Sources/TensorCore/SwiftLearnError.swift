/// The one error type SwiftLearn throws for bad input.
///
/// Every message names what was wrong and where: the argument or layer, the expected value
/// and the received value, e.g. `fit(x:y:): x has 100 samples but y has 90`.
public enum SwiftLearnError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An argument has a value outside its domain (a negative learning rate, units=0...).
    case invalidArgument(String)
    /// Two shapes do not fit together, or a tensor has the wrong shape.
    case shapeMismatch(String)
    /// A name (loss, metric, optimizer, activation, layer) is not known.
    case unknownName(String)
    /// An operation needs state that does not exist yet (predict before build, fit before compile).
    case invalidState(String)
    /// An operation cannot be differentiated (training through a step function).
    case notDifferentiable(String)
    /// Reading or writing a file failed.
    case io(String)
    /// A configuration (a layer's or model's JSON config) is malformed: a key is missing or has a bad value.
    case invalidConfig(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m): return "invalid argument: \(m)"
        case .shapeMismatch(let m): return "shape mismatch: \(m)"
        case .unknownName(let m): return "unknown name: \(m)"
        case .invalidState(let m): return "invalid state: \(m)"
        case .notDifferentiable(let m): return "not differentiable: \(m)"
        case .io(let m): return "I/O error: \(m)"
        case .invalidConfig(let m): return "invalid config: \(m)"
        }
    }

    /// The same kind of error with another message (to add where an error happened).
    public func withMessage(_ message: String) -> SwiftLearnError {
        switch self {
        case .invalidArgument: return .invalidArgument(message)
        case .shapeMismatch: return .shapeMismatch(message)
        case .unknownName: return .unknownName(message)
        case .invalidState: return .invalidState(message)
        case .notDifferentiable: return .notDifferentiable(message)
        case .io: return .io(message)
        case .invalidConfig: return .invalidConfig(message)
        }
    }

    /// The same error with `context: ` before its message.
    public func prefixed(_ context: String) -> SwiftLearnError {
        withMessage("\(context): \(message)")
    }

    /// The message without its category prefix.
    public var message: String {
        switch self {
        case .invalidArgument(let m), .shapeMismatch(let m), .unknownName(let m),
             .invalidState(let m), .notDifferentiable(let m), .io(let m), .invalidConfig(let m):
            return m
        }
    }
}

/// Formats a shape the way Keras prints it: `(None, 28, 28)` or `(32, 784)`.
public func formatShape(_ shape: [Int?]) -> String {
    let parts = shape.map { $0.map(String.init) ?? "None" }
    return "(" + parts.joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
}

/// Formats a concrete shape the way Keras prints it.
public func formatShape(_ shape: [Int]) -> String {
    formatShape(shape.map { Optional($0) })
}
