import Foundation
import TensorCore
@testable import Estimators

/// Ordinary least squares with an intercept (scikit-learn's `LinearRegression`), solved by the
/// normal equations in Double: a small real regressor for composition tests.
struct TestLinearRegression: Estimator, HyperparameterSettable, Equatable {
    var fitIntercept = true

    struct Fitted: Regressor {
        let coef: [Double], intercept: Double
        var featureCount: Int { coef.count }
        func predict(_ x: Tensor) throws -> Tensor {
            let n = try InputChecks.predictInput(x, featureCount: featureCount, model: "LinearRegression", "LinearRegression.predict")
            let v = x.scalars, d = coef.count
            return Tensor((0..<n).map { r in Float((0..<d).reduce(intercept) { $0 + coef[$1] * Double(v[r * d + $1]) }) })
        }
    }

    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Fitted {
        let (n, d, t) = try InputChecks.fitInputs(x, y, "LinearRegression.fit")
        let v = x.scalars, k = d + 1
        // Augmented normal equations [XᵀX | Xᵀy] with a leading column of ones, Gauss-Jordan.
        var a = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
        for r in 0..<n {
            let row = [fitIntercept ? 1.0 : 0.0] + (0..<d).map { Double(v[r * d + $0]) }
            for i in 0..<k { for j in 0..<k { a[i][j] += row[i] * row[j] }; a[i][k] += row[i] * Double(t[r]) }
        }
        if !fitIntercept { a[0][0] = 1 }
        for c in 0..<k {
            let p = (c..<k).max { abs(a[$0][c]) < abs(a[$1][c]) } ?? c
            a.swapAt(c, p)
            let pivot = a[c][c]
            for j in 0...k { a[c][j] /= pivot }
            for i in 0..<k where i != c {
                let f = a[i][c]
                for j in 0...k { a[i][j] -= f * a[c][j] }
            }
        }
        return Fitted(coef: (1..<k).map { a[$0][k] }, intercept: a[0][k])
    }

    static let typeName = "LinearRegression"
    static var defaultParams: [String: ParameterValue] { TestLinearRegression().params }
    var params: [String: ParameterValue] { ["fit_intercept": .bool(fitIntercept)] }
    mutating func setParam(_ name: String, to value: ParameterValue) throws {
        guard name == "fit_intercept" else { throw Self.unknownParameter(name) }
        fitIntercept = try value.bool(for: name)
    }
}

/// Stands in for MLPRegressor when checking printing (only its parameters matter).
struct PrintOnlyMLP: Estimator, HyperparameterSettable {
    var hiddenLayerSizes = [100], maxIter = 200
    /// Further parameters with scikit-learn's defaults (set by name).
    var others: [String: ParameterValue] = ["alpha": 0.0001, "early_stopping": false, "learning_rate_init": 0.001, "random_state": nil]

    init(hiddenLayerSizes: [Int] = [100], maxIter: Int = 200) {
        self.hiddenLayerSizes = hiddenLayerSizes
        self.maxIter = maxIter
    }

    init(hiddenLayerSizes: [Int], maxIter: Int, extra: [String: ParameterValue]) throws {
        self.init(hiddenLayerSizes: hiddenLayerSizes, maxIter: maxIter)
        for (k, v) in extra { try setParam(k, to: v) }
    }
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> TestLinearRegression.Fitted {
        try TestLinearRegression().fit(x, y, sampleWeight: sampleWeight)
    }
    static let typeName = "MLPRegressor"
    static var defaultParams: [String: ParameterValue] { PrintOnlyMLP().params }
    var params: [String: ParameterValue] {
        others.merging(["hidden_layer_sizes": .ints(hiddenLayerSizes), "max_iter": .int(maxIter)]) { a, _ in a }
    }
    mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case _ where others[name] != nil: others[name] = value
        case "hidden_layer_sizes": hiddenLayerSizes = try value.ints(for: name)
        case "max_iter": maxIter = try value.int(for: name)
        default: throw Self.unknownParameter(name)
        }
    }
}

/// Nearest class mean with probabilities softmax(−squared distance): a small probabilistic
/// classifier for composition tests.
struct TestCentroidClassifier: Estimator, HyperparameterSettable {
    struct Fitted: ProbabilisticClassifier {
        let classes: [Float], centroids: [[Double]]
        var featureCount: Int { centroids.first?.count ?? 0 }
        func predictProba(_ x: Tensor) throws -> Tensor {
            let n = try InputChecks.predictInput(x, featureCount: featureCount, model: "Centroid", "Centroid.predictProba")
            let v = x.scalars, d = featureCount, k = classes.count
            var out: [Float] = []
            for r in 0..<n {
                let scores = centroids.map { c in -(0..<d).reduce(0.0) { $0 + (Double(v[r * d + $1]) - c[$1]) * (Double(v[r * d + $1]) - c[$1]) } }
                let top = scores.max() ?? 0, e = scores.map { Foundation.exp($0 - top) }, sum = e.reduce(0, +)
                out += (0..<k).map { Float(e[$0] / sum) }
            }
            return try Tensor(shape: [n, k], scalars: out)
        }
        func predict(_ x: Tensor) throws -> Tensor {
            let p = try predictProba(x), k = classes.count, v = p.scalars
            return Tensor((0..<p.shape[0]).map { r in classes[(0..<k).max { v[r * k + $0] < v[r * k + $1] } ?? 0] })
        }
    }
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> Fitted {
        let (n, d, t) = try InputChecks.fitInputs(x, y, "Centroid.fit")
        let classes = uniqueSorted(t), v = x.scalars
        let centroids = classes.map { c -> [Double] in
            let rows = (0..<n).filter { t[$0] == c }
            return (0..<d).map { j in rows.reduce(0.0) { $0 + Double(v[$1 * d + j]) } / Double(rows.count) }
        }
        return Fitted(classes: classes, centroids: centroids)
    }
    static let typeName = "NearestCentroid"
    static var defaultParams: [String: ParameterValue] { [:] }
    var params: [String: ParameterValue] { [:] }
    mutating func setParam(_ name: String, to value: ParameterValue) throws { throw Self.unknownParameter(name) }
}
