import Testing
import TensorCore
@testable import Estimators

/// The float-tuple and dictionary cases of ``ParameterValue``: printing (checked against
/// scikit-learn 1.9.1's reprs), accessors and their errors, and wrapping of long reprs.
@Suite struct ParameterValueTupleDictTests {
    @Test func tuplesAndDictionariesPrintAsPython() {
        // Python: repr((1e-05, 100.0)), repr((0.5,)), repr({3: 1.0, 'a': 2.0, 'b': 0.5}) as sklearn sorts it.
        #expect(ParameterValue.doubles([1e-05, 100]).description == "(1e-05, 100.0)")
        #expect(ParameterValue.doubles([0.5]).description == "(0.5,)")
        let mixed: ParameterValue = ["b": 0.5, 3: 1.0, "a": 2.0]
        #expect(mixed.description == "{3: 1.0, 'a': 2.0, 'b': 0.5}")
        #expect(MinMaxScaler(featureRange: (-0.5, 2.5)).parameterDescription == "MinMaxScaler(feature_range=(-0.5, 2.5))")
        #expect(Perceptron(classWeight: .weights([1: 0.5, 0: 2])).parameterDescription == "Perceptron(class_weight={0: 2.0, 1: 0.5})")
    }

    @Test func accessorsConvertAndNameTheParameter() throws {
        #expect(try ParameterValue.ints([0, 2]).doublePair(for: "feature_range") == (0, 2))
        #expect(try ParameterValue.doubles([-0.5, 2.5]).doublePair(for: "feature_range") == (-0.5, 2.5))
        #expect { try ParameterValue.doubles([1, 2, 3]).doublePair(for: "feature_range") } throws: { error in
            "\(error)".contains("'feature_range' expects a tuple of two numbers") && "\(error)".contains("(1.0, 2.0, 3.0)")
        }
        #expect { try ParameterValue.string("(0, 1)").doubles(for: "feature_range") } throws: { error in
            "\(error)".contains("'feature_range' expects a tuple of numbers, received a string")
        }
        #expect { try ParameterValue.double(1).dictionary(for: "class_weight") } throws: { error in
            "\(error)".contains("'class_weight' expects a dictionary, received a number (1.0)")
        }
        #expect(try ParameterValue.dictionary([0: 2, 1: 0.5]).doubleDictionary(for: "class_weight") == [0: 2, 1: 0.5])
        #expect { try ParameterValue.dictionary([0: "x"]).doubleDictionary(for: "class_weight") } throws: { error in
            "\(error)".contains("'class_weight[0]' expects a number")
        }
        #expect { try MinMaxScaler().setting("feature_range", to: "(0, 1)") } throws: { error in
            "\(error)".contains("'feature_range'")
        }
    }

    @Test func estimatorsRoundTripTheNewCases() throws {
        let scaler = try MinMaxScaler().setting("feature_range", to: .doubles([-0.5, 2.5]))
        #expect(scaler.featureRange == (-0.5, 2.5))
        #expect(scaler.params["feature_range"] == .doubles([-0.5, 2.5]))
        #expect(try MinMaxScaler().setting(scaler.params).featureRange == (-0.5, 2.5))
        let p = try Perceptron().setting("class_weight", to: [0: 2.0, 2: .int(3)])
        #expect(p.classWeight == .weights([0: 2, 2: 3]))
        #expect(p.params["class_weight"] == [0: 2.0, 2: 3.0])
    }

    @Test func longReprsWrapAsScikitLearn() throws {
        // repr(Perceptron(class_weight={i: 0.5 + i for i in range(30)}, eta0=0.1, penalty='l2', alpha=0.001))
        var weights: [Float: Double] = [:]
        for i in 0..<30 { weights[Float(i)] = 0.5 + Double(i) }
        let p = Perceptron(eta0: 0.1, penalty: .l2, alpha: 0.001, classWeight: .weights(weights))
        #expect(p.parameterDescription == """
            Perceptron(alpha=0.001,
                       class_weight={0: 0.5, 1: 1.5, 2: 2.5, 3: 3.5, 4: 4.5, 5: 5.5, 6: 6.5,
                                     7: 7.5, 8: 8.5, 9: 9.5, 10: 10.5, 11: 11.5, 12: 12.5,
                                     13: 13.5, 14: 14.5, 15: 15.5, 16: 16.5, 17: 17.5,
                                     18: 18.5, 19: 19.5, 20: 20.5, 21: 21.5, 22: 22.5,
                                     23: 23.5, 24: 24.5, 25: 25.5, 26: 26.5, 27: 27.5,
                                     28: 28.5, 29: 29.5},
                       eta0=0.1, penalty='l2')
            """)
        // repr(MinMaxScaler(feature_range=(-0.00012345678901234567, 2.123456789012345678), clip=True))
        #expect(MinMaxScaler(featureRange: (-0.00012345678901234567, 2.123456789012345678), clip: true).parameterDescription
                == "MinMaxScaler(clip=True,\n             feature_range=(-0.00012345678901234567, 2.1234567890123457))")
        // 80 characters still fit on one line: repr(MinMaxScaler(feature_range=(-1234.123456789012345, 2.123456789012345678), clip=True))
        #expect(MinMaxScaler(featureRange: (-1234.123456789012345, 2.123456789012345678), clip: true).parameterDescription
                == "MinMaxScaler(clip=True, feature_range=(-1234.1234567890124, 2.1234567890123457))")
    }
}
