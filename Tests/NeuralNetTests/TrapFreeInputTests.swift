import Testing
import TensorCore
@testable import NeuralNet

/// Inputs that used to stop the process (SIGILL, SIGABRT, or a 31 GB allocation) now throw.
@Suite struct TrapFreeInputTests {
    let bad = BadInputTests()

    func data(rows: Int) throws -> (Tensor, Tensor) {
        (try Tensor(zeros: [rows, 4, 2]), Tensor((0..<rows).map { Float($0 % 3) }))
    }

    @Test func tensorShapesThatCannotExist() {
        bad.expectError(["dimensions must be non-negative", "-1"]) { _ = try Tensor(zeros: [-1, 3]) }
        bad.expectError(["is too big"]) { _ = try Tensor(zeros: [Int.max, 2]) }
        bad.expectError(["out of memory"]) { _ = try Tensor(uninitializedShape: [1 << 40, 1 << 20]) }
        bad.expectError(["reshaped(to:)"]) { _ = try Tensor(zeros: [4]).reshaped(to: [-1, 0]) }
        bad.expectError(["reshaped(to:)"]) { _ = try Tensor(zeros: [0]).reshaped(to: [Int.max, Int.max, 0]) }
    }

    @Test(arguments: [Int.max, Int.max - 1, 10_000_000])
    func batchSizesLargerThanTheData(batchSize: Int) throws {
        let model = try bad.classifier()
        let (x, y) = try data(rows: 100)
        let history = try model.fit(x, y, batchSize: batchSize, epochs: 2, verbose: .silent)
        #expect(history.params["steps"] == 1, "one batch holding all 100 rows")
        #expect(model.compiled?.optimizer.iterations == 2)
        #expect(try model.evaluate(x, y, batchSize: batchSize, verbose: .silent)["loss"]?.isFinite == true)
        #expect(try model.predict(x, batchSize: batchSize, verbose: .silent).shape == [100, 3])
    }

    @Test func classWeightNeedsIntegerLabels() throws {
        let model = try bad.classifier()
        let x = try Tensor(zeros: [3, 4, 2])
        for label: Float in [1e30, 2.5, -1, 16_777_216] {
            bad.expectError(["classWeight", "integer class labels", "\(label)"]) {
                try model.fit(x, Tensor([0, label, 1]), verbose: .silent, classWeight: [0: 1, 1: 2, 2: 1])
            }
        }
        bad.expectError(["classWeight[1]", "non-negative"]) {
            try model.fit(x, Tensor([0, 1, 1]), verbose: .silent, classWeight: [0: 1, 1: -.infinity])
        }
    }

    @Test func accuracyOfNonIntegerLabelsIsAMissNotATrap() throws {
        let values = try Metric.values(.sparseCategoricalAccuracy, yTrue: Tensor([1e30, 2.5, 1]),
                                       yPred: try Tensor(shape: [3, 2], scalars: [0, 1, 0, 1, 0, 1]))
        #expect(values == [0, 0, 1])
    }

    /// A custom model that drops rows: its output's first dimension is not the batch size.
    final class RowDropper: Model {
        let dense = Dense(3, activation: .softmax)
        override func call(_ input: Tensor, training: Bool) throws -> Tensor {
            try dense(input.rows(0..<1))
        }
    }

    @Test func customModelOutputMustKeepTheBatchDimension() throws {
        let model = RowDropper()
        try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD())
        let x = try Tensor(zeros: [40, 2]), y = Tensor([Float](repeating: 1, count: 40))
        for (context, run) in [("fit", { try model.fit(x, y, batchSize: 8, verbose: .silent) as Any }),
                               ("evaluate", { try model.evaluate(x, y, batchSize: 8, verbose: .silent) as Any }),
                               ("predict", { try model.predict(x, batchSize: 8, verbose: .silent) as Any })] {
            bad.expectError([context, "the first dimension must be the batch", "(1, 3)"]) { _ = try run() }
        }
    }

    @Test func evaluateOnNoRowsIsAnError() throws {
        let model = try bad.classifier()
        bad.expectError(["evaluate", "no samples"]) {
            _ = try model.evaluate(try Tensor(zeros: [0, 4, 2]), try Tensor(zeros: [0]), verbose: .silent)
        }
    }

    @Test func verbosityOutsideZeroToTwo() throws {
        let model = try bad.classifier()
        let (x, y) = try data(rows: 6)
        bad.expectError(["fit", "verbose must be 0", "received 7"]) { try model.fit(x, y, verbose: 7) }
        bad.expectError(["evaluate", "received -1"]) { _ = try model.evaluate(x, y, verbose: -1) }
        bad.expectError(["predict", "received 3"]) { _ = try model.predict(x, verbose: 3) }
        bad.expectError(["Verbosity", "received 9"]) { _ = try Verbosity(level: 9) }
        #expect(try Verbosity(level: 2) == .oneLinePerEpoch)
    }

    @Test func hugeDenseUnitsThrowOnBuild() throws {
        bad.expectError(["is too big", "(784, 1000000000000000000)"]) {
            _ = try Sequential([Dense(1_000_000_000_000_000_000, inputShape: [784])])
        }
        bad.expectError(["out of memory"]) { _ = try Sequential([Dense(1 << 40, inputShape: [1 << 22])]) }
    }

    @Test func affineWithAnEmptyInnerDimensionIsTheBias() throws {
        // Leave NaN garbage in freed memory first, so uninitialized results would show.
        _ = try Tensor(shape: [3, 4], repeating: .nan)
        let x = try Tensor(zeros: [3, 0]), kernel = Variable(try Tensor(zeros: [0, 4]), name: "k")
        let bias = Variable(Tensor([1, 2, 3, 4]), name: "b")
        let tape = GradientTape()
        let y = try tape.record { try affine(x, kernel: kernel.value, bias: bias.value) }
        #expect(y.scalars == [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4])
        let upstream = try Tensor(shape: [3, 4], scalars: (0..<12).map(Float.init))
        try tape.backward(from: y, seed: upstream)
        #expect(bias.gradient?.scalars == [12, 15, 18, 21], "column sums of the upstream gradient over all 3 rows")
        #expect(try matmul(Tensor(zeros: [3, 0]), Tensor(zeros: [0, 4])).scalars == [Float](repeating: 0, count: 12))
    }

    @Test func hugeProductsAndBroadcastsThrow() throws {
        bad.expectError(["out of memory"]) {
            _ = try affine(Tensor(zeros: [1 << 40, 0]), kernel: Tensor(zeros: [0, 1 << 20]), bias: nil)
        }
        bad.expectError(["out of memory"]) {
            _ = try Tensor(zeros: [1 << 20, 1]) + Tensor(zeros: [1 << 20])
        }
    }
}
