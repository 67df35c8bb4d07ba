import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// A model compiled with a user's loss saves; loading it compiled says how to proceed, and
/// loading it uncompiled works.
@Suite struct SavingCustomLossTests {
    @Test func customLossIsSavedByNameAndLoadingSaysToUseCompileFalse() throws {
        let folder = try SavingSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try SavingSupport.mlp(seed: 5)
        try model.compile(loss: .custom(name: "half_mse") { t, p in try ((p - t).square() * 0.5).averagedAlongLastAxis() },
                          optimizer: Adam(), metrics: [String]())
        for name in ["m.keras", "m.h5"] {
            let path = folder.appendingPathComponent(name).path
            try model.save(to: path)
            #expect { _ = try loadModel(from: path) } throws: { "\($0)".contains("half_mse") && "\($0)".contains("compile: false") }
            let loaded = try loadModel(from: path, compile: false)
            #expect(loaded.getWeights().map(\.scalars) == model.getWeights().map(\.scalars))
        }
    }
}
