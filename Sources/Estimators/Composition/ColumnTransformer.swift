import TensorCore

/// Applies a transformer to each listed group of columns and concatenates the results side by
/// side, in the order listed; the columns no group names (the remainder) are dropped or
/// appended unchanged (scikit-learn's `ColumnTransformer`).
///
/// ```swift
/// let prep = ColumnTransformer(("scale", StandardScaler(), [1, 3]), ("onehot", OneHotEncoder(), [0]),
///                              remainder: .passthrough)
/// ```
public struct ColumnTransformer: Transformer, HyperparameterSettable, ReprNodeConvertible, CustomStringConvertible {
    /// What happens to the columns no transformer lists (`remainder`).
    public enum Remainder: String, Sendable, CaseIterable {
        /// Leave them out of the output.
        case drop
        /// Append them unchanged, in their original order.
        case passthrough
    }

    /// One named transformer and the input columns it receives.
    public struct Entry: Sendable {
        /// The name, used in nested parameter names (`name__param`).
        public let name: String
        var component: PipelineStep.Component
        /// The input column indices this transformer receives, in this order.
        public var columns: [Int]

        /// `transformer` applied to `columns`.
        public init<T: Transformer & HyperparameterSettable>(_ name: String, _ transformer: T, columns: [Int]) {
            self.name = name
            component = .transformer(transformer)
            self.columns = columns
        }

        /// `columns` passed through unchanged.
        public static func passthrough(_ name: String, columns: [Int]) -> Entry { Entry(name: name, component: .passthrough, columns: columns) }

        init(name: String, component: PipelineStep.Component, columns: [Int]) {
            self.name = name
            self.component = component
            self.columns = columns
        }

        var settable: (any HyperparameterSettable)? { PipelineStep(name: name, component: component).settable }
    }

    /// The transformers, in output order.
    public var transformers: [Entry]
    /// The unlisted columns (`remainder`).
    public var remainder: Remainder

    /// A column transformer from entries (`ColumnTransformer(transformers=[...])`).
    public init(_ transformers: [Entry], remainder: Remainder = .drop) {
        self.transformers = transformers
        self.remainder = remainder
    }

    /// A column transformer from `(name, transformer, columns)` triples of any transformer types.
    public init<each T: Transformer & HyperparameterSettable>(_ transformers: repeat (String, each T, [Int]), remainder: Remainder = .drop) {
        var list: [Entry] = []
        for t in repeat each transformers { list.append(Entry(t.0, t.1, columns: t.2)) }
        self.init(list, remainder: remainder)
    }

    /// Fits each transformer on its columns of `x`.
    public func fit(_ x: Tensor) throws -> FittedColumnTransformer {
        let context = "ColumnTransformer.fit"
        guard x.rank == 2 else {
            throw SwiftLearnError.shapeMismatch("\(context): x must be 2-D [samples, features], received shape \(formatShape(x.shape))")
        }
        let d = x.shape[1]
        let names = transformers.map(\.name)
        if let repeated = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw SwiftLearnError.invalidArgument("\(context): Names provided are not unique: \(names) ('\(repeated)' repeats)")
        }
        if let bad = names.first(where: { $0.contains("__") || $0.isEmpty || $0 == "remainder" }) {
            throw SwiftLearnError.invalidArgument("\(context): transformer name '\(bad)' must be non-empty, must not contain __ and must not be 'remainder'")
        }
        var fitted: [FittedColumnTransformer.Part] = []
        for entry in transformers {
            if let bad = entry.columns.first(where: { $0 < 0 || $0 >= d }) {
                throw SwiftLearnError.invalidArgument("\(context): transformer '\(entry.name)' lists column \(bad), but x has \(d) columns (0..<\(d))")
            }
            switch entry.component {
            case .transformer(let t):
                fitted.append(.init(name: entry.name, columns: entry.columns, transform: try t.fit(selectColumns(x, entry.columns))))
            case .passthrough:
                fitted.append(.init(name: entry.name, columns: entry.columns, transform: nil))
            case .estimator(let e):
                throw SwiftLearnError.invalidArgument("\(context): '\(entry.name)' (\(type(of: e).typeName)) is not a transformer")
            }
        }
        let used = Set(transformers.flatMap(\.columns))
        let rest = remainder == .passthrough ? (0..<d).filter { !used.contains($0) } : []
        return FittedColumnTransformer(parts: fitted, remainderColumns: rest, featureCount: d)
    }

    public static let typeName = "ColumnTransformer"
    public static var defaultParams: [String: ParameterValue] {
        ["n_jobs": .none, "remainder": "drop", "sparse_threshold": 0.3, "transformer_weights": .none,
         "verbose": false, "verbose_feature_names_out": true]
    }

    public var params: [String: ParameterValue] {
        var all = Self.defaultParams
        all["remainder"] = .string(remainder.rawValue)
        for entry in transformers {
            all[entry.name] = .string(entry.settable.map { Estimators.reprNode(of: $0).flat } ?? "passthrough")
            all.merge(NestedParameters.prefixed(entry.name, entry.settable)) { a, _ in a }
        }
        return all
    }

    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        if name == "remainder" {
            let text = try value.string(for: name)
            guard let parsed = Remainder(rawValue: text) else {
                throw SwiftLearnError.invalidArgument("ColumnTransformer: parameter 'remainder' must be 'drop' or 'passthrough', received '\(text)'")
            }
            remainder = parsed
            return
        }
        if let i = transformers.firstIndex(where: { $0.name == name }) {
            let text = try value.string(for: name)
            if text == "passthrough" { transformers[i].component = .passthrough; return }
            let typeName = transformers[i].settable.map { type(of: $0).typeName } ?? "passthrough"
            guard text.hasPrefix(typeName + "(") else {
                throw SwiftLearnError.invalidArgument("ColumnTransformer: transformer '\(name)' can be set by name only to 'passthrough' (or its printed form), received '\(text)'")
            }
            return
        }
        guard let (outer, inner) = NestedParameters.split(name), let i = transformers.firstIndex(where: { $0.name == outer }) else {
            if Self.defaultParams[name] != nil { return }
            throw SwiftLearnError.unknownName("Invalid parameter '\(name)' for estimator ColumnTransformer; valid parameters: "
                + (Self.defaultParams.keys.sorted() + transformers.map(\.name)).joined(separator: ", ") + " and name__param for a transformer's own")
        }
        transformers[i].component = try transformers[i].component.setting(inner, to: value, owner: "ColumnTransformer: transformer '\(outer)'")
    }

    var reprNode: ReprNode {
        var params: [(String, ReprNode)] = []
        if remainder != .drop { params.append(("remainder", .atom("'\(remainder.rawValue)'"))) }
        let entries = transformers.map { e -> ReprNode in
            .tuple([.atom("'\(e.name)'"), e.settable.map { Estimators.reprNode(of: $0) } ?? .atom("'passthrough'"),
                    .atom("[" + e.columns.map(String.init).joined(separator: ", ") + "]")])
        }
        params.append(("transformers", .list(entries)))
        return .estimator(name: "ColumnTransformer", params: params)
    }
}

/// A fitted ``ColumnTransformer``.
public struct FittedColumnTransformer: FittedTransformer {
    /// One fitted transformer and its input columns.
    public struct Part: Sendable {
        public let name: String
        public let columns: [Int]
        /// The fitted transform, or `nil` for `'passthrough'`.
        public let transform: (any FittedTransformer)?
    }

    /// The fitted transformers, in output order (`transformers_`).
    public let parts: [Part]
    /// The columns appended unchanged (empty for `remainder: .drop`).
    public let remainderColumns: [Int]
    /// The number of input columns (`n_features_in_`).
    public let featureCount: Int

    /// Each transformer's output on its columns, then the remainder, side by side.
    public func transform(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == featureCount else {
            throw SwiftLearnError.shapeMismatch("ColumnTransformer.transform: x has \(x.rank == 2 ? "\(x.shape[1]) features" : "shape \(formatShape(x.shape))"), but ColumnTransformer is expecting \(featureCount) features as input")
        }
        var blocks: [Tensor] = []
        for part in parts {
            let selected = selectColumns(x, part.columns)
            let out = try part.transform?.transform(selected) ?? selected
            guard out.rank == 2, out.shape[0] == x.shape[0] else {
                throw SwiftLearnError.shapeMismatch("ColumnTransformer.transform: transformer '\(part.name)' returned shape \(formatShape(out.shape)) for \(x.shape[0]) rows")
            }
            blocks.append(out)
        }
        if !remainderColumns.isEmpty { blocks.append(selectColumns(x, remainderColumns)) }
        let n = x.shape[0], width = blocks.reduce(0) { $0 + $1.shape[1] }
        var values = [Float](repeating: 0, count: n * width)
        var offset = 0
        for block in blocks {
            let w = block.shape[1], v = block.scalars
            for r in 0..<n { for j in 0..<w { values[r * width + offset + j] = v[r * w + j] } }
            offset += w
        }
        return matrixTensor(rows: n, columns: width, values)
    }
}

/// The columns `columns` of the matrix `x` (indices already checked).
func selectColumns(_ x: Tensor, _ columns: [Int]) -> Tensor {
    let n = x.shape[0], d = x.shape[1], v = x.scalars
    var out = [Float](repeating: 0, count: n * columns.count)
    for r in 0..<n { for (k, c) in columns.enumerated() { out[r * columns.count + k] = v[r * d + c] } }
    return matrixTensor(rows: n, columns: columns.count, out)
}
