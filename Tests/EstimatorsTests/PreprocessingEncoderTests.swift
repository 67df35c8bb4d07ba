import Foundation
import Testing
import TensorCore
@testable import Estimators

/// OneHotEncoder, SimpleImputer and LabelEncoder against scikit-learn 1.9.1
/// (`Fixtures/sklearn/preprocessing.json`).
@Suite struct PreprocessingEncoderTests {
    @Test func oneHotEncoderMatchesSklearn() throws {
        let cases = PreprocessingFixtures.shared.cases("OneHotEncoder")
        #expect(cases.count == 5)
        for (i, c) in cases.enumerated() {
            let encoder = try OneHotEncoder().setting(PreprocessingScalerTests.params(c))
            let fitted = try encoder.fit(try fixtureMatrix(c["fit"]))
            let out = try fitted.transform(try fixtureMatrix(c["x"]))
            #expect(out.shape == ints((c["out"] as? [String: Any])?["shape"]), "case \(i) shape")
            #expect(allClose(out.scalars, fixtureValues(c["out"])), "case \(i): \(out.scalars)")
            if c["inverse"] != nil {
                #expect(allClose(try fitted.inverseTransform(out).scalars, fixtureValues(c["inverse"])), "case \(i) inverse")
            }
            #expect(encoder.parameterDescription == c["repr"] as? String)
        }
    }

    @Test func simpleImputerMatchesSklearn() throws {
        let cases = PreprocessingFixtures.shared.cases("SimpleImputer")
        #expect(cases.count == 8)
        for (i, c) in cases.enumerated() {
            let imputer = try SimpleImputer().setting(PreprocessingScalerTests.params(c))
            let fitted = try imputer.fit(try fixtureMatrix(c["fit"]))
            let out = try fitted.transform(try fixtureMatrix(c["x"]))
            #expect(out.shape == ints((c["out"] as? [String: Any])?["shape"]), "case \(i) shape \(out.shape)")
            #expect(allClose(out.scalars, fixtureValues(c["out"])), "case \(i): \(out.scalars)")
            if c["statistics_"] != nil { #expect(allClose(fitted.statistics, nanDoubles(c["statistics_"]), 1e-9), "case \(i) statistics_") }
            #expect(imputer.parameterDescription == c["repr"] as? String)
        }
    }

    @Test func labelEncoderMatchesSklearn() throws {
        let f = PreprocessingFixtures.shared.root["label_encoder"] as? [String: Any] ?? [:]
        let fitted = try LabelEncoder().fit(Tensor(nanDoubles(f["y"]).map(Float.init)))
        #expect(fitted.classes.map(Double.init) == nanDoubles(f["classes"]))
        #expect(try fitted.transform(Tensor([3, 10, -1])).scalars.map(Double.init) == nanDoubles(f["encoded"]))
        #expect(try fitted.inverseTransform(Tensor([2, 0])).scalars.map(Double.init) == nanDoubles(f["decoded"]))
    }

    @Test func labelEncoderKeepsStringLabels() throws {
        let fitted = try LabelEncoder().fit(labels: ["tokyo", "paris", "amsterdam", "paris"])
        #expect(fitted.classes == ["amsterdam", "paris", "tokyo"])
        #expect(try fitted.encode(["paris", "tokyo"]) == [1, 2])
        #expect(try fitted.decode([0, 2]) == ["amsterdam", "tokyo"])
        #expect { try fitted.encode(["rome"]) } throws: { error in
            "\(error)".contains("y contains previously unseen labels: [rome]")
        }
        #expect(throws: SwiftLearnError.self) { try fitted.decode([3]) }
    }

    @Test func unknownCategoriesAndBadValuesAreNamed() throws {
        let fitted = try OneHotEncoder().fit(try Tensor(rows: [[1, 10], [2, 20]]))
        #expect { try fitted.transform(try Tensor(rows: [[1, 30], [1, 10]])) } throws: { error in
            "\(error)".contains("Found unknown categories [30.0] in column 1 during transform")
        }
        #expect { try OneHotEncoder().fit(try Tensor(rows: [[1, .nan]])) } throws: { error in
            "\(error)".contains("NaN at row 0, column 1")
        }
        #expect { try OneHotEncoder(categories: [[1, 2]]).fit(try Tensor(rows: [[3]])) } throws: { error in
            "\(error)".contains("Found unknown categories [3.0] in column 0 during fit")
        }
        #expect { try OneHotEncoder().setting("handle_unknown", to: "warn") } throws: { error in
            "\(error)".contains("'handle_unknown'") && "\(error)".contains("'warn'")
        }
        #expect { try SimpleImputer().setting("strategy", to: "mode") } throws: { error in
            "\(error)".contains("'strategy'") && "\(error)".contains("'mode'")
        }
        #expect { try SimpleImputer(strategy: .constant, fillValue: .nan).fit(try Tensor(rows: [[1]])) } throws: { error in
            "\(error)".contains("'fill_value'")
        }
        let imputer = try SimpleImputer().fit(try Tensor(rows: [[1, 2]]))
        #expect { try imputer.transform(try Tensor(rows: [[1, 2, 3]])) } throws: { error in
            "\(error)".contains("x has 3 features, but SimpleImputer is expecting 2")
        }
    }

    @Test func explicitCategoriesMayListUnseenValues() throws {
        // scikit-learn 1.9.1: OneHotEncoder(categories=[[1., 2., 3.]]).fit([[1.], [2.]]) encodes [[3.], [2.]] as
        // [0, 0, 1, 0, 1, 0] with names x0_1.0, x0_2.0, x0_3.0; unsorted numerical categories are refused.
        let fitted = try OneHotEncoder(categories: [[1, 2, 3]]).fit(try Tensor(rows: [[1], [2]]))
        #expect(try fitted.transform(try Tensor(rows: [[3], [2]])).scalars == [0, 0, 1, 0, 1, 0])
        #expect(fitted.featureNames() == ["x0_1.0", "x0_2.0", "x0_3.0"])
        #expect { try OneHotEncoder(categories: [[3, 1, 2]]).fit(try Tensor(rows: [[1]])) } throws: { error in
            "\(error)".contains("Unsorted categories are not supported for numerical categories: categories for column 0")
        }
    }
}
