import Foundation
import Testing
import TensorCore
@testable import Estimators

/// Unshuffled splits against real scikit-learn, and the rules of reference §4 for shuffled ones
/// (those use SwiftLearn's own generator, so only sizes and membership are comparable).
@Suite struct SplitterTests {
    static var fixtures: [[String: Any]] { SklearnFixtures.shared.list("splits") }

    func complement(_ test: [Int], _ n: Int) -> [Int] { (0..<n).filter { !test.contains($0) } }

    @Test func unshuffledFoldsMatchSklearn() throws {
        var checked = 0
        for f in Self.fixtures {
            let n = (f["n"] as? Int) ?? 0, k = (f["k"] as? Int) ?? 0
            let expected = (f["test"] as? [Any] ?? []).map(ints)
            let folds: [TrainTestIndices]
            switch f["kind"] as? String {
            case "kfold": folds = try KFold(nSplits: k).splits(sampleCount: n)
            case "stratified_kfold": folds = try StratifiedKFold(nSplits: k).splits(sampleCount: n, y: try tensor(f["y"]))
            case "train_test_split_noshuffle":
                let s = try trainTestSplit(try Tensor(shape: [n, 1], scalars: (0..<n).map(Float.init)), Tensor((0..<n).map(Float.init)), shuffle: false)
                #expect(s.indices.train == ints(f["train"]) && s.indices.test == ints(f["test"]))
                #expect(s.xTest.scalars == ints(f["test"]).map(Float.init))
                checked += 1
                continue
            default: continue
            }
            #expect(folds.map(\.test) == expected, "\(f["kind"] ?? "") n=\(n) k=\(k)")
            #expect(folds.map(\.train) == expected.map { complement($0, n) })
            checked += 1
        }
        #expect(checked == 10)
    }

    @Test func referenceExamples() throws {
        #expect(try KFold(nSplits: 3).splits(sampleCount: 10).map(\.test) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]])
        let y = Tensor([1, 1, 0, 0, 0, 0, 0, 0, 1, 1])
        #expect(try StratifiedKFold(nSplits: 3).splits(sampleCount: 10, y: y).map(\.test) == [[0, 1, 2, 3], [4, 5, 8], [6, 7, 9]])
    }

    @Test func shuffledKFoldKeepsSizesAndIsSeeded() throws {
        let a = try KFold(nSplits: 4, shuffle: true, randomState: 7).splits(sampleCount: 23)
        let b = try KFold(nSplits: 4, shuffle: true, randomState: 7).splits(sampleCount: 23)
        let c = try KFold(nSplits: 4, shuffle: true, randomState: 8).splits(sampleCount: 23)
        #expect(a == b && a != c)
        #expect(a.map(\.test.count) == [6, 6, 6, 5])
        #expect(a.flatMap(\.test).sorted() == Array(0..<23))
        for s in a { #expect(s.test == s.test.sorted() && s.train == complement(s.test, 23)) }
        #expect(a.map(\.test) != (try KFold(nSplits: 4).splits(sampleCount: 23)).map(\.test))
    }

    @Test func shuffledStratifiedKFoldKeepsPerClassCounts() throws {
        let labels: [Float] = (0..<40).map { Float([0, 0, 0, 1, 2, 2][$0 % 6]) }
        let y = Tensor(labels)
        let plain = try StratifiedKFold(nSplits: 3).splits(sampleCount: 40, y: y)
        let shuffled = try StratifiedKFold(nSplits: 3, shuffle: true, randomState: 1).splits(sampleCount: 40, y: y)
        func perClass(_ s: [TrainTestIndices]) -> [[Int]] {
            s.map { fold in [0, 1, 2].map { c in fold.test.filter { labels[$0] == Float(c) }.count } }
        }
        #expect(perClass(shuffled) == perClass(plain))
        #expect(shuffled.map(\.test) != plain.map(\.test))
        #expect(shuffled.flatMap(\.test).sorted() == Array(0..<40))
    }

    @Test func shuffleSplitSizeRules() throws {
        func sizes(_ test: SplitSize?, _ train: SplitSize? = nil) throws -> [Int] {
            let s = try ShuffleSplit(nSplits: 1, testSize: test, trainSize: train, randomState: 0).splits(sampleCount: 10)[0]
            #expect(Set(s.train).isDisjoint(with: s.test))
            return [s.train.count, s.test.count]
        }
        #expect(try sizes(0.25) == [7, 3])
        #expect(try sizes(0.33) == [6, 4])
        #expect(try sizes(0.1) == [9, 1])
        #expect(try sizes(3) == [7, 3])
        #expect(try sizes(0.25, 0.33) == [3, 3])
        #expect(try sizes(nil, 0.55) == [5, 5])
        #expect(try sizes(nil) == [9, 1])
        #expect(throws: SwiftLearnError.self) { try sizes(0.0) }
        #expect(throws: SwiftLearnError.self) { try sizes(10) }
        #expect(throws: SwiftLearnError.self) { try sizes(0.6, 0.5) }
        let x = try Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init))
        let split = try trainTestSplit(x, Tensor((0..<10).map(Float.init)), randomState: 3)
        #expect(split.xTrain.shape == [7, 1] && split.yTest.shape == [3])
        #expect(split.yTest.scalars == split.indices.test.map(Float.init))
    }

    @Test func stratifiedShuffleSplitKeepsProportions() throws {
        let y = Tensor([0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
        for seed: UInt64 in 0..<5 {
            let s = try StratifiedShuffleSplit(nSplits: 1, testSize: 0.3, randomState: seed).splits(sampleCount: 10, y: y)[0]
            #expect(s.test.map { $0 < 6 ? 0 : 1 }.sorted() == [0, 0, 1] && s.train.count == 7)
            #expect(Set(s.train + s.test).count == 10)
        }
        let x = try Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init))
        let t = try trainTestSplit(x, y, testSize: 0.3, randomState: 0, stratify: y)
        #expect(t.yTest.scalars.sorted() == [0, 0, 1])
        #expect(throws: SwiftLearnError.self) { try StratifiedShuffleSplit(testSize: 1).splits(sampleCount: 10, y: y) }
        #expect(throws: SwiftLearnError.self) { try trainTestSplit(x, y, shuffle: false, stratify: y) }
    }

    @Test func approximateModeBreaksTiesAtRandomButKeepsTotals() {
        var g = SeededGenerator(seed: 5)
        var seen = Set<[Int]>()
        for _ in 0..<20 {
            let m = approximateMode([3, 3, 3], draws: 4, &g)
            #expect(m.reduce(0, +) == 4 && m.allSatisfy { $0 == 1 || $0 == 2 })
            seen.insert(m)
        }
        #expect(seen.count > 1)
        #expect(approximateMode([6, 4], draws: 7, &g) == [4, 3])
    }

    @Test func badParametersThrow() throws {
        #expect(throws: SwiftLearnError.self) { try KFold(nSplits: 1).splits(sampleCount: 10) }
        #expect(throws: SwiftLearnError.self) { try KFold(nSplits: 3, randomState: 1).splits(sampleCount: 10) }
        #expect(throws: SwiftLearnError.self) { try KFold(nSplits: 11).splits(sampleCount: 10) }
        #expect(throws: SwiftLearnError.self) { try StratifiedKFold(nSplits: 5).splits(sampleCount: 6, y: Tensor([0, 0, 0, 1, 1, 1])) }
        #expect(throws: SwiftLearnError.self) { try StratifiedKFold(nSplits: 2).splits(sampleCount: 6, y: nil) }
        #expect(throws: SwiftLearnError.self) { try StratifiedKFold(nSplits: 2).splits(sampleCount: 6, y: Tensor([0, 1])) }
    }
}
