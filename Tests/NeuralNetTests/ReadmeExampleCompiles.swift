import Datasets
import NeuralNet
import TensorCore

/// The README's Swift column, kept here so the build proves it compiles (it is not run: it
/// trains for 30 epochs on Fashion-MNIST; `swiftlearn demo` runs the same program).
@discardableResult
func readmeExample() throws -> Tensor {
    let fashion = try FashionMNIST.load()
    let xFull = fashion.trainImages / 255
    let xTrain = try xFull.rows(0..<55_000)
    let xValid = try xFull.rows(55_000..<60_000)
    let yTrain = try fashion.trainLabels.rows(0..<55_000)
    let yValid = try fashion.trainLabels.rows(55_000..<60_000)

    let model = try Sequential([
        Flatten(inputShape: [28, 28]),
        Dense(300, activation: .relu),
        Dense(100, activation: .relu),
        Dense(10, activation: .softmax),
    ])
    model.summary()
    _ = try model.layer(named: "dense").getWeights()

    try model.compile(loss: "sparse_categorical_crossentropy",
                      optimizer: "sgd",
                      metrics: ["accuracy"])
    let history = try model.fit(xTrain, yTrain, epochs: 30,
                                validationData: (xValid, yValid))
    _ = history["val_accuracy"]

    _ = try model.evaluate(fashion.testImages / 255, fashion.testLabels)
    return try model.predict(try (fashion.testImages / 255).rows(0..<3))
}
