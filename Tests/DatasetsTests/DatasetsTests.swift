import Foundation
import Testing
import TensorCore
@testable import Datasets

@Suite struct IDXTests {
    func idx(_ dims: [UInt32], _ payload: [UInt8], type: UInt8 = 0x08) -> Data {
        var d = Data([0, 0, type, UInt8(dims.count)])
        for v in dims { d.append(contentsOf: [UInt8(v >> 24), UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255)]) }
        d.append(contentsOf: payload)
        return d
    }

    @Test func parsesImagesAndLabels() throws {
        let t = try IDX.parse(idx([2, 2, 3], Array(0..<12)), source: "mem")
        #expect(t.shape == [2, 2, 3])
        #expect(t.scalars == (0..<12).map(Float.init))
    }

    @Test func rejectsBadFiles() {
        #expect(throws: SwiftLearnError.self) { try IDX.parse(Data([1, 2, 3]), source: "x") }
        #expect(throws: SwiftLearnError.self) { try IDX.parse(idx([2], [1, 2], type: 0x0D), source: "x") }
        #expect(throws: SwiftLearnError.self) { try IDX.parse(idx([5], [1, 2]), source: "x") }
        #expect(throws: SwiftLearnError.self) { try IDX.parse(Data([0, 0, 8, 3, 0, 0]), source: "x") }
    }

    @Test func readsGzipFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("labels-idx1-ubyte")
        try idx([4], [3, 1, 4, 1]).write(to: file)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", file.path]
        try gzip.run()
        gzip.waitUntilExit()
        let t = try IDX.load(dir.appendingPathComponent("labels-idx1-ubyte.gz"))
        #expect(t.scalars == [3, 1, 4, 1])
        var broken = try Data(contentsOf: dir.appendingPathComponent("labels-idx1-ubyte.gz"))
        broken = broken.prefix(broken.count - 12)
        #expect(throws: SwiftLearnError.self) { try Gzip.decompress(broken, source: "broken.gz") }
    }
}

@Suite struct FashionMNISTTests {
    @Test func missingDataSetNamesEveryPlaceAndTheFix() {
        do {
            // Only the explicit folder exists in this lookup if nothing else is installed; with the
            // Debian package installed the data loads from there instead, which is also correct.
            _ = try FashionMNIST.load(directory: "/nonexistent/swiftlearn")
        } catch let error as SwiftLearnError {
            #expect(error.message.contains("/nonexistent/swiftlearn"))
            #expect(error.message.contains("/usr/share/datasets/fashion-mnist"))
            #expect(error.message.contains("apt-get install dataset-fashion-mnist"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")))
    func debianCopyMatchesThePublishedChecks() throws {
        let data = try FashionMNIST.load()
        #expect(data.trainImages.shape == [60000, 28, 28])
        #expect(data.testImages.shape == [10000, 28, 28])
        var counts = [Int](repeating: 0, count: 10)
        for label in data.trainLabels.scalars { counts[Int(label)] += 1 }
        #expect(counts == [Int](repeating: 6000, count: 10))
        #expect(abs(data.trainImages.mean() - 72.94) < 0.01)
    }
}

@Suite struct TabularTests {
    @Test func csvParsesAndReportsBadCells() throws {
        let table = try CSV.parse("a,b\n1,2\n3.5,-4\n", source: "mem")
        #expect(table.columns == ["a", "b"])
        #expect(table.values.shape == [2, 2])
        #expect(try table.column("b").scalars == [2, -4])
        #expect(throws: SwiftLearnError.self) { try CSV.parse("a,b\n1,x\n", source: "mem") }
        #expect(throws: SwiftLearnError.self) { try CSV.parse("a,b\n1\n", source: "mem") }
        #expect(throws: SwiftLearnError.self) { try table.column("c") }
    }

    @Test func californiaHousingLoadsFromFixtures() throws {
        let housing = try CaliforniaHousing.load()
        #expect(housing.features.shape == [20640, 8])
        #expect(housing.target.shape == [20640])
        #expect(housing.featureNames.first == "MedInc")
        #expect(housing.target.scalars.max()! <= 5.00001)
    }

    @Test func scalerAndSplit() throws {
        let x = try Tensor(rows: [[1, 10], [2, 20], [3, 30], [4, 40]])
        var scaler = StandardScaler()
        let z = try scaler.fitTransform(x)
        #expect(abs(z.scalars[0] + 1.3416408) < 1e-5)
        #expect(abs(try z.rows(0..<4).sum()) < 1e-5)
        #expect(throws: SwiftLearnError.self) { try scaler.transform(try Tensor(zeros: [2, 3])) }
        let split = try trainTestSplit(x, Tensor([0, 1, 2, 3]), testFraction: 0.25, seed: 1)
        #expect(split.xTest.shape == [1, 2] && split.xTrain.shape == [3, 2])
        #expect(Set(split.yTrain.scalars + split.yTest.scalars) == [0, 1, 2, 3])
        #expect(split.xTest.scalars[0] == split.yTest.scalars[0] + 1, "rows stay paired")
    }
}
