import TensorCore

/// Replaces missing values (NaN) column by column with a statistic learned in `fit`
/// (scikit-learn's `SimpleImputer` with `missing_values=np.nan`).
///
/// A column with no observed values is dropped from the output (scikit-learn warns) unless
/// `keepEmptyFeatures`, which keeps it filled with 0; the `constant` strategy keeps every column.
public struct SimpleImputer: Transformer, HyperparameterSettable {
    /// How the replacement value is chosen (`strategy`).
    public enum Strategy: String, Sendable, CaseIterable {
        /// The column's mean.
        case mean
        /// The column's median (the mean of the two middle values for an even count).
        case median
        /// The column's most frequent value; ties go to the smallest (`most_frequent`).
        case mostFrequent = "most_frequent"
        /// ``SimpleImputer/fillValue`` (0 when `nil`).
        case constant
    }

    /// The statistic (`strategy`).
    public var strategy: Strategy
    /// The value used by the `constant` strategy (`fill_value`; `nil` means 0).
    public var fillValue: Double?
    /// Append a 0/1 missing-indicator column for each feature that had missing values in `fit` (`add_indicator`).
    public var addIndicator: Bool
    /// Keep columns with no observed values, filled with 0 (`keep_empty_features`).
    public var keepEmptyFeatures: Bool

    /// An imputer with scikit-learn's defaults (`strategy='mean'`).
    public init(strategy: Strategy = .mean, fillValue: Double? = nil, addIndicator: Bool = false, keepEmptyFeatures: Bool = false) {
        self.strategy = strategy
        self.fillValue = fillValue
        self.addIndicator = addIndicator
        self.keepEmptyFeatures = keepEmptyFeatures
    }

    /// Learns each column's replacement value from its non-NaN entries.
    public func fit(_ x: Tensor) throws -> FittedSimpleImputer {
        let context = "SimpleImputer.fit"
        if let fillValue, !fillValue.isFinite {
            throw SwiftLearnError.invalidArgument("\(context): parameter 'fill_value' must be a finite number, received \(pythonRepr(fillValue))")
        }
        let (n, d, v) = try PreprocessingChecks.fitMatrix(x, context, allowNaN: true)
        var statistics = [Double](repeating: .nan, count: d)
        var hadMissing = [Bool](repeating: false, count: d)
        for j in 0..<d {
            var column: [Double] = []
            column.reserveCapacity(n)
            for r in 0..<n {
                let value = v[r * d + j]
                if value.isNaN { hadMissing[j] = true } else { column.append(Double(value)) }
            }
            statistics[j] = statistic(column)
            if statistics[j].isNaN && keepEmptyFeatures { statistics[j] = 0 }
        }
        return FittedSimpleImputer(statistics: statistics, indicatorFeatures: addIndicator ? (0..<d).filter { hadMissing[$0] } : [])
    }

    private func statistic(_ column: [Double]) -> Double {
        if strategy == .constant { return fillValue ?? 0 }
        guard !column.isEmpty else { return .nan }
        switch strategy {
        case .mean:
            return column.reduce(0, +) / Double(column.count)
        case .median:
            let s = column.sorted(), mid = s.count / 2
            return s.count % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
        case .mostFrequent:
            var counts: [Double: Int] = [:]
            for value in column { counts[value, default: 0] += 1 }
            return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? .nan
        case .constant:
            return fillValue ?? 0
        }
    }

    public static let typeName = "SimpleImputer"
    public static var defaultParams: [String: ParameterValue] { SimpleImputer().params }
    public var params: [String: ParameterValue] {
        ["add_indicator": .bool(addIndicator), "copy": true, "fill_value": fillValue.map(ParameterValue.double) ?? .none,
         "keep_empty_features": .bool(keepEmptyFeatures), "strategy": .string(strategy.rawValue)]
    }
    public mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "add_indicator": addIndicator = try value.bool(for: name)
        case "copy": _ = try value.bool(for: name)
        case "fill_value": fillValue = try value.optionalDouble(for: name)
        case "keep_empty_features": keepEmptyFeatures = try value.bool(for: name)
        case "strategy":
            let s = try value.string(for: name)
            guard let parsed = Strategy(rawValue: s) else {
                throw SwiftLearnError.invalidArgument("parameter 'strategy' of SimpleImputer must be one of mean, median, most_frequent, constant; received '\(s)'")
            }
            strategy = parsed
        default: throw Self.unknownParameter(name)
        }
    }
}

/// A fitted ``SimpleImputer``: the per-column replacement values (`statistics_`).
public struct FittedSimpleImputer: FittedTransformer, Equatable {
    /// Each column's replacement value; NaN for a column with no observed values, which
    /// `transform` drops (`statistics_`).
    public let statistics: [Double]
    /// The columns that get a missing-indicator column appended (`indicator_.features_`).
    public let indicatorFeatures: [Int]

    /// The number of features seen in `fit`.
    public var featureCount: Int { statistics.count }

    /// `x` with NaNs replaced, empty columns dropped, then indicator columns appended.
    public func transform(_ x: Tensor) throws -> Tensor {
        let (n, d, v) = try PreprocessingChecks.transformMatrix(x, featureCount: featureCount, model: "SimpleImputer", "SimpleImputer.transform", allowNaN: true)
        let kept = (0..<d).filter { !statistics[$0].isNaN }
        let width = kept.count + indicatorFeatures.count
        var out = [Float](repeating: 0, count: n * width)
        for r in 0..<n {
            for (k, j) in kept.enumerated() {
                let value = v[r * d + j]
                out[r * width + k] = value.isNaN ? Float(statistics[j]) : value
            }
            for (k, j) in indicatorFeatures.enumerated() where v[r * d + j].isNaN {
                out[r * width + kept.count + k] = 1
            }
        }
        return matrixTensor(rows: n, columns: width, out)
    }
}
