import TensorCore
import NeuralNet
@testable import Estimators

/// The chapter's `build_model(n_hidden, n_neurons, learning_rate, input_shape)` hyperparameters,
/// shared by the Keras wrapper and conformance tests.
struct ChapterBuildParams: HyperparameterSettable, Equatable {
    var nHidden = 1
    var nNeurons = 30
    var learningRate = 3e-3

    static let typeName = "ChapterBuildParams"
    static var defaultParams: [String: ParameterValue] { ChapterBuildParams().params }
    var params: [String: ParameterValue] {
        ["n_hidden": .int(nHidden), "n_neurons": .int(nNeurons), "learning_rate": .double(learningRate)]
    }
    mutating func setParam(_ name: String, to value: ParameterValue) throws {
        switch name {
        case "n_hidden": nHidden = try value.int(for: name)
        case "n_neurons": nNeurons = try value.int(for: name)
        case "learning_rate": learningRate = try value.double(for: name)
        default: throw Self.unknownParameter(name)
        }
    }
}

func chapterBuildModel(_ p: ChapterBuildParams, _ info: KerasBuildInfo, output: Dense, loss: Loss) throws -> Model {
    let model = try Sequential([InputLayer(shape: info.inputShape)])
    for _ in 0..<p.nHidden { try model.add(Dense(p.nNeurons, activation: .relu)) }
    try model.add(output)
    try model.compile(loss: loss, optimizer: SGD(learningRate: Float(p.learningRate)))
    return model
}
