import TensorCore

/// Checks shared by estimators, metrics and splitters; each names the function and argument.
enum InputChecks {
    /// `x` as a matrix: throws unless it has rank 2 and finite values; returns (rows, columns).
    static func matrix(_ x: Tensor, _ context: String, name: String = "x") throws -> (rows: Int, columns: Int) {
        guard x.rank == 2 else {
            throw SwiftLearnError.shapeMismatch("\(context): \(name) must be 2-D [samples, features], received shape \(formatShape(x.shape))")
        }
        guard x.isFinite else {
            throw SwiftLearnError.invalidArgument("\(context): \(name) contains NaN or infinity")
        }
        return (x.shape[0], x.shape[1])
    }

    /// A target vector: rank 1, or rank 2 with one column; finite values.
    static func vector(_ y: Tensor, _ context: String, name: String = "y") throws -> [Float] {
        guard y.rank == 1 || (y.rank == 2 && y.shape[1] == 1) else {
            throw SwiftLearnError.shapeMismatch("\(context): \(name) must be 1-D [samples], received shape \(formatShape(y.shape))")
        }
        guard y.isFinite else {
            throw SwiftLearnError.invalidArgument("\(context): \(name) contains NaN or infinity")
        }
        return y.scalars
    }

    /// Two vectors of equal length (e.g. `yTrue` and `yPred`), at least one sample.
    static func pair(_ a: Tensor, _ b: Tensor, _ context: String, names: (String, String) = ("yTrue", "yPred")) throws -> ([Float], [Float]) {
        let u = try vector(a, context, name: names.0)
        let v = try vector(b, context, name: names.1)
        guard u.count == v.count else {
            throw SwiftLearnError.shapeMismatch("\(context): \(names.0) has \(u.count) samples but \(names.1) has \(v.count)")
        }
        guard !u.isEmpty else {
            throw SwiftLearnError.invalidArgument("\(context): \(names.0) is empty; at least one sample is needed")
        }
        return (u, v)
    }

    /// Sample weights as Doubles (all ones when `nil`): `count` finite, non-negative values.
    static func weights(_ w: Tensor?, count: Int, _ context: String) throws -> [Double] {
        guard let w else { return Array(repeating: 1, count: count) }
        let values = try vector(w, context, name: "sampleWeight")
        guard values.count == count else {
            throw SwiftLearnError.shapeMismatch("\(context): sampleWeight has \(values.count) values but there are \(count) samples")
        }
        if let bad = values.firstIndex(where: { $0 < 0 }) {
            throw SwiftLearnError.invalidArgument("\(context): sampleWeight must be non-negative, received \(values[bad]) at index \(bad)")
        }
        return values.map(Double.init)
    }

    /// Checks `x` and `y` describe the same samples for `fit`; returns (rows, columns, y).
    static func fitInputs(_ x: Tensor, _ y: Tensor, _ context: String) throws -> (rows: Int, columns: Int, y: [Float]) {
        let (n, d) = try matrix(x, context)
        let labels = try vector(y, context)
        guard labels.count == n else {
            throw SwiftLearnError.shapeMismatch("\(context): x has \(n) samples but y has \(labels.count)")
        }
        guard n > 0 else {
            throw SwiftLearnError.invalidArgument("\(context): x has 0 samples; at least one is needed")
        }
        guard d > 0 else {
            throw SwiftLearnError.invalidArgument("\(context): x has 0 features; at least one is needed")
        }
        return (n, d, labels)
    }

    /// Checks `x` has the width the model was fitted on (scikit-learn's `n_features_in_` check).
    static func predictInput(_ x: Tensor, featureCount: Int, model: String, _ context: String) throws -> Int {
        let (n, d) = try matrix(x, context)
        guard d == featureCount else {
            throw SwiftLearnError.shapeMismatch("\(context): x has \(d) features, but \(model) is expecting \(featureCount) features as input")
        }
        return n
    }
}

/// The sorted distinct values of `labels` (NumPy's `unique`).
func uniqueSorted(_ labels: [Float]) -> [Float] {
    Array(Set(labels)).sorted()
}

/// The sorted classes of a classifier's targets; continuous targets (a value that is not a whole
/// number) are refused, as scikit-learn refuses "Unknown label type: continuous".
func classLabels(_ labels: [Float], _ context: String) throws -> [Float] {
    if let row = labels.firstIndex(where: { $0.rounded() != $0 }) {
        throw SwiftLearnError.invalidArgument("\(context): y holds continuous values (\(labels[row]) at row \(row)); a classifier needs class labels: whole numbers, or any labels through fit(_:labels:)")
    }
    return uniqueSorted(labels)
}
