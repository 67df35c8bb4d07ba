import ArgumentParser
import Foundation
import SwiftLearn

/// Fisher's iris data set (150 flowers, 3 species) read from `iris.csv`.
struct Iris {
    /// `[150, 4]`: sepal length, sepal width, petal length, petal width (cm).
    let features: Tensor
    /// `[150]`: 0 setosa, 1 versicolor, 2 virginica.
    let target: Tensor
    let featureNames: [String]

    static let fileName = "iris.csv"
    static let targetColumn = "target"

    /// Loads `iris.csv` (written by `Interop/make_iris.py`) from the first folder of the data
    /// search path that has it: `directory`, `$SWIFTLEARN_DATA`, then the package's `Fixtures/data`
    /// (the same places California housing is looked up).
    static func load(directory: String?) throws -> Iris {
        let paths = CaliforniaHousing.searchPaths(directory: directory)
        for dir in paths {
            let path = dir + "/" + fileName
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let table = try CSV.load(URL(fileURLWithPath: path))
            let target = try table.column(targetColumn)
            let features = try table.dropping([targetColumn])
            guard features.columns.count == 4, target.scalarCount > 0 else {
                throw SwiftLearnError.io("\(path): expected 4 feature columns and a '\(targetColumn)' column, found \(table.columns.joined(separator: ", "))")
            }
            return Iris(features: features.values, target: target, featureNames: features.columns)
        }
        throw SwiftLearnError.io("\(fileName) not found in: \(paths.joined(separator: ", ")); set SWIFTLEARN_DATA to its folder or run Interop/make_iris.py")
    }

    /// The columns named `names`, as a `[rows, names.count]` tensor.
    func columns(_ names: [String]) throws -> Tensor {
        let width = featureNames.count, rows = features.shape[0], values = features.scalars
        let indices = try names.map { name in
            guard let j = featureNames.firstIndex(of: name) else {
                throw SwiftLearnError.unknownName("iris column '\(name)'; the columns are \(featureNames.joined(separator: ", "))")
            }
            return j
        }
        var out: [Float] = []
        out.reserveCapacity(rows * names.count)
        for r in 0..<rows { for j in indices { out.append(values[r * width + j]) } }
        return try Tensor(shape: [rows, names.count], scalars: out)
    }
}

/// The chapter's perceptron: iris petal length and width, "is it Iris setosa?", with
/// scikit-learn's `Perceptron(random_state=42)` rule; predicts two new flowers and reports the
/// training accuracy on all 150 flowers (as `per_clf.score(X, y)` would).
struct PerceptronExample: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "perceptron",
                                                    abstract: "Perceptron on iris petal length and width: setosa or not.")
    @OptionGroup var options: ExampleOptions

    func run() throws {
        try runExample {
            let iris = try Iris.load(directory: options.dataDirectory)
            let x = try iris.columns(["petal length (cm)", "petal width (cm)"])
            let y = Tensor(iris.target.scalars.map { $0 == 0 ? 1 : 0 })  // Iris setosa
            let model = try Perceptron(randomState: options.seed).fit(x, y)
            let newFlowers = try Tensor([[2, 0.5], [3, 1]])
            let predictions = try model.predict(newFlowers).scalars
            for (flower, prediction) in zip([[2, 0.5], [3, 1]], predictions) {
                print("petal length \(flower[0]) cm, width \(flower[1]) cm: setosa = \(prediction == 1)")
            }
            if options.verbose > 0 {
                print("coef \(model.coefficients[0]) intercept \(model.intercepts[0]) after \(model.iterationCount) epochs")
            }
            let accuracy = try model.score(x, y)
            printResult("perceptron", [("accuracy", formatted(Float(accuracy)))])
        }
    }
}
