// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SwiftLearn",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SwiftLearn", targets: ["SwiftLearn"]),
        .library(name: "TensorCore", targets: ["TensorCore"]),
        .library(name: "NeuralNet", targets: ["NeuralNet"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "HDF5", targets: ["HDF5"]),
        .library(name: "Estimators", targets: ["Estimators"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .executable(name: "swiftlearn", targets: ["swiftlearn"]),
        .executable(name: "swiftlearn-examples", targets: ["swiftlearn-examples"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // System libraries (Debian: libopenblas-dev, zlib1g-dev; Accelerate and libz on macOS).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSystemZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"]), .brew(["hdf5"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),

        .target(
            name: "TensorCore",
            dependencies: [.target(name: "CBLAS", condition: .when(platforms: [.linux]))]
        ),
        .target(name: "NeuralNet", dependencies: ["TensorCore", "HDF5", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Datasets", dependencies: ["TensorCore", "CSystemZlib", .product(name: "CSV", package: "CSV.swift")]),
        .target(name: "HDF5", dependencies: ["CHDF5", "TensorCore"]),
        .target(name: "Estimators", dependencies: ["TensorCore", "NeuralNet", "Datasets"]),
        .target(name: "Plotting", dependencies: ["NeuralNet", "TensorCore", "CCairo"]),
        .target(name: "SwiftLearn", dependencies: ["TensorCore", "NeuralNet", "Datasets", "Estimators", "Plotting"]),
        // The command line's logic, as a library so that tests can call it.
        .target(
            name: "SwiftLearnCLI",
            dependencies: ["SwiftLearn", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "swiftlearn", dependencies: ["SwiftLearnCLI"]),
        .executableTarget(
            name: "swiftlearn-examples",
            dependencies: ["SwiftLearn", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "swiftlearn-bench",
            dependencies: ["SwiftLearn"],
            path: "Benchmarks/SwiftBench"
        ),

        // libFuzzer harnesses (scripts/fuzz builds them with -sanitize=fuzzer,address; plain builds replay files).
        .target(name: "CFuzzSupport"),
        .executableTarget(name: "FuzzConfig", dependencies: ["NeuralNet", "TensorCore", "CFuzzSupport"]),
        .executableTarget(name: "FuzzCSV", dependencies: ["Datasets", "TensorCore", "CFuzzSupport"]),
        .executableTarget(name: "FuzzIDX", dependencies: ["Datasets", "TensorCore", "CFuzzSupport"]),
        .executableTarget(name: "FuzzNPY", dependencies: ["Datasets", "TensorCore", "CFuzzSupport"]),

        .testTarget(
            name: "TensorCoreTests",
            dependencies: ["TensorCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "TensorCore", "Datasets", "HDF5"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TensorCore"]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "TensorCore"]),
        .testTarget(name: "EstimatorsTests", dependencies: ["Estimators", "TensorCore", "Datasets"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "NeuralNet", "TensorCore"]),
        .testTarget(name: "SwiftLearnCLITests", dependencies: ["SwiftLearnCLI", "SwiftLearn"]),
    ]
)
