import TensorCore

/// Encodes each column of numeric category codes as one 0/1 column per category (scikit-learn's
/// `OneHotEncoder` with dense output).
///
/// Categories are each column's sorted distinct values (`categories='auto'`) or the sorted
/// lists given in ``categories`` (scikit-learn refuses unsorted numerical categories). Output columns follow the input columns, and within one
/// input column its categories, minus any dropped one.
public struct OneHotEncoder: Transformer, HyperparameterSettable {
    /// What `transform` does with a category not seen in `fit` (`handle_unknown`).
    public enum HandleUnknown: String, Sendable, CaseIterable {
        /// Throw, naming the categories and the column.
        case error
        /// Encode the column as all zeros (its inverse is NaN).
        case ignore
    }

    /// Which category of each column gets no output column (`drop`).
    public enum Drop: String, Sendable, CaseIterable {
        /// Keep every category (`drop=None`).
        case none = "None"
        /// Drop each column's first category.
        case first
        /// Drop the first category only in columns with exactly two.
        case ifBinary = "if_binary"
    }

    /// Explicit categories per input column, each sorted ascending, or `nil` for `'auto'`.
    public var categories: [[Float]]?
    /// Unknown categories at `transform` (`handle_unknown`).
    public var handleUnknown: HandleUnknown
    /// The dropped category per column (`drop`).
    public var drop: Drop

    /// An encoder with scikit-learn's defaults (`categories='auto', handle_unknown='error', drop=None`).
    public init(categories: [[Float]]? = nil, handleUnknown: HandleUnknown = .error, drop: Drop = .none) {
        self.categories = categories
        self.handleUnknown = handleUnknown
        self.drop = drop
    }

    /// Learns the categories of each column of `x`.
    public func fit(_ x: Tensor) throws -> FittedOneHotEncoder {
        let context = "OneHotEncoder.fit"
        let (n, d, v) = try PreprocessingChecks.fitMatrix(x, context, allowNaN: false)
        var found: [[Float]] = []
        for j in 0..<d {
            let seen = Set((0..<n).map { v[$0 * d + j] })
            guard let given = categories else { found.append(seen.sorted()); continue }
            guard given.count == d else {
                throw SwiftLearnError.shapeMismatch("\(context): Shape mismatch: if categories is an array, it has to be of shape (n_features,): categories has \(given.count) lists but x has \(d) features")
            }
            guard Set(given[j]).count == given[j].count, !given[j].isEmpty else {
                throw SwiftLearnError.invalidArgument("\(context): categories for column \(j) must be non-empty and without repeats, received \(given[j])")
            }
            guard given[j] == given[j].sorted() else {
                throw SwiftLearnError.invalidArgument("\(context): Unsorted categories are not supported for numerical categories: categories for column \(j) are \(given[j])")
            }
            let unknown = seen.subtracting(given[j]).sorted()
            if !unknown.isEmpty {
                throw SwiftLearnError.invalidArgument("\(context): Found unknown categories \(unknown) in column \(j) during fit")
            }
            found.append(given[j])
        }
        let dropped: [Int?] = found.map { cats in
            switch drop {
            case .none: return nil
            case .first: return 0
            case .ifBinary: return cats.count == 2 ? 0 : nil
            }
        }
        return FittedOneHotEncoder(categories: found, droppedIndex: dropped, handleUnknown: handleUnknown)
    }

    public static let typeName = "OneHotEncoder"
    public static var defaultParams: [String: ParameterValue] { OneHotEncoder().params }
    public var params: [String: ParameterValue] {
        ["categories": categories.map { .string("\($0)") } ?? "auto",
         "drop": drop == .none ? .none : .string(drop.rawValue),
         "handle_unknown": .string(handleUnknown.rawValue)]
    }
    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "categories":
            guard value == "auto" else {
                throw SwiftLearnError.invalidArgument("parameter 'categories' of OneHotEncoder can be set by name only to 'auto', received \(value); set explicit lists through the categories property")
            }
            categories = nil
        case "drop":
            if value == .none { drop = .none; return }
            let s = try value.string(for: name)
            guard let parsed = Drop(rawValue: s), parsed != .none else {
                throw SwiftLearnError.invalidArgument("parameter 'drop' of OneHotEncoder must be None, 'first' or 'if_binary'; received '\(s)'")
            }
            drop = parsed
        case "handle_unknown":
            let s = try value.string(for: name)
            guard let parsed = HandleUnknown(rawValue: s) else {
                throw SwiftLearnError.invalidArgument("parameter 'handle_unknown' of OneHotEncoder must be 'error' or 'ignore'; received '\(s)'")
            }
            handleUnknown = parsed
        default: throw Self.unknownParameter(name)
        }
    }
}

/// A fitted ``OneHotEncoder``: the categories of each column (`categories_`) and which one is
/// dropped (`drop_idx_`).
public struct FittedOneHotEncoder: InvertibleTransformer, Equatable {
    /// Each input column's categories, in output order (`categories_`).
    public let categories: [[Float]]
    /// The index into ``categories`` of each column's dropped category, or `nil` (`drop_idx_`).
    public let droppedIndex: [Int?]
    /// Unknown categories at `transform`.
    public let handleUnknown: OneHotEncoder.HandleUnknown

    /// The number of features seen in `fit`.
    public var featureCount: Int { categories.count }
    /// The number of output columns.
    public var outputCount: Int { categories.indices.reduce(0) { $0 + width($1) } }

    private func width(_ j: Int) -> Int { categories[j].count - (droppedIndex[j] == nil ? 0 : 1) }

    /// Output column names as scikit-learn's `get_feature_names_out` (`x0_1.0`), given input names.
    public func featureNames(input: [String]? = nil) -> [String] {
        categories.indices.flatMap { j in
            categories[j].indices.filter { $0 != droppedIndex[j] }.map { k in
                "\(input?[j] ?? "x\(j)")_\(pythonRepr(Double(categories[j][k])))"
            }
        }
    }

    /// The 0/1 encoding, `[n, outputCount]`.
    public func transform(_ x: Tensor) throws -> Tensor {
        let (n, d, v) = try PreprocessingChecks.transformMatrix(x, featureCount: featureCount, model: "OneHotEncoder", "OneHotEncoder.transform", allowNaN: false)
        let lookup = categories.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
        let total = outputCount
        var out = [Float](repeating: 0, count: n * total)
        var offset = 0
        for j in 0..<d {
            var unknown: [Float] = []
            for r in 0..<n {
                guard let k = lookup[j][v[r * d + j]] else { unknown.append(v[r * d + j]); continue }
                if k == droppedIndex[j] { continue }
                let dropShift = droppedIndex[j].map { k > $0 ? 1 : 0 } ?? 0
                out[r * total + offset + k - dropShift] = 1
            }
            if !unknown.isEmpty && handleUnknown == .error {
                throw SwiftLearnError.invalidArgument("OneHotEncoder.transform: Found unknown categories \(Array(Set(unknown)).sorted()) in column \(j) during transform")
            }
            offset += width(j)
        }
        return matrixTensor(rows: n, columns: total, out)
    }

    /// Each row's category per input column: the category of its 1, the dropped category for an
    /// all-zero group with a dropped category, NaN for an all-zero group without one (an unknown).
    public func inverseTransform(_ x: Tensor) throws -> Tensor {
        let context = "OneHotEncoder.inverseTransform"
        let total = outputCount
        let (n, _, v) = try PreprocessingChecks.transformMatrix(x, featureCount: total, model: "OneHotEncoder (encoded)", context, allowNaN: false)
        let d = featureCount
        var out = [Float](repeating: .nan, count: n * d)
        for r in 0..<n {
            var offset = 0
            for j in 0..<d {
                let w = width(j)
                var best = -1
                for k in 0..<w where v[r * total + offset + k] > 0.5 && (best < 0 || v[r * total + offset + k] > v[r * total + offset + best]) { best = k }
                if best >= 0 {
                    let shift = droppedIndex[j].map { best >= $0 ? 1 : 0 } ?? 0
                    out[r * d + j] = categories[j][best + shift]
                } else if let dropped = droppedIndex[j] {
                    out[r * d + j] = categories[j][dropped]
                }
                offset += w
            }
        }
        return matrixTensor(rows: n, columns: d, out)
    }
}
