import Testing
import TensorCore
@testable import Estimators

/// A tiny estimator-like value used to check the name-based parameter machinery.
private struct Toy: HyperparameterSettable {
    var alpha = 1e-4
    var sizes = [100]
    var solver = "adam"
    var tol: Double? = 1e-4

    static let typeName = "Toy"
    static var defaultParams: [String: ParameterValue] { Toy().params }
    var params: [String: ParameterValue] {
        ["alpha": .double(alpha), "hidden_layer_sizes": .ints(sizes), "solver": .string(solver),
         "tol": tol.map(ParameterValue.double) ?? .none]
    }
    mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "alpha": alpha = try value.double(for: name)
        case "hidden_layer_sizes": sizes = try value.ints(for: name)
        case "solver": solver = try value.string(for: name)
        case "tol": tol = try value.optionalDouble(for: name)
        default: throw Self.unknownParameter(name)
        }
    }
}

@Suite struct HyperparameterTests {
    @Test func printsLikeScikitLearnWithChangedParametersOnly() throws {
        #expect(Toy().parameterDescription == "Toy()")
        let changed = try Toy().setting(["hidden_layer_sizes": .ints([30]), "alpha": 0.01, "tol": nil])
        #expect(changed.parameterDescription == "Toy(alpha=0.01, hidden_layer_sizes=(30,), tol=None)")
        #expect(try Toy().setting("hidden_layer_sizes", to: .ints([30, 10])).parameterDescription
                == "Toy(hidden_layer_sizes=(30, 10))")
        #expect(try Toy().setting("solver", to: "sgd").parameterDescription == "Toy(solver='sgd')")
    }

    @Test func valuesPrintAsPythonReprs() {
        #expect(ParameterValue.double(1e-05).description == "1e-05")
        #expect(ParameterValue.double(100).description == "100.0")
        #expect(ParameterValue.bool(true).description == "True")
        #expect(ParameterValue.int(3).description == "3")
    }

    @Test func integersAreAcceptedForNumbersAndKeyPathsSetToo() throws {
        #expect(try Toy().setting("alpha", to: 1).alpha == 1)
        #expect(Toy().setting(\.alpha, to: 0.5).alpha == 0.5)
        #expect(try ParameterValue.double(3).int(for: "n") == 3)
    }

    @Test func unknownNamesAndWrongKindsThrowNamingTheParameter() {
        #expect { try Toy().setting("alpah", to: 1) } throws: { error in
            "\(error)".contains("'alpah'") && "\(error)".contains("valid parameters: alpha, hidden_layer_sizes")
        }
        #expect { try Toy().setting("solver", to: 3) } throws: { error in
            "\(error)".contains("'solver' expects a string, received an integer (3)")
        }
        #expect(throws: SwiftLearnError.self) { try ParameterValue.double(2.5).int(for: "n") }
    }
}

@Suite struct EstimatorPrintingTests {
    @Test func printingAnEstimatorShowsScikitLearnsRepr() {
        #expect("\(MLPRegressor(maxIter: 5))" == "MLPRegressor(max_iter=5)")
        #expect("\(Perceptron())" == "Perceptron()")
        #expect("\(StandardScaler(withMean: false))" == "StandardScaler(with_mean=False)")
        #expect(String(describing: MinMaxScaler()) == "MinMaxScaler()")
    }
}

@Suite struct ContinuousLabelTests {
    @Test func classifiersRefuseContinuousTargetsAsScikitLearnDoes() throws {
        let x = try Tensor(shape: [4, 1], scalars: [0, 1, 2, 3])
        let y = try Tensor(shape: [4], scalars: [0.5, 1, 4.37, 2])
        let check: (any Error) -> Bool = { "\($0)".contains("continuous values (0.5 at row 0)") }
        #expect(performing: { _ = try Perceptron().fit(x, y) }, throws: check)
        #expect(performing: { _ = try MLPClassifier(maxIter: 2).fit(x, y) }, throws: check)
        // Whole-number floats are class labels.
        #expect(try Perceptron().fit(x, try Tensor(shape: [4], scalars: [0, 1, 0, 1])).classes == [0, 1])
    }
}

@Suite struct ParameterDomainChoiceTests {
    @Test func choiceIsTheCategoricalDistribution() {
        #expect(ParameterDomain.choice(["adam", "sgd"]) == .values(["adam", "sgd"]))
    }
}
