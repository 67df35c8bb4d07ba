import Foundation
import Testing
import TensorCore
@testable import Estimators

/// ColumnTransformer and TransformedTargetRegressor against scikit-learn 1.9.1
/// (`Fixtures/sklearn/preprocessing.json`).
@Suite struct PipelineCompositionTests {
    static var fixture: [String: Any] { PreprocessingFixtures.shared.root }

    @Test func columnTransformerMatchesSklearn() throws {
        let cases = Self.fixture["column_transformer"] as? [[String: Any]] ?? []
        #expect(cases.count == 2)
        for c in cases {
            let remainder = ColumnTransformer.Remainder(rawValue: c["remainder"] as? String ?? "") ?? .drop
            let ct = ColumnTransformer(("scale", StandardScaler(), [1, 3]), ("onehot", OneHotEncoder(), [0]), remainder: remainder)
            let x = try fixtureMatrix(c["x"])
            let out = try ct.fit(x).transform(x)
            #expect(out.shape == ints((c["out"] as? [String: Any])?["shape"]))
            #expect(allClose(out.scalars, fixtureValues(c["out"])), "\(remainder): \(out.scalars)")
        }
    }

    @Test func columnTransformerParametersAndPrinting() throws {
        let ct = ColumnTransformer(("scale", StandardScaler(), [1, 3]), ("onehot", OneHotEncoder(), [0]), remainder: .passthrough)
        let reprs = Self.fixture["composite_reprs"] as? [String: String] ?? [:]
        #expect(ct.description == reprs["column_transformer"])
        let changed = try ct.setting(["scale__with_mean": false, "onehot__handle_unknown": "ignore", "remainder": "drop"])
        #expect(changed.params["scale__with_mean"] == false && changed.params["onehot__handle_unknown"] == "ignore")
        #expect(changed.remainder == .drop)
        // Nested inside a pipeline, three levels of names.
        let p = Pipeline(("prep", changed), ("ols", TestLinearRegression()))
        #expect(p.params["prep__scale__with_mean"] == false)
        #expect(try p.setting("prep__scale__with_std", to: false).params["prep__scale__with_std"] == false)
        #expect { try ct.setting("scale__alpha", to: 1) } throws: { error in "\(error)".contains("'alpha'") }
        #expect { try ct.setting("remainder", to: "keep") } throws: { error in "\(error)".contains("'remainder'") && "\(error)".contains("'keep'") }
    }

    @Test func columnTransformerBadInputIsNamed() throws {
        let x = try Tensor(rows: [[1, 2], [3, 4]])
        #expect { try ColumnTransformer(("scale", StandardScaler(), [0, 2])).fit(x) } throws: { error in
            "\(error)".contains("transformer 'scale' lists column 2, but x has 2 columns")
        }
        #expect { try ColumnTransformer(("a", StandardScaler(), [0]), ("a", MinMaxScaler(), [1])).fit(x) } throws: { error in
            "\(error)".contains("Names provided are not unique")
        }
        let fitted = try ColumnTransformer([.passthrough("keep", columns: [1])]).fit(x)
        #expect(try fitted.transform(x).scalars == [2, 4])
        #expect { try fitted.transform(try Tensor(rows: [[1, 2, 3]])) } throws: { error in
            "\(error)".contains("x has 3 features, but ColumnTransformer is expecting 2")
        }
    }

    @Test func transformedTargetRegressorMatchesSklearn() throws {
        let f = Self.fixture["transformed_target"] as? [String: Any] ?? [:]
        let x = try fixtureMatrix(f["x"]), y = Tensor(nanDoubles(f["y"]).map(Float.init))
        let model = TransformedTargetRegressor(regressor: TestLinearRegression(), transformer: StandardScaler())
        let fitted = try model.fit(x, y)
        #expect(allClose(try fitted.predict(x).scalars, nanDoubles(f["pred"]), 1e-5))
        #expect(allClose(fitted.regressor.coef, nanDoubles(f["coef"]), 1e-5), "coef \(fitted.regressor.coef)")
        #expect(close(try fitted.score(x, y), (f["score"] as? NSNumber)?.doubleValue ?? .nan, 1e-6))
        #expect(fitted.inverseCheckPassed)
        #expect(model.parameterDescription == (Self.fixture["composite_reprs"] as? [String: String])?["transformed_target"])
        #expect(try model.setting("transformer__with_mean", to: false).params["transformer__with_mean"] == false)
    }

    @Test func transformedTargetRegressorWithFunctions() throws {
        // sklearn-behaviours.md §9: func=log on y = exp(2x + 1) gives coef 2 and intercept 1.
        let xs: [Float] = [0, 0.25, 0.5, 0.75, 1, 1.5]
        let x = try Tensor(shape: [6, 1], scalars: xs)
        let y = Tensor(xs.map { Float(Foundation.exp(Double(2 * $0 + 1))) })
        let fitted = try TransformedTargetRegressor(regressor: TestLinearRegression(), function: { Float(Foundation.log(Double($0))) },
                                                    inverseFunction: { Float(Foundation.exp(Double($0))) }).fit(x, y)
        #expect(abs(fitted.regressor.coef[0] - 2) < 1e-5 && abs(fitted.regressor.intercept - 1) < 1e-5)
        #expect(fitted.inverseCheckPassed)
        let wrong = try TransformedTargetRegressor(regressor: TestLinearRegression(), function: { $0 * 2 }, inverseFunction: { $0 }).fit(x, y)
        #expect(!wrong.inverseCheckPassed)
    }
}
