import Foundation
import Testing
import TensorCore
import NeuralNet

/// Exact resume through the public API only, for every format × optimizer × model kind: fit 2
/// epochs, save, load, fit 1 more == fit 3 epochs straight (to 1e-6). `.keras` and `.h5` go
/// through `save(to:)` / `loadModel(from:)`; `.weights.h5` through `saveWeights(to:)`, then a
/// model built and compiled in code and `loadWeights(from:)`. No shuffling, so that building the
/// loaded model (which draws random numbers) cannot change the batches.
@Suite(.isolatedRandomState) struct ResumeMatrixTests {
    enum Format: String, CaseIterable, Sendable { case keras = "m.keras", legacyH5 = "m.h5", weightsH5 = "m.weights.h5" }
    enum Kind: String, CaseIterable, Sendable { case sgdMomentum, adam }
    enum Architecture: String, CaseIterable, Sendable { case sequential, wideAndDeep }

    func optimizer(_ kind: Kind) -> Optimizer {
        kind == .adam ? Adam(learningRate: 0.01) : SGD(learningRate: 0.05, momentum: 0.9)
    }

    /// A fresh, compiled model of the architecture (weights from `seed`) and its training data.
    func makeModel(_ architecture: Architecture, _ kind: Kind, seed: UInt64) throws -> Model {
        switch architecture {
        case .sequential:
            let model = try SavingSupport.mlp(seed: seed)
            try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer(kind), metrics: [.accuracy])
            return model
        case .wideAndDeep:
            let model = try SavingSupport.wideAndDeep(seed: seed)
            try model.compile(losses: [Loss.meanSquaredError, .meanAbsoluteError], optimizer: optimizer(kind), lossWeights: [0.8, 0.2])
            return model
        }
    }

    func fit(_ model: Model, _ architecture: Architecture, epochs: Int) throws {
        switch architecture {
        case .sequential:
            let (x, y) = ModelTests.blobs(count: 40, seed: 7)
            try model.fit(x, y, batchSize: 8, epochs: epochs, verbose: .silent, shuffle: false)
        case .wideAndDeep:
            let d = try SavingSupport.regressionData(count: 40, seed: 5)
            try model.fit([d.wide, d.deep], [d.y, d.y], batchSize: 8, epochs: epochs, verbose: .silent, shuffle: false)
        }
    }

    func saveAndLoad(_ model: Model, _ format: Format, _ architecture: Architecture, _ kind: Kind,
                     includeOptimizer: Bool = true) throws -> Model {
        let folder = try SavingSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(format.rawValue).path
        switch format {
        case .keras, .legacyH5:
            try model.save(to: path, includeOptimizer: includeOptimizer)
            return try loadModel(from: path)
        case .weightsH5:
            try model.saveWeights(to: path)
            let fresh = try makeModel(architecture, kind, seed: 99)   // other initial weights
            try fresh.loadWeights(from: path)
            return fresh
        }
    }

    @Test(arguments: Format.allCases, Kind.allCases)
    func resumingIsExact(format: Format, kind: Kind) throws {
        for architecture in Architecture.allCases {
            let straight = try makeModel(architecture, kind, seed: 1)
            try fit(straight, architecture, epochs: 3)
            let first = try makeModel(architecture, kind, seed: 1)
            try fit(first, architecture, epochs: 2)
            let resumed = try saveAndLoad(first, format, architecture, kind)
            #expect(resumed.compiled?.optimizer.iterations == 10, "\(architecture)")
            try fit(resumed, architecture, epochs: 1)
            #expect(resumed.compiled?.optimizer.iterations == 15, "\(architecture)")
            let difference = SavingSupport.maxDifference(resumed.getWeights(), straight.getWeights())
            #expect(difference <= 1e-6, "\(format) \(kind) \(architecture): max |Δw| = \(difference)")
        }
    }

    /// Saved without the optimizer state, the third epoch drifts: the matrix above can fail.
    @Test(arguments: [Format.keras, .legacyH5])
    func withoutTheOptimizerStateItDiffers(format: Format) throws {
        let straight = try makeModel(.sequential, .adam, seed: 1)
        try fit(straight, .sequential, epochs: 3)
        let first = try makeModel(.sequential, .adam, seed: 1)
        try fit(first, .sequential, epochs: 2)
        let resumed = try saveAndLoad(first, format, .sequential, .adam, includeOptimizer: false)
        // A .keras file saved without the optimizer currently loads uncompiled (Keras keeps the
        // compile config): compile it as it was, with a fresh optimizer.
        if resumed.compiled == nil {
            try resumed.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer(.adam), metrics: [.accuracy])
        }
        try fit(resumed, .sequential, epochs: 1)
        #expect(resumed.getWeights().allSatisfy { $0.scalars.allSatisfy(\.isFinite) }, "a NaN would also count as a difference")
        #expect(SavingSupport.maxDifference(resumed.getWeights(), straight.getWeights()) > 1e-4)
    }
}
