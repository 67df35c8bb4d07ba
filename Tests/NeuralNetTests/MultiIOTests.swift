import Testing
import TensorCore
@testable import NeuralNet

/// The multi-input/multi-output API around the Keras fixture: row alignment of every array
/// through shuffling and splits, the single-loss compile on several outputs, dictionaries by
/// name, and the errors for arrays that do not fit the model.
@Suite struct MultiIOTests {
    /// Two inputs `a`, `b` of one feature; outputs `difference = a − b` and `sum = a + b`
    /// (no weights): the loss is exactly 0 only when every array's rows stay together.
    static func alignmentModel() throws -> Model {
        let a = Input(shape: [1], name: "a"), b = Input(shape: [1], name: "b")
        let difference = try Subtract(name: "difference")([a, b])
        let sum = try Add(name: "sum")([a, b])
        return try Model(inputs: [a, b], outputs: [difference, sum])
    }

    static func data(_ n: Int) throws -> (a: Tensor, b: Tensor, difference: Tensor, sum: Tensor) {
        let a = (0..<n).map { Float($0) }, b = (0..<n).map { Float($0 * $0) / 7 }
        return (try Tensor(shape: [n, 1], scalars: a), try Tensor(shape: [n, 1], scalars: b),
                try Tensor(shape: [n, 1], scalars: zip(a, b).map { $0 - $1 }),
                try Tensor(shape: [n, 1], scalars: zip(a, b).map { $0 + $1 }))
    }

    @Test func shufflingAndValidationSplitKeepEveryArrayAligned() throws {
        let model = try Self.alignmentModel()
        try model.compile(losses: [.meanSquaredError, .meanAbsoluteError], metrics: [[.meanAbsoluteError], []])
        let d = try Self.data(23)
        setRandomSeed(4)
        let history = try model.fit([d.a, d.b], [d.difference, d.sum], batchSize: 4, epochs: 3, verbose: .silent,
                                    validationSplit: 0.3, shuffle: true)
        #expect(Set(history.history.keys) == ["loss", "difference_loss", "sum_loss", "difference_mean_absolute_error",
                                               "val_loss", "val_difference_loss", "val_sum_loss", "val_difference_mean_absolute_error"])
        for (key, values) in history.history { #expect(values == [0, 0, 0], "\(key)") }
        // Misaligned targets give a loss: the check above can fail.
        let shifted = try Tensor(shape: [23, 1], scalars: Array(d.sum.scalars.dropFirst()) + [d.sum.scalars[0]])
        let logs = try model.evaluate([d.a, d.b], [d.difference, shifted], verbose: .silent)
        #expect(logs["sum_loss"].map { $0 > 0 } == true)
    }

    @Test func validationDataArraysAndDictionariesAreAligned() throws {
        let model = try Self.alignmentModel()
        try model.compile(losses: ["difference": "mse", "sum": "mse"])
        let d = try Self.data(12), v = try Self.data(5)
        let history = try model.fit(["a": d.a, "b": d.b], ["sum": d.sum, "difference": d.difference], batchSize: 5, epochs: 2,
                                    verbose: .silent, validationData: (["b": v.b, "a": v.a], ["difference": v.difference, "sum": v.sum]))
        #expect(history["val_loss"] == [0, 0])
        #expect(history["loss"] == [0, 0])
    }

    /// One loss for several outputs applies to each, weight 1 (Keras); checked against the MSE
    /// computed here from the predictions.
    @Test func singleLossAppliesToEveryOutput() throws {
        let model = try MultiIOKerasTests.makeModel()
        try model.compile(loss: "mse", optimizer: "sgd", metrics: ["mae"])
        let n = 6
        let wide = try Tensor(shape: [n, 5], scalars: (0..<(n * 5)).map { Float($0 % 7) / 7 - 0.4 })
        let deep = try Tensor(shape: [n, 6], scalars: (0..<(n * 6)).map { Float($0 % 5) / 5 - 0.3 })
        let main = try Tensor(shape: [n, 1], scalars: (0..<n).map { Float($0) / 3 })
        let aux = try Tensor(shape: [n, 1], scalars: (0..<n).map { 1 - Float($0) / 4 })
        let predictions = try model.predictOnBatch([wide, deep])
        try #require(predictions.count == 2)
        func mse(_ p: Tensor, _ y: Tensor) -> Float {
            zip(p.scalars, y.scalars).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(y.scalarCount)
        }
        let expectedMain = mse(predictions[0], main), expectedAux = mse(predictions[1], aux)
        let logs = try model.testOnBatch([wide, deep], [main, aux])
        #expect(abs((logs["main_output_loss"] ?? .nan) - expectedMain) <= 1e-6 * max(1, expectedMain))
        #expect(abs((logs["aux_output_loss"] ?? .nan) - expectedAux) <= 1e-6 * max(1, expectedAux))
        #expect(abs((logs["loss"] ?? .nan) - (expectedMain + expectedAux)) <= 1e-6 * max(1, expectedMain + expectedAux))
        #expect(logs["main_output_mae"] != nil && logs["aux_output_mae"] != nil)
        // trainOnBatch reports the loss before its update, as Keras.
        let trained = try model.trainOnBatch(["wide_input": wide, "deep_input": deep], ["main_output": main, "aux_output": aux])
        #expect(abs((trained["loss"] ?? .nan) - (expectedMain + expectedAux)) <= 1e-6 * max(1, expectedMain + expectedAux))
        #expect(try model.predictOnBatch([wide, deep])[0].scalars != predictions[0].scalars)
    }

    @Test func mismatchedArraysThrowNamingWhatAndWhere() throws {
        let model = try MultiIOKerasTests.makeModel()
        try model.compile(losses: ["mse", "mse"])
        let wide = try Tensor(zeros: [4, 5]), deep = try Tensor(zeros: [4, 6]), y = try Tensor(zeros: [4, 1])
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch let e as SwiftLearnError { return e.message } catch { return "\(error)" }
        }
        #expect(message { try model.fit([wide], [y, y], verbose: .silent) }.contains("has 2 inputs (wide_input, deep_input), received 1 input array"))
        #expect(message { try model.evaluate([wide, deep], [y], verbose: .silent) }.contains("has 2 outputs (main_output, aux_output), received 1 target array"))
        #expect(message { try model.fit([wide, try Tensor(zeros: [3, 6])], [y, y], verbose: .silent) }.contains("x[1] (input 'deep_input') has 3"))
        #expect(message { try model.fit([wide, deep], [y, try Tensor(zeros: [5, 1])], verbose: .silent) }.contains("y[1] (output 'aux_output') has 5"))
        #expect(message { try model.predict([deep, wide], verbose: .silent) }.contains("input 'wide_input' of model"))
        #expect(message { try model.fit(["wide_input": wide, "deep_input": deep], ["main_output": y, "aux": y], verbose: .silent) }
            .contains("output 'aux', which model"))
        #expect(message { try model.fit(["wide_input": wide], ["main_output": y, "aux_output": y], verbose: .silent) }
            .contains("x has no array for input 'deep_input'"))
        #expect(message { try model.compile(losses: ["main_output": Loss.meanSquaredError]) }.contains("no loss for output 'aux_output'"))
        #expect(message { try model.compile(losses: ["main_output": "mse", "aux_output": "mse", "extra": "mae"]) }.contains("output 'extra'"))
        #expect(message { try model.compile(losses: ["mse"]) }.contains("received 1 losses"))
        #expect(message { try model.compile(losses: ["mse", "mse"], lossWeights: [1]) }.contains("received 1 lossWeights"))
        #expect(message { try model.predict(wide, verbose: .silent) }.contains("call predict([x])"))
        #expect(message { try model.fit([wide, deep], [y, y], verbose: .silent, classWeight: [0: 1]) }.contains("classWeight needs a model with one output"))
        #expect(message { try model.fit([wide, deep], [y, y], verbose: .silent, sampleWeight: Tensor([1, 2])) }.contains("sampleWeight has 2 values"))
        #expect(throws: SwiftLearnError.self) { try model.fit([wide, deep], [y, try Tensor(zeros: [4, 2])], verbose: .silent) }
    }

    /// A single-input, single-output model gives the same through arrays of one as through tensors.
    @Test func singleTensorAPIIsArraysOfOne() throws {
        func run(arrays: Bool) throws -> (History, [Float]) {
            let model = try Sequential([InputLayer(shape: [3]), Dense(2, kernelInitializer: .constant(0.1))])
            try model.compile(loss: "mse", optimizer: SGD(learningRate: 0.1), metrics: ["mae"])
            let x = try Tensor(shape: [5, 3], scalars: (0..<15).map { Float($0) / 15 })
            let y = try Tensor(shape: [5, 2], scalars: (0..<10).map { Float($0) / 10 })
            let history = arrays
                ? try model.fit([x], [y], batchSize: 2, epochs: 2, verbose: .silent, validationSplit: 0.2, shuffle: false)
                : try model.fit(x, y, batchSize: 2, epochs: 2, verbose: .silent, validationSplit: 0.2, shuffle: false)
            return (history, model.getWeights().flatMap(\.scalars))
        }
        let (h1, w1) = try run(arrays: true), (h2, w2) = try run(arrays: false)
        #expect(h1.history == h2.history)
        #expect(Set(h1.history.keys) == ["loss", "mae", "val_loss", "val_mae"])
        #expect(w1 == w2)
    }
}

/// The batches of several arrays refill the same buffers from step to step.
@Suite struct MultiIOBatchTests {
    @Test func batchSetRefillsItsBuffersInPlace() throws {
        let a = try Tensor(shape: [6, 2], scalars: (0..<12).map(Float.init)), b = try Tensor(shape: [6, 1], scalars: (0..<6).map(Float.init))
        var set = BatchSet(sources: [a, b], batchSize: 2)
        func storages() -> [ObjectIdentifier] { set.batch.map { ObjectIdentifier($0.storage) } }
        set.load([0, 5][...])
        let first = storages()
        do {
            let batch = set.batch   // a step reads the batch, then drops it
            #expect(batch[0].scalars == [0, 1, 10, 11] && batch[1].scalars == [0, 5])
        }
        set.load([3, 1][...])
        #expect(storages() == first)
        #expect(set.batch[0].scalars == [6, 7, 2, 3] && set.batch[1].scalars == [3, 1])
    }
}
