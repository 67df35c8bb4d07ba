import Foundation
import SwiftLearn

/// What the model predicts: a number (mean squared error) or a class (softmax over classes).
public enum TaskKind: String, CaseIterable, Sendable {
    case regression, classification
}

/// Features and targets read for `swiftlearn train` and `swiftlearn evaluate`.
public struct TrainingData {
    /// The samples, `[n, ...]`.
    public var x: Tensor
    /// The targets, `[n]`.
    public var y: Tensor
    /// Where the data came from, for messages.
    public var source: String
    /// The task the data set implies (nil when the file doesn't say: CSV and `.npy`).
    public var impliedTask: TaskKind?
    /// Pixel data scaled by 1/255 (Fashion-MNIST); otherwise features are standardized.
    public var isImage: Bool
}

/// Reads the data sets `swiftlearn train` accepts: `fashion-mnist`, `california-housing`, a CSV
/// file with a header (features and a target column) or a pair of `.npy` files.
public enum TrainingDataLoader {
    /// Which part of a built-in data set to read.
    public enum Part: Sendable { case training, test }

    /// The fraction of California housing held out for `evaluate` (with the model's seed).
    public static let housingTestFraction = 0.2

    /// Loads `data` (a data set name or a file path).
    /// - Parameters:
    ///   - targets: the `.npy` file of targets when `data` is a `.npy` file of features.
    ///   - targetColumn: the CSV column to predict (default: the last column).
    ///   - directory: where the built-in data sets are (otherwise the standard places).
    ///   - seed: splits California housing into training and test parts.
    public static func load(_ data: String, targets: String? = nil, targetColumn: String? = nil,
                            directory: String? = nil, part: Part = .training, seed: UInt64 = 42) throws -> TrainingData {
        switch data.lowercased() {
        case "fashion-mnist", "fashion_mnist":
            let d = try FashionMNIST.load(directory: directory)
            return part == .training
                ? TrainingData(x: d.trainImages, y: d.trainLabels, source: "fashion-mnist (training)", impliedTask: .classification, isImage: true)
                : TrainingData(x: d.testImages, y: d.testLabels, source: "fashion-mnist (test)", impliedTask: .classification, isImage: true)
        case "california-housing", "california_housing":
            let h = try CaliforniaHousing.load(directory: directory)
            // scikit-learn's train_test_split(test_size=0.2, random_state=seed): train and evaluate
            // recompute the same split from the model's seed.
            let split = try trainTestSplit(h.features, h.target, testSize: .fraction(housingTestFraction), randomState: seed)
            return part == .training
                ? TrainingData(x: split.xTrain, y: split.yTrain, source: "california-housing (training)", impliedTask: .regression, isImage: false)
                : TrainingData(x: split.xTest, y: split.yTest, source: "california-housing (test)", impliedTask: .regression, isImage: false)
        default:
            break
        }
        switch URL(fileURLWithPath: data).pathExtension.lowercased() {
        case "csv":
            if targets != nil { throw SwiftLearnError.invalidArgument("--targets is for .npy features; a CSV file holds its targets in a column (--target)") }
            return try loadCSV(data, targetColumn: targetColumn)
        case "npy":
            guard let targets else {
                throw SwiftLearnError.invalidArgument("\(data): a .npy file of features needs --targets with the .npy file of targets")
            }
            let x = try NPY.load(URL(fileURLWithPath: data)), y = try NPY.load(URL(fileURLWithPath: targets))
            guard x.rank >= 1, x.shape[0] > 0 else { throw SwiftLearnError.invalidArgument("\(data): no samples (shape \(x.shape))") }
            guard y.scalarCount == x.shape[0] else {
                throw SwiftLearnError.shapeMismatch("\(targets): \(y.scalarCount) targets for \(x.shape[0]) samples in \(data) (shapes \(y.shape) and \(x.shape)); one target per sample")
            }
            let x2 = x.rank == 1 ? try x.reshaped(to: [x.shape[0], 1]) : x
            return TrainingData(x: x2, y: try y.reshaped(to: [y.scalarCount]), source: data, impliedTask: nil, isImage: false)
        default:
            throw SwiftLearnError.invalidArgument("data '\(data)': expected fashion-mnist, california-housing, a .csv file or a .npy file (with --targets)")
        }
    }

    /// A CSV file: every column but `targetColumn` (default: the last) is a feature.
    /// Errors name the file, and the line and column where there is one.
    public static func loadCSV(_ path: String, targetColumn: String?) throws -> TrainingData {
        let table = try CSV.load(URL(fileURLWithPath: path))
        guard !table.columns.isEmpty, table.columns != [""] else {
            throw SwiftLearnError.io("\(path): line 1, column 1: empty header")
        }
        let target = targetColumn ?? table.columns[table.columns.count - 1]
        guard table.columns.contains(target) else {
            throw SwiftLearnError.io("\(path): line 1: no column '\(target)' in the header; the columns are \(table.columns.joined(separator: ", "))")
        }
        guard table.columns.count >= 2 else {
            throw SwiftLearnError.io("\(path): line 1: only the target column '\(target)'; at least one feature column is needed")
        }
        guard table.values.shape[0] > 0 else {
            throw SwiftLearnError.io("\(path): line 2: no data rows after the header")
        }
        return TrainingData(x: try table.dropping([target]).values, y: try table.column(target), source: path,
                            impliedTask: nil, isImage: false)
    }

    /// The task for `y`: `requested` if given, else what the data set implies, else classification
    /// when every target is a whole number in 0..<20 and regression otherwise.
    public static func task(for data: TrainingData, requested: TaskKind?) -> TaskKind {
        if let requested { return requested }
        if let implied = data.impliedTask { return implied }
        let labels = data.y.scalars
        return labels.allSatisfy { $0 >= 0 && $0 < 20 && $0 == $0.rounded() } ? .classification : .regression
    }

    /// The number of classes for classification targets (largest label + 1), checking that every
    /// label is a whole number ≥ 0.
    public static func classCount(_ y: Tensor, source: String) throws -> Int {
        var largest: Float = 0
        for (i, v) in y.scalars.enumerated() {
            guard v >= 0, v == v.rounded(), v < 100_000 else {
                throw SwiftLearnError.invalidArgument("\(source): target \(i) is \(v); classification needs whole-number labels 0, 1, 2...")
            }
            largest = max(largest, v)
        }
        return Int(largest) + 1
    }
}
