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

    @Test func dimensionsWhoseProductOverflowsThrow() throws {
        // 65536^4 = 2^64 elements with no data: the element count overflows Int.
        do {
            _ = try IDX.parse(idx([65536, 65536, 65536, 65536], []), source: "huge.idx")
            Issue.record("an IDX header of 2^64 elements was accepted")
        } catch {
            #expect("\(error)".contains("huge.idx") && "\(error)".contains("too large"), "\(error)")
        }
        #expect(throws: SwiftLearnError.self) { try IDX.parse(idx([0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], [1]), source: "x") }
        #expect(throws: SwiftLearnError.self) { try IDX.parse(idx([0xFFFF_FFFF], []), source: "x") }
        #expect(throws: SwiftLearnError.self) { try IDX.parse(Data([0, 0, 8, 0]), source: "x") }
        // As NumPy: the other dimensions of an empty shape must still be countable.
        #expect(throws: SwiftLearnError.self) { try IDX.parse(idx([0, 65536, 65536, 65536, 65536], []), source: "x") }
        #expect(try IDX.parse(idx([0, 65536, 65536], []), source: "x").shape == [0, 65536, 65536],
                "a zero dimension first makes an empty tensor")
    }
}

@Suite struct FashionMNISTTests {
    @Test func missingDataSetNamesEveryPlaceAndTheFix() {
        do {
            _ = try FashionMNIST.load(searchPaths: ["/nonexistent/swiftlearn", "/nonexistent/other"])
            Issue.record("loaded Fashion-MNIST from folders that do not exist")
        } catch let error as SwiftLearnError {
            #expect(error.message.contains("/nonexistent/swiftlearn"))
            #expect(error.message.contains("/nonexistent/other"))
            #expect(error.message.contains("apt-get install dataset-fashion-mnist"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        // Without a folder Debian's is searched; a folder the caller names is the only one searched (never silently passed over).
        #expect(FashionMNIST.searchPaths(directory: "/x") == ["/x", "/x/fashion-mnist"])
        #expect(CaliforniaHousing.searchPaths(directory: "/x") == ["/x"])
        #expect(FashionMNIST.searchPaths().contains("/usr/share/datasets/fashion-mnist"))
    }

    /// On Linux the data set is required (scripts/install-deps installs Debian's
    /// dataset-fashion-mnist), so a missing copy fails here instead of skipping; elsewhere it is
    /// required when SWIFTLEARN_REQUIRE_DATA=1.
    static var dataRequired: Bool {
        #if os(Linux)
        return true
        #else
        return ProcessInfo.processInfo.environment["SWIFTLEARN_REQUIRE_DATA"] == "1"
            || FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist")
        #endif
    }

    @Test(.enabled(if: dataRequired))
    func installedCopyHasThePublishedShapesAndLabels() throws {
        let data = try FashionMNIST.load()
        #expect(data.trainImages.shape == [60000, 28, 28])
        #expect(data.trainLabels.shape == [60000])
        #expect(data.testImages.shape == [10000, 28, 28])
        #expect(data.testLabels.shape == [10000])
        // Zalando's published class balance: 6,000 training and 1,000 test images per class, labels 0...9.
        for (labels, perClass) in [(data.trainLabels, 6000), (data.testLabels, 1000)] {
            var counts = [Int](repeating: 0, count: 10)
            for label in labels.scalars {
                guard label >= 0, label <= 9, label == label.rounded() else {
                    Issue.record("label \(label) is not an integer in 0...9")
                    return
                }
                counts[Int(label)] += 1
            }
            #expect(counts == [Int](repeating: perClass, count: 10))
        }
        #expect(data.trainImages.scalars.allSatisfy { $0 >= 0 && $0 <= 255 })
        // Mean training pixel 72.94 (numpy on keras.datasets.fashion_mnist: x_train.mean()).
        #expect(abs(data.trainImages.mean() - 72.94) < 0.01)
    }
}

@Suite struct TabularTests {
    @Test func californiaHousingLoadsFromFixtures() throws {
        let housing = try CaliforniaHousing.load()
        #expect(housing.features.shape == [20640, 8])
        #expect(housing.target.shape == [20640])
        #expect(housing.featureNames.first == "MedInc")
        #expect(housing.target.scalars.max()! <= 5.00001)
    }
}
