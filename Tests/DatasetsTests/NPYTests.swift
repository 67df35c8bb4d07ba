import Foundation
import Testing
import TensorCore
@testable import Datasets

/// The files real NumPy wrote (`Interop/make_npy_fixtures.py`) and what NumPy says they hold.
enum NPYFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/npy")

    struct Entry: Decodable {
        let descr: String
        let shape: [Int]
        let fortran_order: Bool
        let version: [Int]
        let values: [String]
        let float32: [String]
    }

    static let expected: [String: Entry] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("expected.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: Entry].self, from: data)) ?? [:]
    }()

    /// A Python repr (`-1.5`, `inf`, `nan`, `True`) as a Double; nil for an integer beyond 2^53.
    static func double(_ text: String) -> Double? {
        switch text {
        case "True": return 1
        case "False": return 0
        default: return Double(text)
        }
    }

    static func same(_ a: Double, _ b: Double) -> Bool { a == b && a.sign == b.sign || (a.isNaN && b.isNaN) }
}

@Suite struct NPYReadTests {
    @Test func fixturesCoverEveryDtypeVersionAndOrder() {
        let e = NPYFixtures.expected
        #expect(e.count == 30, "Fixtures/npy/expected.json is missing or incomplete")
        let descrs = Set(e.values.map(\.descr))
        for code in ["f4", "f8", "i2", "i4", "i8", "u2", "u4", "u8"] {
            #expect(descrs.contains("<" + code) && descrs.contains(">" + code), "\(code)")
        }
        #expect(descrs.isSuperset(of: ["|i1", "|u1", "|b1"]))
        #expect(Set(e.values.map(\.version)) == [[1, 0], [2, 0], [3, 0]])
        #expect(e.values.filter(\.fortran_order).count == 2)
    }

    @Test(arguments: NPYFixtures.expected.keys.sorted())
    func readsWhatNumPyWrote(_ name: String) throws {
        let entry = try #require(NPYFixtures.expected[name])
        let url = NPYFixtures.folder.appendingPathComponent(name)
        let array = try NPY.loadArray(url)
        #expect(array.shape == entry.shape)
        #expect(array.dtype.descr == entry.descr)
        #expect(array.count == entry.values.count)
        // Exact doubles where the value is a double (all floats; integers within 2^53).
        for (i, (got, text)) in zip(array.doubles, entry.values).enumerated() {
            if let want = NPYFixtures.double(text), array.dtype.kind == .float || Swift.abs(want) <= 0x1p53 {
                #expect(NPYFixtures.same(got, want), "\(name)[\(i)]: \(got) vs NumPy \(text)")
            }
        }
        // Exact integers from the lower-level reader.
        if array.dtype.kind != .float {
            if entry.values.allSatisfy({ $0 == "True" || $0 == "False" || Int($0) != nil }) {
                let want = entry.values.map { $0 == "True" ? 1 : $0 == "False" ? 0 : Int($0) ?? 0 }
                #expect(try array.integers() == want, "\(name)")
            } else {
                #expect(throws: SwiftLearnError.self, "\(name): u8 max is beyond Int") { try array.integers() }
            }
        } else {
            #expect(throws: SwiftLearnError.self) { try array.integers() }
        }
        // The Float32 tensor matches NumPy's astype(float32).
        let tensor = try NPY.load(url)
        #expect(tensor.shape == entry.shape)
        for (i, (got, text)) in zip(tensor.scalars, entry.float32).enumerated() {
            let want = try #require(Double(text))
            #expect(NPYFixtures.same(Double(got), want), "\(name)[\(i)] as Float32: \(got) vs NumPy \(text)")
        }
    }

    @Test func fortranOrderIsTransposedIntoRowMajor() throws {
        let a = try NPY.loadArray(NPYFixtures.folder.appendingPathComponent("fortran_f8_2x3x4.npy"))
        #expect(a.shape == [2, 3, 4])
        #expect(a.doubles == (0..<24).map(Double.init), "np.arange(24).reshape(2, 3, 4) in C order")
        let b = try NPY.loadArray(NPYFixtures.folder.appendingPathComponent("fortran_i2_be_3x2.npy"))
        #expect(try b.integers() == [1, -2, 300, -400, 5, 6])
    }

    @Test func versionsTwoAndThreeReadLikeVersionOne() throws {
        let v2 = try NPY.load(NPYFixtures.folder.appendingPathComponent("v2_f4.npy"))
        let v3 = try NPY.load(NPYFixtures.folder.appendingPathComponent("v3_f4.npy"))
        #expect(v2.shape == [2, 3, 4] && v2 == v3)
        #expect(v2.scalars == (0..<24).map { Float($0) * 0.5 })
    }
}

@Suite struct NPYWriteTests {
    func tempFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// What `numpy.save` wrote, byte for byte: header text, growth spaces, 64-byte padding.
    @Test(arguments: ["f4_le.npy", "f8_le.npy", "i8_le.npy", "i2_be.npy", "u1.npy", "b1.npy", "scalar_f4.npy",
                      "empty_0x3_f4.npy", "rank1_f4.npy", "growth_rank15_f4.npy", "aligned_rank36_f4.npy", "rank4_i8.npy", "long_row_f4.npy", "fortran_f8_2x3x4.npy"])
    func encodesExactlyWhatNumPySaves(_ name: String) throws {
        let url = NPYFixtures.folder.appendingPathComponent(name)
        let array = try NPY.loadArray(url)
        let written = NPY.encode(array)
        if name.hasPrefix("fortran") {
            // NumPy saves a Fortran array in Fortran order; the rewrite is C order, same values.
            #expect(try NPY.parse(written, source: "rewrite") == array)
            #expect(String(decoding: written.prefix(80), as: UTF8.self).contains("'fortran_order': False"))
            #expect(written.count == (try Data(contentsOf: url)).count)
        } else {
            #expect(written == (try Data(contentsOf: url)), "\(name)")
        }
    }

    @Test func tensorSavesAsLittleEndianFloat32AndLoadsBack() throws {
        let folder = try tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("t.npy")
        let shapes: [[Int]] = [[], [0], [3], [2, 0, 5], [2, 3, 4], [1, 1, 1, 1, 7]]
        for shape in shapes {
            let count = shape.reduce(1, *)
            let t = try Tensor(shape: shape, scalars: (0..<count).map { Float($0) * -0.37 + 1e-3 })
            try NPY.save(t, to: url)
            let back = try NPY.loadArray(url)
            #expect(back.dtype.descr == "<f4")
            #expect(try back.tensor() == t, "shape \(shape)")
            #expect(try NPY.load(url) == t)
        }
        // The reference bytes: np.array([1, 2, 3, 4, 5], dtype='<f4') saved by NumPy.
        try NPY.save(try Tensor(shape: [5], scalars: [1, 2, 3, 4, 5]), to: url)
        #expect(try Data(contentsOf: url) == Data(contentsOf: NPYFixtures.folder.appendingPathComponent("rank1_f4.npy")))
    }

    @Test func doublesAndIntegersRoundTripExactly() throws {
        let folder = try tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("x.npy")
        let doubles = [0.1, -0.0, .infinity, 1e300, .leastNonzeroMagnitude, -2.5]
        try NPY.save(try NPYArray(shape: [3, 2], doubles: doubles), to: url)
        let d = try NPY.loadArray(url)
        #expect(d.dtype.descr == "<f8" && d.shape == [3, 2])
        #expect(zip(d.doubles, doubles).allSatisfy { NPYFixtures.same($0, $1) })
        let ints = [Int.min, -1, 0, 1, (1 << 53) + 1, Int.max]
        try NPY.save(try NPYArray(shape: [6], integers: ints), to: url)
        let i = try NPY.loadArray(url)
        #expect(i.dtype.descr == "<i8")
        #expect(try i.integers() == ints)
        #expect(throws: SwiftLearnError.self) { try NPYArray(shape: [2, 2], integers: [1, 2, 3]) }
    }

    @Test func aHeaderBeyond65535BytesIsWrittenAsVersionTwo() throws {
        let shape = [Int](repeating: 1, count: 30_000)  // "1, " per dimension: ~90 kB of header
        let array = try NPYArray(shape: shape, doubles: [4.5])
        let data = NPY.encode(array)
        #expect(Array(data[6..<8]) == [2, 0])
        let headerLength: Int = Int(data[8]) | Int(data[9]) << 8 | Int(data[10]) << 16 | Int(data[11]) << 24
        #expect(headerLength > 0xFFFF && (12 + headerLength) % 64 == 0)
        #expect(try NPY.parse(data, source: "big") == array)
    }
}
