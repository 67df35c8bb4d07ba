import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// User losses (a `LossFunction` type or a closure) and the cross-entropies from logits:
/// values and gradients against Keras 3 (Fixtures/keras/metrics.json) and against central
/// differences of Double re-implementations.
@Suite struct CustomLossTests {
    static let fixtures = KerasFixtures(file: "metrics.json")

    /// The mean over the last axis of `(ŷ − y)⁴`, built from tape operations.
    struct MeanFourthPower: LossFunction, Equatable {
        var name: String { "mean_fourth_power" }
        func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
            try (yPred - yTrue).square().square().averagedAlongLastAxis()
        }
    }

    static let logitsCases: [String: Loss] = [
        "binary": .binaryCrossentropy(fromLogits: true), "binary_soft_targets": .binaryCrossentropy(fromLogits: true),
        "binary_single_output": .binaryCrossentropy(fromLogits: true),
        "categorical": .categoricalCrossentropy(fromLogits: true), "categorical_weighted": .categoricalCrossentropy(fromLogits: true),
        "sparse_categorical": .sparseCategoricalCrossentropy(fromLogits: true),
        "sparse_categorical_weighted": .sparseCategoricalCrossentropy(fromLogits: true),
    ]

    @Test(arguments: logitsCases.keys.sorted())
    func logitsLossAndGradientMatchKeras(name: String) throws {
        try Self.checkAgainstKeras(Self.fixtures.object("logits_losses", name), loss: try #require(Self.logitsCases[name]), name: name)
    }

    static let kerasLossNames = ["poisson", "log_cosh", "hinge", "hinge_signed_labels", "squared_hinge", "kl_divergence",
                                 "mean_squared_logarithmic_error", "mean_absolute_percentage_error"]

    /// Keras' further losses, by name: value and gradient with respect to the predictions.
    @Test(arguments: kerasLossNames)
    func kerasLossMatchesKeras(name: String) throws {
        let loss = try Loss(named: name == "hinge_signed_labels" ? "Hinge" : name)
        try Self.checkAgainstKeras(Self.fixtures.object("keras_losses", name), loss: loss, name: name)
    }

    static func checkAgainstKeras(_ c: [String: Any], loss: Loss, name: String) throws {
        let yTrue = try tensor(c["y_true"], shape: c["y_true_shape"])
        let logits = try tensor(c["logits"], shape: c["logits_shape"])
        let w = c["sample_weight"] is NSNull ? nil : Tensor(floats(c["sample_weight"]))
        let tape = GradientTape()
        var watched = logits
        let value = try tape.record { () throws -> Tensor in
            watched = tape.watch(logits)
            return try loss(yTrue, watched, sampleWeight: w)
        }
        try tape.backward(from: value)
        let expected = try #require((c["loss"] as? NSNumber)?.floatValue)
        #expect(maxScaledDifference([value.scalar ?? .nan], [expected]) <= 1e-6, "\(name): \(value.scalar ?? .nan) vs Keras \(expected)")
        let gradient = try #require(tape.gradient(for: watched)).scalars
        #expect(maxDifference(gradient, floats(c["gradient"])) <= 1e-6, "\(name) gradient: \(gradient) vs Keras \(floats(c["gradient"]))")
    }

    /// Double references of Keras 3's from-logits forms.
    static func referenceLogits(_ kind: String, _ y: DArray, _ x: DArray, weights: [Double]?) -> DArray {
        let k = x.shape.last ?? 1, n = x.count / k
        var total = 0.0
        for r in 0..<n {
            let row = Array(x.values[(r * k)..<((r + 1) * k)])
            var value = 0.0
            if kind == "binary" {
                for j in 0..<k {
                    let t = y.values[r * k + j], v = row[j]
                    value += max(v, 0) - v * t + Foundation.log1p(Foundation.exp(-abs(v)))
                }
                value /= Double(k)
            } else {
                let m = row.max() ?? 0
                let lse = m + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) })
                for j in 0..<k {
                    let t = kind == "sparse" ? (Double(j) == y.values[r] ? 1 : 0) : y.values[r * k + j]
                    value -= t * (row[j] - lse)
                }
            }
            total += value * (weights?[r] ?? 1)
        }
        return DArray(total / Double(n))
    }

    @Test(arguments: ["binary", "categorical", "sparse"], [false, true])
    func logitsGradientsMatchFiniteDifferences(kind: String, weighted: Bool) throws {
        let x = uniform([4, 3], -4, 4, seed: 31)
        let y: Tensor = kind == "sparse" ? Tensor([2, 0, 1, 1])
            : kind == "binary" ? uniform([4, 3], 0, 1, seed: 32) : try Tensor([[0, 1, 0], [0.2, 0.3, 0.5], [1, 0, 0], [0, 0, 1]])
        let w = weighted ? Tensor([1, 0.5, 2, 0]) : nil
        let loss: Loss = kind == "binary" ? .binaryCrossentropy(fromLogits: true)
            : kind == "sparse" ? .sparseCategoricalCrossentropy(fromLogits: true) : .categoricalCrossentropy(fromLogits: true)
        #expect(loss.fromLogits && !Loss.binaryCrossentropy.fromLogits)
        try checkGradient([x]) { try loss(y, $0[0], sampleWeight: w) } reference: {
            Self.referenceLogits(kind, DArray(y), $0[0], weights: w.map { $0.scalars.map(Double.init) })
        }
    }

    @Test func customLossTypeAndClosureDifferentiateOnTheTape() throws {
        let yTrue = uniform([5, 2], seed: 41), yPred = uniform([5, 2], seed: 42)
        let reference: ([DArray]) throws -> DArray = { p in
            let v = zip(p[0].values, DArray(yTrue).values).map { pow($0 - $1, 4) }
            return DArray(v.reduce(0, +) / Double(v.count))
        }
        try checkGradient([yPred], { try Loss.custom(MeanFourthPower())(yTrue, $0[0]) }, reference: reference)
        let closure = Loss.custom(name: "fourth") { t, p in try (p - t).square().square() } // (batch, 2): averaged per sample
        try checkGradient([yPred], { try closure(yTrue, $0[0]) }, reference: reference)
        // With sample weights, a (batch, 2) result is first averaged per sample (Keras' sum_over_batch_size).
        let w = Tensor([1, 0.5, 2, 0, 3])
        try checkGradient([yPred], { try closure(yTrue, $0[0], sampleWeight: w) }, reference: { p in
            let v = zip(p[0].values, DArray(yTrue).values).map { pow($0 - $1, 4) }
            let weights: [Double] = w.scalars.map(Double.init)
            var total = 0.0
            for r in 0..<5 { total += (v[2 * r] + v[2 * r + 1]) / 2 * weights[r] }
            return DArray(total / 5)
        })
        #expect(closure.name == "fourth" && Loss.custom(MeanFourthPower()).name == "mean_fourth_power")
        #expect(Loss.custom(MeanFourthPower()) == Loss.custom(MeanFourthPower()))
        #expect(Loss.custom(MeanFourthPower()) != .meanSquaredError)
    }

    /// A closure loss equal to MSE trains exactly as the built-in `.meanSquaredError`.
    @Test func closureEqualToMSETrainsAsBuiltIn() throws {
        func run(_ loss: Loss) throws -> (History, [Tensor]) {
            setRandomSeed(5)
            let model = try Sequential([InputLayer(shape: [3]), Dense(4, activation: .tanh), Dense(2)])
            try model.compile(loss: loss, optimizer: SGD(learningRate: 0.05), metrics: ["mae"])
            let h = try model.fit(uniform([20, 3], seed: 1), uniform([20, 2], seed: 2), batchSize: 8, epochs: 3, verbose: .silent)
            return (h, model.getWeights())
        }
        let (builtIn, w1) = try run(.meanSquaredError)
        let (custom, w2) = try run(.custom(name: "my_mse") { t, p in try (p - t).square().averagedAlongLastAxis() })
        #expect(maxDifference(builtIn["loss"], custom["loss"]) <= 1e-6)
        for (a, b) in zip(w1, w2) { #expect(maxDifference(a.scalars, b.scalars) <= 1e-6) }
    }

    @Test func customLossesPerOutput() throws {
        let input = Input(shape: [3], name: "x")
        let hidden = try Dense(4, activation: .relu)(input)
        let main = try Dense(1, name: "main")(hidden), aux = try Dense(3, name: "aux")(hidden)
        let model = try Model(inputs: [input], outputs: [main, aux])
        try model.compile(losses: ["main": .custom(MeanFourthPower()), "aux": .categoricalCrossentropy(fromLogits: true)],
                          optimizer: SGD(learningRate: 0.01), lossWeights: ["main": 0.5])
        let y2 = try toCategorical(Tensor([0, 1, 2, 1, 0, 2]))
        let h = try model.fit(["x": uniform([6, 3], seed: 3)], ["main": uniform([6, 1], seed: 4), "aux": y2], epochs: 2, verbose: .silent)
        #expect(Set(h.history.keys) == ["loss", "main_loss", "aux_loss"])
        for (total, (m, a)) in zip(h["loss"], zip(h["main_loss"], h["aux_loss"])) {
            #expect(abs(total - (0.5 * m + a)) <= 1e-5)
        }
    }

    @Test func lossNamesAsKeras() throws {
        for (name, expected) in [("kld", "kl_divergence"), ("MSLE", "mean_squared_logarithmic_error"), ("mape", "mean_absolute_percentage_error"),
                                 ("LogCosh", "log_cosh"), ("BCE", "binary_crossentropy"), ("MSE", "mean_squared_error")] {
            #expect(try Loss(named: name).name == expected, "\(name)")
        }
        do {
            _ = try Loss(named: "poison")
            Issue.record("an unknown loss name must throw")
        } catch let error as SwiftLearnError {
            for fragment in ["'poison'", "poisson", "huber", "kl_divergence", "sparse_categorical_crossentropy", ".custom"] {
                #expect(error.description.contains(fragment), "\(fragment) missing from \(error.description)")
            }
        }
    }

    @Test func badCustomLossesThrow() throws {
        let scalar = Loss.custom(name: "scalar") { t, p in try (p - t).square().summed() }
        #expect(throws: SwiftLearnError.self) { _ = try scalar(Tensor([1, 2]), Tensor([1, 3])) }
        do {
            _ = try scalar.perSample(try Tensor([[1], [2]]), try Tensor([[1], [3]]))
            Issue.record("a loss returning a scalar must throw")
        } catch let error as SwiftLearnError {
            #expect(error.description.contains("one value per sample") && error.description.contains("scalar"))
        }
        #expect(throws: SwiftLearnError.self) {
            _ = try Loss.sparseCategoricalCrossentropy(fromLogits: true)(Tensor([3, 0]), try Tensor([[1, 2, 3], [0, 0, 0]]))
        }
        #expect(throws: SwiftLearnError.self) {
            _ = try Loss.categoricalCrossentropy(fromLogits: true)(Tensor([1, 0]), try Tensor([[1, 2, 3], [0, 0, 0]]))
        }
    }
}
