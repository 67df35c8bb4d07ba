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
    func fit(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?) throws -> TestLinearRegression.Fitted {
        try TestLinearRegression().fit(x, y, sampleWeight: sampleWeight)
    }
    static let typeName = "MLPRegressor"
    static var defaultParams: [String: ParameterValue] { PrintOnlyMLP().params }
    var params: [String: ParameterValue] { ["hidden_layer_sizes": .ints(hiddenLayerSizes), "max_iter": .int(maxIter)] }
    mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "hidden_layer_sizes": hiddenLayerSizes = try value.ints(for: name)
        case "max_iter": maxIter = try value.int(for: name)
        default: throw Self.unknownParameter(name)
        }
    }
}
