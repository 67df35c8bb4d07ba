import Foundation
import Testing
import TensorCore
@testable import Estimators

/// StandardScaler and MinMaxScaler against scikit-learn 1.9.1 (`Fixtures/sklearn/preprocessing.json`).
@Suite struct PreprocessingScalerTests {
    static func params(_ c: [String: Any]) -> [String: ParameterValue] {
        var out: [String: ParameterValue] = [:]
        for (k, v) in c["params"] as? [String: Any] ?? [:] {
            // fill_value is the fixture's only numeric parameter; every other number is a flag.
            if k == "fill_value", let n = v as? NSNumber { out[k] = .double(n.doubleValue) }
            else if let b = v as? Bool { out[k] = .bool(b) }
            else if let s = v as? String { out[k] = .string(s) }
            else if let a = v as? [Any] {
                let d = nanDoubles(a)
                out[k] = d.allSatisfy { $0.rounded() == $0 } ? .ints(d.map { Int($0) }) : .doubles(d)
            }
        }
        return out
    }

    @Test func standardScalerMatchesSklearn() throws {
        let cases = PreprocessingFixtures.shared.cases("StandardScaler")
        #expect(cases.count == 6)
        for (i, c) in cases.enumerated() {
            let scaler = try StandardScaler().setting(Self.params(c))
            let w = (c["sample_weight"] as? [Any]).map { Tensor(nanDoubles($0).map(Float.init)) }
            let fitted = try scaler.fit(try fixtureMatrix(c["fit"]), sampleWeight: w)
            let out = try fitted.transform(try fixtureMatrix(c["x"]))
            #expect(allClose(out.scalars, fixtureValues(c["out"])), "case \(i): \(out.scalars) vs \(fixtureValues(c["out"]))")
            let back = try fitted.inverseTransform(out)
            #expect(allClose(back.scalars, fixtureValues(c["inverse"]), 1e-5), "case \(i) inverse")
            #expect(allClose(fitted.mean, nanDoubles(c["mean_"]), 1e-9), "case \(i) mean_")
            if c["scale_"] != nil { #expect(allClose(fitted.scale ?? [], nanDoubles(c["scale_"]), 1e-9), "case \(i) scale_") }
            if c["var_"] != nil { #expect(allClose(fitted.variance ?? [], nanDoubles(c["var_"]), 1e-9), "case \(i) var_") }
            #expect(scaler.parameterDescription == c["repr"] as? String)
        }
    }

    @Test func minMaxScalerMatchesSklearn() throws {
        let cases = PreprocessingFixtures.shared.cases("MinMaxScaler")
        #expect(cases.count == 5)
        for (i, c) in cases.enumerated() {
            let scaler = try MinMaxScaler().setting(Self.params(c))
            let fitted = try scaler.fit(try fixtureMatrix(c["fit"]))
            let out = try fitted.transform(try fixtureMatrix(c["x"]))
            #expect(allClose(out.scalars, fixtureValues(c["out"])), "case \(i): \(out.scalars) vs \(fixtureValues(c["out"]))")
            if c["inverse"] != nil {
                #expect(allClose(try fitted.inverseTransform(out).scalars, fixtureValues(c["inverse"]), 1e-5), "case \(i) inverse")
            }
            if c["scale_"] != nil { #expect(allClose(fitted.scale, nanDoubles(c["scale_"]), 1e-9), "case \(i) scale_") }
            if c["min_"] != nil { #expect(allClose(fitted.min, nanDoubles(c["min_"]), 1e-9), "case \(i) min_") }
            if c["data_min_"] != nil { #expect(allClose(fitted.dataMin, nanDoubles(c["data_min_"]), 1e-9)) }
            #expect(scaler.parameterDescription == c["repr"] as? String)
        }
    }

    @Test func constantColumnsMapToZeroAndNaNPassesThrough() throws {
        let x = try Tensor(rows: [[2, 1], [2, .nan], [2, 3]])
        let fitted = try StandardScaler().fit(x)
        #expect(fitted.scale == [1, 1])
        #expect(fitted.samplesSeen == [3, 2])
        let z = try fitted.transform(x).scalars
        #expect(z[0] == 0 && z[2] == 0 && z[4] == 0)
        #expect(z[3].isNaN)
    }

    @Test func badInputNamesTheProblem() throws {
        let fitted = try StandardScaler().fit(try Tensor(rows: [[1, 2, 3], [4, 5, 6]]))
        #expect { try fitted.transform(try Tensor(rows: [[1, 2]])) } throws: { error in
            "\(error)".contains("x has 2 features, but StandardScaler is expecting 3 features as input")
        }
        #expect { try StandardScaler().fit(try Tensor(rows: [[1, .infinity]])) } throws: { error in
            "\(error)".contains("infinity at row 0, column 1")
        }
        #expect { try MinMaxScaler(featureRange: (1, 0)).fit(try Tensor(rows: [[1]])) } throws: { error in
            "\(error)".contains("feature_range=(1, 0)")
        }
        #expect { try StandardScaler().setting("with_mean", to: 1) } throws: { error in
            "\(error)".contains("'with_mean' expects a Bool")
        }
        #expect { try MinMaxScaler().setting("feature_rang", to: .ints([0, 2])) } throws: { error in
            "\(error)".contains("'feature_rang'")
        }
        #expect(throws: SwiftLearnError.self) { try StandardScaler().fit(try Tensor(zeros: [0, 3])) }
    }

    @Test func parametersRoundTripByName() throws {
        let s = try MinMaxScaler().setting(["feature_range": .ints([-1, 1]), "clip": true])
        #expect(s.featureRange == (-1, 1) && s.clip)
        #expect(try MinMaxScaler().setting(s.params).params == s.params)
        #expect(try MinMaxScaler().setting("feature_range", to: .doubles([-0.5, 2.5])).featureRange == (-0.5, 2.5))
    }
}
