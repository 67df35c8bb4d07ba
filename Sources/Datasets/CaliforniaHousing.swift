import Foundation
import TensorCore

/// California housing (20,640 districts, 8 features, target `MedHouseVal` in $100,000; 1990 US census).
public struct CaliforniaHousing {
    /// `[20640, 8]`: MedInc, HouseAge, AveRooms, AveBedrms, Population, AveOccup, Latitude, Longitude.
    public var features: Tensor
    /// `[20640]`: median house value.
    public var target: Tensor
    public var featureNames: [String]

    /// Where the CSV is looked up: only `directory` when one is given; otherwise
    /// `$SWIFTLEARN_DATA`, then this package's `Fixtures/data`.
    public static func searchPaths(directory: String? = nil) -> [String] {
        if let directory { return [directory] }
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["SWIFTLEARN_DATA"], !env.isEmpty { paths.append(env) }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        paths.append(packageRoot.appendingPathComponent("Fixtures/data").path)
        return paths
    }

    /// Loads `california_housing.csv` from the first folder that has it.
    public static func load(directory: String? = nil) throws -> CaliforniaHousing {
        let paths = searchPaths(directory: directory)
        for dir in paths {
            let path = dir + "/california_housing.csv"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let table = try CSV.load(URL(fileURLWithPath: path))
            let target = try table.column("MedHouseVal")
            let features = try table.dropping(["MedHouseVal"])
            return CaliforniaHousing(features: features.values, target: target, featureNames: features.columns)
        }
        throw SwiftLearnError.io("california_housing.csv not found in: \(paths.joined(separator: ", ")); set SWIFTLEARN_DATA to its folder")
    }
}
