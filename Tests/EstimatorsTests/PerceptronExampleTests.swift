import Datasets
import Foundation
import Testing
import TensorCore
@testable import Estimators

/// The `swiftlearn-examples perceptron` and `xor` recipes (iris petal features, setosa or not;
/// XOR), checked against scikit-learn 1.9.1. Reference values from /work/venv-sk:
///
///     iris = load_iris(); X = iris.data[:, 2:4]; y = iris.target == 0
///     clf = Perceptron(random_state=42).fit(X, y)
///     clf.coef_ == [[-1.4, -2.2]], clf.intercept_ == [4.], clf.n_iter_ == 7, clf.t_ == 1051,
///     clf.score(X, y) == 1.0, clf.predict([[2, 0.5], [3, 1]]) == [True, False]
///     # its shuffle seed: rs = RandomState(42); rs.randint(1, 2**31 - 1); rs.randint(2**31 - 1) == 1273642419
///     Perceptron(shuffle=False).fit(xor_x, xor_y): coef_ [[0, 0]], intercept_ [0], n_iter_ 6, score 0.5
@Suite struct PerceptronExampleTests {
    /// `Fixtures/data/iris.csv`, read with the Datasets CSV reader as the example reads it.
    static func iris() throws -> (petals: Tensor, setosa: Tensor, table: CSVTable) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/data/iris.csv")
        let table = try CSV.load(url)
        let length = try table.column("petal length (cm)").scalars, width = try table.column("petal width (cm)").scalars
        let petals = try Tensor(shape: [length.count, 2], scalars: zip(length, width).flatMap { [$0, $1] })
        let setosa = Tensor(try table.column("target").scalars.map { $0 == 0 ? 1 : 0 })
        return (petals, setosa, table)
    }

    static let newFlowers: [[Float]] = [[2, 0.5], [3, 1]]

    /// The committed iris file is scikit-learn's: 150 rows, 4 measurements + target, 50 per species,
    /// first and last rows as in `load_iris()`.
    @Test func irisFixtureIsScikitLearns() throws {
        let (_, _, table) = try Self.iris()
        #expect(table.columns == ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)", "target"])
        #expect(table.values.shape == [150, 5])
        let target = try table.column("target").scalars
        #expect([0, 1, 2].map { c in target.filter { $0 == c }.count } == [50, 50, 50])
        let v = table.values.scalars
        #expect(Array(v[0..<5]) == [5.1, 3.5, 1.4, 0.2, 0])
        #expect(Array(v[(149 * 5)...]) == [5.9, 3.0, 5.1, 1.8, 2])
    }

    /// With scikit-learn's own shuffle seed for random_state=42, the fit is scikit-learn's exactly
    /// (up to the Float32 rounding of the iris values).
    @Test func irisFitWithSklearnsSeedMatchesSklearn() throws {
        let (x, y, _) = try Self.iris()
        let model = try Perceptron(randomState: 42).fit(x, y, sampleWeight: nil, shuffleSeeds: [1_273_642_419])
        #expect(abs(model.coefficients[0][0] - -1.4) < 1e-6 && abs(model.coefficients[0][1] - -2.2) < 1e-6,
                "coef \(model.coefficients)")
        #expect(model.intercepts == [4] && model.iterationCount == 7 && model.stepCount == 1051)
        #expect(try model.predict(try Tensor(Self.newFlowers)).scalars == [1, 0])
        #expect(try model.score(x, y) == 1)
    }

    /// The example's public recipe, `Perceptron(randomState: 42)` (SwiftLearn's shuffle seed, so
    /// other coefficients): the chapter's predictions and scikit-learn's training accuracy 1.0.
    @Test func exampleRecipeGetsSklearnsAccuracy() throws {
        let (x, y, _) = try Self.iris()
        let model = try Perceptron(randomState: 42).fit(x, y)
        #expect(try model.predict(try Tensor(Self.newFlowers)).scalars == [1, 0])
        #expect(try model.score(x, y) == 1)
    }

    /// XOR is not linearly separable: unshuffled, the fit is scikit-learn's (all weights back to
    /// 0, accuracy 0.5); shuffled with any seed, at most 3 of the 4 points are right.
    @Test func perceptronCannotLearnXOR() throws {
        let x = try Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = Tensor([0, 1, 1, 0])
        let unshuffled = try Perceptron(shuffle: false).fit(x, y)
        #expect(unshuffled.coefficients == [[0, 0]] && unshuffled.intercepts == [0] && unshuffled.iterationCount == 6)
        #expect(try unshuffled.score(x, y) == 0.5)
        for seed in UInt64(0)..<20 {
            let score = try Perceptron(randomState: seed).fit(x, y).score(x, y)
            #expect(score <= 0.75, "randomState \(seed): accuracy \(score)")
        }
    }
}
