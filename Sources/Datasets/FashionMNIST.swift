import Foundation
import TensorCore

/// Fashion-MNIST: 70,000 28x28 grayscale images of 10 clothing classes (Zalando, MIT license).
///
/// Pixels are Floats in 0...255 (divide by 255 as the book does); labels are class indices.
public struct FashionMNIST {
    public var trainImages: Tensor  // [60000, 28, 28]
    public var trainLabels: Tensor  // [60000]
    public var testImages: Tensor   // [10000, 28, 28]
    public var testLabels: Tensor   // [10000]

    /// The class names, by label.
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    static let files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]

    /// The folders searched: only `directory` (and its `fashion-mnist` subfolder) when one is
    /// given, so a folder the caller names is never silently passed over; otherwise, in order,
    /// `$SWIFTLEARN_DATA` (and its `fashion-mnist` subfolder), Debian's
    /// `/usr/share/datasets/fashion-mnist`, and Keras' cache `~/.keras/datasets/fashion-mnist`.
    public static func searchPaths(directory: String? = nil) -> [String] {
        if let directory { return [directory, directory + "/fashion-mnist"] }
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["SWIFTLEARN_DATA"], !env.isEmpty {
            paths += [env, env + "/fashion-mnist"]
        }
        paths.append("/usr/share/datasets/fashion-mnist")
        paths.append(FileManager.default.homeDirectoryForCurrentUser.path + "/.keras/datasets/fashion-mnist")
        return paths
    }

    /// Loads the four idx files (`.gz` or uncompressed) from the first folder that has them all.
    ///
    /// Throws if no folder has them (the message says how to install them), or if the files do not
    /// hold 60,000 + 10,000 28x28 images with labels in 0...9.
    public static func load(directory: String? = nil) throws -> FashionMNIST {
        try load(searchPaths: searchPaths(directory: directory))
    }

    /// Loads from the first of `paths` that has the four files.
    static func load(searchPaths paths: [String]) throws -> FashionMNIST {
        let fm = FileManager.default
        for dir in paths {
            var urls: [URL] = []
            for name in files {
                guard let found = [name + ".gz", name].first(where: { fm.fileExists(atPath: dir + "/" + $0) }) else { break }
                urls.append(URL(fileURLWithPath: dir + "/" + found))
            }
            guard urls.count == files.count else { continue }
            let t = try urls.map { try IDX.load($0) }
            guard t[0].shape == [60000, 28, 28], t[1].shape == [60000], t[2].shape == [10000, 28, 28], t[3].shape == [10000] else {
                throw SwiftLearnError.io("Fashion-MNIST in \(dir) has unexpected shapes \(t.map { formatShape($0.shape) }.joined(separator: ", ")), expected (60000, 28, 28), (60000,), (10000, 28, 28), (10000,)")
            }
            for (i, labels) in [(1, t[1]), (3, t[3])] {
                if let bad = labels.scalars.first(where: { $0 > 9 }) {
                    throw SwiftLearnError.io("\(urls[i].path): label \(Int(bad)) is outside 0...9")
                }
            }
            return FashionMNIST(trainImages: t[0], trainLabels: t[1], testImages: t[2], testLabels: t[3])
        }
        throw SwiftLearnError.io("""
            Fashion-MNIST not found. Looked for \(files.map { $0 + ".gz" }.joined(separator: ", ")) in:
            \(paths.map { "  - " + $0 }.joined(separator: "\n"))
            Install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or put the four files in one of these folders, or set SWIFTLEARN_DATA.
            """)
    }
}
