import Testing
import TensorCore
import NeuralNet
@testable import Estimators

/// Two separable groups of 3-feature points; `positive` rows have large first features.
private func twoGroups(_ n: Int = 30) throws -> (x: Tensor, positive: [Bool]) {
    var x: [Float] = [], positive: [Bool] = []
    for i in 0..<n {
        let up = i % 2 == 0
        let jitter = Float(i % 5) / 10
        x += up ? [1.5 + jitter, 1 - jitter, 0.2] : [-1.5 - jitter, -1 + jitter, -0.2]
        positive.append(up)
    }
    return (try Tensor(shape: [n, 3], scalars: x), positive)
}

private enum Species: String, Comparable, Hashable, Sendable {
    case setosa, versicolor
    static func < (a: Species, b: Species) -> Bool { a.rawValue < b.rawValue }
}

@Suite struct LabeledClassifierTests {
    /// Integer labels train exactly as the same labels given as Floats: the encoding keeps the order.
    @Test func integerLabelsGiveTheSameModelAsFloatLabels() throws {
        let (x, positive) = try twoGroups()
        let ints = positive.map { $0 ? 7 : -3 }
        let labeled = try Perceptron(shuffle: false).fit(x, labels: ints)
        let plain = try Perceptron(shuffle: false).fit(x, Tensor(ints.map(Float.init)))
        #expect(labeled.classes == [-3, 7])
        #expect(labeled.base.coefficients == plain.coefficients && labeled.base.intercepts == plain.intercepts)
        #expect(try labeled.predict(x) == plain.predict(x).scalars.map { Int($0) })
        #expect(try labeled.decisionFunction(x).scalars == plain.decisionFunction(x).scalars)
        #expect(try labeled.score(x, ints) == 1)
        // A label never seen in fit counts as wrong.
        #expect(try labeled.score(x, ints.enumerated().map { $0.offset == 0 ? 99 : $0.element }) == Double(29) / 30)
    }

    @Test func mlpClassifierPredictsStringLabels() throws {
        let (x, positive) = try twoGroups()
        let names = positive.map { $0 ? "yes" : "no" }
        let model = try MLPClassifier(hiddenLayerSizes: [4], learningRateInit: 0.05, maxIter: 60, randomState: 1)
            .fit(x, labels: names)
        #expect(model.classes == ["no", "yes"])
        #expect(try model.predict(x) == names)
        #expect(try model.score(x, names) == 1)
        let proba = try model.predictProba(x)
        #expect(proba.shape == [30, 2])
        // Column 1 is "yes": the larger probability agrees with the prediction.
        #expect((0..<30).allSatisfy { i in (proba.scalars[2 * i + 1] > 0.5) == positive[i] })
    }

    @Test func kerasClassifierPredictsEnumLabels() throws {
        let (x, positive) = try twoGroups()
        let labels = positive.map { $0 ? Species.versicolor : .setosa }
        var clf = KerasClassifier(0.1) { rate, info in
            let model = try Sequential([InputLayer(shape: info.inputShape), Dense(info.outputCount, activation: .softmax)])
            try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: Float(rate)))
            return model
        }
        clf.fitOptions.epochs = 20
        clf.fitOptions.randomState = 2
        let model = try clf.fit(x, labels: labels)
        #expect(model.classes == [.setosa, .versicolor])
        #expect(try model.predict(x) == labels)
        #expect(try model.predictProba(x).shape == [30, 2])
    }

    /// Three string classes come back sorted as NumPy sorts them, whatever their first appearance.
    @Test func classesAreSortedAndBadLabelsRefused() throws {
        let (x, _) = try twoGroups()
        let names = (0..<30).map { ["cat", "ant", "bird"][$0 % 3] }
        let model = try Perceptron().fit(x, labels: names)
        #expect(model.classes == ["ant", "bird", "cat"])
        #expect(model.base.classes == [0, 1, 2] && model.featureCount == 3)
        #expect(Set(try model.predict(x)).isSubset(of: ["ant", "bird", "cat"]))
        #expect(throws: SwiftLearnError.self) { try Perceptron().fit(x, labels: Array(names.prefix(29))) }
        #expect(throws: SwiftLearnError.self) { try Perceptron().fit(x, labels: (0..<30).map { $0 == 4 ? Double.nan : Double($0 % 2) }) }
        #expect(throws: SwiftLearnError.self) { try Perceptron().fit(x, labels: Array(repeating: "one", count: 30)) }
    }
}
