import TensorCore

/// Where each variable of a model goes in Keras 3's weights file (`model.weights.h5` inside a
/// `.keras` zip, or a `.weights.h5`), following Keras' `saving_lib._save_state`:
///
/// - every layer (and the model itself) writes its own variables to `<path>/vars/0`, `1`, ...
///   (a `vars` group with a `name` attribute, empty for a weightless layer);
/// - the layers of a Sequential or functional model live under `layers/<g>`, where `<g>` is the
///   snake_case class name made unique with `_1`, `_2`... in `model.layers` order;
/// - a subclassed model's layers live under their property names (`hidden/vars`), a list
///   property's under `<property>/<g>`, in Keras' attribute order (names sorted, `_` last),
///   then `layers/<g>` for layers reached no other way; nested models recurse;
/// - the optimizer writes `optimizer/vars/0...` (``OptimizerVariables``).
struct KerasWeightsLayout {
    /// One saveable object: its group path (`""` for the model) and the layer.
    struct Node {
        let path: String
        let layer: Layer
        /// `<path>/vars`.
        var varsPath: String { path.isEmpty ? "vars" : path + "/vars" }
    }

    let nodes: [Node]

    init(model: Model) {
        var out: [Node] = []
        var visited = Set<ObjectIdentifier>()
        KerasWeightsLayout.walk(model, path: "", visited: &visited, out: &out)
        nodes = out
    }

    private static func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : a + "/" + b }

    private static func walk(_ layer: Layer, path: String, visited: inout Set<ObjectIdentifier>, out: inout [Node]) {
        guard visited.insert(ObjectIdentifier(layer)).inserted else { return }
        out.append(Node(path: path, layer: layer))
        guard let model = layer as? Model else { return }
        if model is Sequential || model.graph != nil {
            container(model.layers, path: join(path, "layers"), visited: &visited, out: &out)
            return
        }
        var attributes: [(label: String, value: Any)] = [("layers", model.layers)]
        var mirror: Mirror? = Mirror(reflecting: model)
        while let m = mirror, m.subjectType != Model.self, m.subjectType != Layer.self {
            for child in m.children {
                guard let label = child.label, child.value is Layer || child.value is [Layer] else { continue }
                attributes.append((label, child.value))
            }
            mirror = m.superclassMirror
        }
        // Keras visits attributes in name order, private (`_`) ones last.
        func key(_ s: String) -> String { s.hasPrefix("_") ? "~" + s : s }
        for (label, value) in attributes.sorted(by: { key($0.label) < key($1.label) }) {
            if let l = value as? Layer {
                walk(l, path: join(path, label), visited: &visited, out: &out)
            } else if let ls = value as? [Layer] {
                container(ls, path: join(path, label), visited: &visited, out: &out)
            }
        }
    }

    private static func container(_ layers: [Layer], path: String, visited: inout Set<ObjectIdentifier>, out: inout [Node]) {
        var used: [String: Int] = [:]
        for l in layers {
            let base = kerasSnakeCase(l.className)
            let n = used[base, default: 0]
            used[base] = n + 1
            walk(l, path: join(path, n == 0 ? base : "\(base)_\(n)"), visited: &visited, out: &out)
        }
    }
}

/// Keras' `naming.to_snake_case`: `LeakyReLU` → `leaky_re_lu`, `InputLayer` → `input_layer`.
func kerasSnakeCase(_ name: String) -> String {
    let chars = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
    // re.sub("(.)([A-Z][a-z]+)", r"\1_\2"): an underscore before each capitalized word.
    var first: [Character] = []
    var i = 0
    while i < chars.count {
        if i > 0, chars[i].isUppercase, i + 1 < chars.count, chars[i + 1].isLowercase {
            first.append("_")
        }
        first.append(chars[i])
        i += 1
    }
    // re.sub("([a-z])([A-Z])", r"\1_\2"), then lowercased.
    var out = ""
    for (j, c) in first.enumerated() {
        if j > 0, c.isUppercase, first[j - 1].isLowercase { out.append("_") }
        out.append(c)
    }
    return out.lowercased()
}

/// Keras 3's `optimizer.variables`, in order: `iteration` (int32 scalar), `learning_rate`
/// (float32 scalar; absent with a schedule), then the slot variables. Slots come in groups
/// created together by Keras' `add_optimizer_variables`, interleaved per model variable within
/// a group (Adam: `kernel_momentum, kernel_velocity, bias_momentum, bias_velocity`; then
/// AMSGrad's `velocity_hat`s), and Nadam ends with its `u_product` scalar.
struct OptimizerVariables {
    let optimizer: Optimizer

    var hasLearningRate: Bool { optimizer.learningRateSchedule == nil }

    /// Slot indices per Keras creation group.
    var slotGroups: [[Int]] {
        let n = optimizer.slotCount
        switch optimizer {
        case let adam as Adam where adam.amsgrad: return [[0, 1], [2]]
        case is RMSprop: return (0..<n).map { [$0] }
        default: return n == 0 ? [] : [Array(0..<n)]
        }
    }

    /// (variable index, slot index) in Keras' order.
    func slotOrder(variableCount: Int) -> [(variable: Int, slot: Int)] {
        slotGroups.flatMap { group in (0..<variableCount).flatMap { v in group.map { (v, $0) } } }
    }

    /// Whether the built optimizer has a trailing `u_product` (Nadam).
    var hasProduct: Bool { optimizer is Nadam }

    /// The number of variables Keras has for an optimizer built for `variableCount` variables
    /// (`nil` variables: not built, iteration and learning rate only).
    func count(builtFor variableCount: Int?) -> Int {
        let head = 1 + (hasLearningRate ? 1 : 0)
        guard let n = variableCount else { return head }
        return head + optimizer.slotCount * n + (hasProduct ? 1 : 0)
    }

    /// Nadam's `u_product` after `iterations` steps, computed as Keras does (Float32 products).
    func product(iterations: Int, beta1: Float) -> Float {
        var p: Float = 1
        if iterations > 0 {
            for s in 1...iterations { p = p * beta1 * (1 - 0.5 * powf(0.96, Float(s))) }
        }
        return p
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
