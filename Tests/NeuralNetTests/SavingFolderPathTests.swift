import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// A folder where a model file is expected is an error at once (ZIPFoundation would loop forever
/// on a folder named `x.keras`), for every format and every entry point.
@Suite struct SavingFolderPathTests {
    @Test func aFolderNamedLikeAModelFileIsAnError() throws {
        let folder = try SavingSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try SavingSupport.mlp(seed: 3)
        for name in ["d.keras", "d.h5", "d.weights.h5"] {
            let path = folder.appendingPathComponent(name).path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let isFolderError: (any Error) -> Bool = { "\($0)".contains("is a folder, not a file") && "\($0)".contains(name) }
            if name != "d.weights.h5" { #expect(performing: { _ = try loadModel(from: path) }, throws: isFolderError) }
            #expect(performing: { try model.loadWeights(from: path) }, throws: isFolderError)
        }
    }
}
