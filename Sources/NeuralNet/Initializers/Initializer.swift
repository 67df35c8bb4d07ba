import TensorCore

/// How a layer fills a new weight, with Keras 3's formulas.
///
/// The variance-scaling family uses `fan_in = shape[0]`, `fan_out = shape[1]` for a 2-D kernel;
/// its normal variants draw from a normal truncated at two standard deviations, rescaled by
/// 0.87962566103423978 as Keras does. A `nil` seed draws one from ``GlobalRandom``.
public enum Initializer: Equatable, Sendable {
    case glorotUniform(seed: UInt64? = nil)
    case glorotNormal(seed: UInt64? = nil)
    case heNormal(seed: UInt64? = nil)
    case heUniform(seed: UInt64? = nil)
    case lecunNormal(seed: UInt64? = nil)
    case lecunUniform(seed: UInt64? = nil)
    case zeros
    case ones
    case constant(Float)
    case randomNormal(mean: Float = 0, standardDeviation: Float = 0.05, seed: UInt64? = nil)
    case randomUniform(minimum: Float = -0.05, maximum: Float = 0.05, seed: UInt64? = nil)

    public static let glorotUniform = Initializer.glorotUniform()
    public static let glorotNormal = Initializer.glorotNormal()
    public static let heNormal = Initializer.heNormal()
    public static let heUniform = Initializer.heUniform()
    public static let lecunNormal = Initializer.lecunNormal()
    public static let lecunUniform = Initializer.lecunUniform()
    public static let randomNormal = Initializer.randomNormal()
    public static let randomUniform = Initializer.randomUniform()

    /// The initializer called `name` in Keras (`"glorot_uniform"`, `"he_normal"`...).
    public init(named name: String) throws {
        switch name {
        case "glorot_uniform": self = .glorotUniform
        case "glorot_normal": self = .glorotNormal
        case "he_normal": self = .heNormal
        case "he_uniform": self = .heUniform
        case "lecun_normal": self = .lecunNormal
        case "lecun_uniform": self = .lecunUniform
        case "zeros": self = .zeros
        case "ones": self = .ones
        case "random_normal": self = .randomNormal
        case "random_uniform": self = .randomUniform
        default:
            throw SwiftLearnError.unknownName("initializer '\(name)'; expected one of glorot_uniform, glorot_normal, he_normal, he_uniform, lecun_normal, lecun_uniform, zeros, ones, random_normal, random_uniform")
        }
    }

    /// An initializer from its Keras form: a name (`"he_normal"`) or
    /// `{"class_name": "HeNormal", "config": {"seed": ...}}`.
    public init(config json: JSONValue) throws {
        if let name = json.stringValue {
            self = try Initializer(named: Initializer.snakeNames[name] ?? name)
            return
        }
        let c = try ConfigReader(json, context: "initializer")
        let className = try c.string("class_name")
        let inner = try ConfigReader(json["config"] ?? .object([]), context: "\(className) config")
        let seed: UInt64? = try inner.has("seed") ? UInt64(exactly: inner.int("seed")) : nil
        switch className {
        case "GlorotUniform": self = .glorotUniform(seed: seed)
        case "GlorotNormal": self = .glorotNormal(seed: seed)
        case "HeNormal": self = .heNormal(seed: seed)
        case "HeUniform": self = .heUniform(seed: seed)
        case "LecunNormal": self = .lecunNormal(seed: seed)
        case "LecunUniform": self = .lecunUniform(seed: seed)
        case "Zeros": self = .zeros
        case "Ones": self = .ones
        case "Constant": self = .constant(try inner.float("value", default: 0))
        case "RandomNormal":
            self = .randomNormal(mean: try inner.float("mean", default: 0), standardDeviation: try inner.float("stddev", default: 0.05), seed: seed)
        case "RandomUniform":
            self = .randomUniform(minimum: try inner.float("minval", default: -0.05), maximum: try inner.float("maxval", default: 0.05), seed: seed)
        default:
            throw SwiftLearnError.unknownName("initializer class '\(className)'; expected one of GlorotUniform, GlorotNormal, HeNormal, HeUniform, LecunNormal, LecunUniform, Zeros, Ones, Constant, RandomNormal, RandomUniform")
        }
    }

    /// Keras class names accepted where a snake_case name is expected.
    static let snakeNames = ["GlorotUniform": "glorot_uniform", "GlorotNormal": "glorot_normal", "HeNormal": "he_normal",
                             "HeUniform": "he_uniform", "LecunNormal": "lecun_normal", "LecunUniform": "lecun_uniform",
                             "Zeros": "zeros", "Ones": "ones", "RandomNormal": "random_normal", "RandomUniform": "random_uniform"]

    /// Keras' `compute_fans`.
    public static func fans(of shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        case 2: return (shape[0], shape[1])
        default:
            let receptive = shape.dropLast(2).reduce(1, *)
            return (shape[shape.count - 2] * receptive, shape[shape.count - 1] * receptive)
        }
    }

    /// A new tensor of `shape` filled by this initializer.
    public func makeTensor(shape: [Int]) throws -> Tensor {
        let (fanIn, fanOut) = Initializer.fans(of: shape)
        let fanAverage = Float(fanIn + fanOut) / 2
        func generator(_ seed: UInt64?) -> SeededGenerator { SeededGenerator(seed: seed ?? GlobalRandom.nextSeed()) }
        func uniform(scale: Float, fan: Float, seed: UInt64?) throws -> Tensor {
            var g = generator(seed)
            let limit = (3 * scale / Swift.max(1, fan)).squareRoot()
            return try Tensor.randomUniform(shape: shape, low: -limit, high: limit, generator: &g)
        }
        func truncated(scale: Float, fan: Float, seed: UInt64?) throws -> Tensor {
            var g = generator(seed)
            let std = (scale / Swift.max(1, fan)).squareRoot() / 0.87962566103423978
            var t = try Tensor(uninitializedShape: shape)
            t.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = std * g.nextTruncatedNormal() } }
            return t
        }
        switch self {
        case .glorotUniform(let s): return try uniform(scale: 1, fan: fanAverage, seed: s)
        case .glorotNormal(let s): return try truncated(scale: 1, fan: fanAverage, seed: s)
        case .heNormal(let s): return try truncated(scale: 2, fan: Float(fanIn), seed: s)
        case .heUniform(let s): return try uniform(scale: 2, fan: Float(fanIn), seed: s)
        case .lecunNormal(let s): return try truncated(scale: 1, fan: Float(fanIn), seed: s)
        case .lecunUniform(let s): return try uniform(scale: 1, fan: Float(fanIn), seed: s)
        case .zeros: return try Tensor(zeros: shape)
        case .ones: return try Tensor(ones: shape)
        case .constant(let v): return try Tensor(shape: shape, repeating: v)
        case .randomNormal(let mean, let std, let s):
            var g = generator(s)
            return try Tensor.randomNormal(shape: shape, mean: mean, standardDeviation: std, generator: &g)
        case .randomUniform(let lo, let hi, let s):
            var g = generator(s)
            return try Tensor.randomUniform(shape: shape, low: lo, high: hi, generator: &g)
        }
    }

    /// The Keras class name (`GlorotUniform`...).
    public var kerasClassName: String {
        switch self {
        case .glorotUniform: return "GlorotUniform"
        case .glorotNormal: return "GlorotNormal"
        case .heNormal: return "HeNormal"
        case .heUniform: return "HeUniform"
        case .lecunNormal: return "LecunNormal"
        case .lecunUniform: return "LecunUniform"
        case .zeros: return "Zeros"
        case .ones: return "Ones"
        case .constant: return "Constant"
        case .randomNormal: return "RandomNormal"
        case .randomUniform: return "RandomUniform"
        }
    }

    /// The Keras 3 serialized form: `{module, class_name, config, registered_name}`.
    public var config: JSONValue {
        func seedValue(_ s: UInt64?) -> JSONValue { s.map { .number(Double($0)) } ?? .null }
        let inner: JSONValue
        switch self {
        case .glorotUniform(let s), .glorotNormal(let s), .heNormal(let s), .heUniform(let s),
             .lecunNormal(let s), .lecunUniform(let s):
            inner = .object([("seed", seedValue(s)), ("input_axes", .null), ("output_axes", .null)])
        case .zeros, .ones: inner = .object([])
        case .constant(let v): inner = .object([("value", .float32(v))])
        case .randomNormal(let m, let sd, let s):
            inner = .object([("seed", seedValue(s)), ("mean", .float32(m)), ("stddev", .float32(sd))])
        case .randomUniform(let lo, let hi, let s):
            inner = .object([("seed", seedValue(s)), ("minval", .float32(lo)), ("maxval", .float32(hi))])
        }
        return .object([("module", "keras.initializers"), ("class_name", .string(kerasClassName)),
                        ("config", inner), ("registered_name", .null)])
    }
}
