import TensorCore

/// An activation function, named as in Keras.
///
/// `step` is the Heaviside function of the perceptron: it has no useful derivative, so it can
/// predict but not be trained through (training throws ``SwiftLearnError/notDifferentiable(_:)``).
public enum Activation: Equatable, Sendable {
    case linear
    case step
    case sigmoid
    case tanh
    case relu
    case softplus
    case softmax
    case elu(alpha: Float)
    case selu
    case leakyRelu(negativeSlope: Float)
    case gelu(approximate: Bool)
    case swish

    /// ELU with Keras' default alpha 1.
    public static let elu = Activation.elu(alpha: 1)
    /// Leaky ReLU with Keras' default negative slope 0.2.
    public static let leakyRelu = Activation.leakyRelu(negativeSlope: 0.2)
    /// Exact GELU (Keras' default).
    public static let gelu = Activation.gelu(approximate: false)

    /// Every name ``init(named:)`` accepts.
    public static let knownNames = ["linear", "step", "sigmoid", "tanh", "relu", "softplus", "softmax",
                                    "elu", "selu", "leaky_relu", "gelu", "swish", "silu"]

    /// The activation called `name` in Keras (`"relu"`, `"leaky_relu"`...).
    public init(named name: String) throws {
        switch name {
        case "linear", "identity": self = .linear
        case "step", "heaviside": self = .step
        case "sigmoid": self = .sigmoid
        case "tanh": self = .tanh
        case "relu": self = .relu
        case "softplus": self = .softplus
        case "softmax": self = .softmax
        case "elu": self = .elu
        case "selu": self = .selu
        case "leaky_relu": self = .leakyRelu
        case "gelu": self = .gelu
        case "swish", "silu": self = .swish
        default:
            throw SwiftLearnError.unknownName("activation '\(name)'; expected one of \(Activation.knownNames.joined(separator: ", "))")
        }
    }

    /// The Keras name (written to configs).
    public var name: String {
        switch self {
        case .linear: return "linear"
        case .step: return "step"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .relu: return "relu"
        case .softplus: return "softplus"
        case .softmax: return "softmax"
        case .elu: return "elu"
        case .selu: return "selu"
        case .leakyRelu: return "leaky_relu"
        case .gelu: return "gelu"
        case .swish: return "swish"
        }
    }

    /// Applies the activation (differentiable except `step`).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        switch self {
        case .linear: return x
        case .step:
            if let tape = GradientTape.current, tape.isTraced(x) {
                throw SwiftLearnError.notDifferentiable("the step activation has a zero gradient everywhere, so it cannot be trained by backpropagation; use sigmoid or tanh for a trainable layer, or the perceptron learning rule")
            }
            return x.mapped({ SIMD16<Float>(repeating: 1).replacing(with: 0, where: $0 .< 0) }, { $0 >= 0 ? 1 : 0 })
        case .sigmoid: return x.sigmoid()
        case .tanh: return x.tanh()
        case .relu: return x.relu()
        case .softplus: return x.softplus()
        case .softmax: return try x.softmax()
        case .elu(let alpha): return x.elu(alpha: alpha)
        case .selu: return x.selu()
        case .leakyRelu(let slope): return x.leakyRelu(negativeSlope: slope)
        case .gelu(let approximate): return x.gelu(approximate: approximate)
        case .swish: return x.swish()
        }
    }
}
