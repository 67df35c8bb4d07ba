import Foundation
import Testing
import TensorCore
@testable import Estimators

@Suite struct SearchSplitterTests {
    private func expected(_ entry: [String: Any]) -> [TrainTestIndices] {
        (entry["folds"] as? [[String: Any]] ?? []).map { TrainTestIndices(train: ints($0["train"]), test: ints($0["test"])) }
    }

    private var entries: [[String: Any]] { searchFixture["splits"] as? [[String: Any]] ?? [] }

    @Test func groupKFoldEqualsScikitLearn() throws {
        let cases = entries.filter { $0["kind"] as? String == "GroupKFold" }
        #expect(cases.count == 6)
        for c in cases {
            let groups = ints(c["groups"])
            let shuffle = c["shuffle"] as? Bool ?? false
            let splitter = GroupKFold(nSplits: c["n_splits"] as? Int ?? 0, groups: groups, shuffle: shuffle,
                                      randomState: shuffle ? UInt64(c["random_state"] as? Int ?? 0) : nil)
            #expect(try splitter.splits(sampleCount: groups.count) == expected(c), "\(groups) shuffle \(shuffle)")
        }
    }

    @Test func repeatedKFoldsEqualScikitLearn() throws {
        let plain = entries.filter { $0["kind"] as? String == "RepeatedKFold" }
        let stratified = entries.filter { $0["kind"] as? String == "RepeatedStratifiedKFold" }
        #expect(plain.count == 3 && stratified.count == 2)
        for c in plain {
            let splitter = RepeatedKFold(nSplits: c["n_splits"] as? Int ?? 0, nRepeats: c["n_repeats"] as? Int ?? 0,
                                         randomState: UInt64(c["random_state"] as? Int ?? 0))
            #expect(try splitter.splits(sampleCount: c["n"] as? Int ?? 0) == expected(c))
        }
        for c in stratified {
            let y = try tensor(c["y"])
            let splitter = RepeatedStratifiedKFold(nSplits: c["n_splits"] as? Int ?? 0, nRepeats: c["n_repeats"] as? Int ?? 0,
                                                   randomState: UInt64(c["random_state"] as? Int ?? 0))
            #expect(try splitter.splits(sampleCount: y.shape[0], y: y) == expected(c))
            #expect(splitter.nSplits == (c["n_splits"] as? Int ?? 0) * (c["n_repeats"] as? Int ?? 0))
        }
    }

    @Test func groupKFoldRefusesMoreFoldsThanGroups() {
        #expect { try GroupKFold(nSplits: 3, groups: [0, 0, 1, 1]).splits(sampleCount: 4) } throws: {
            "\($0)".contains("nSplits=3 greater than the number of groups: 2")
        }
        #expect(throws: SwiftLearnError.self) { try GroupKFold(nSplits: 2, groups: [0, 1]).splits(sampleCount: 3) }
    }

    @Test func crossValPredictPutsEachFoldsPredictionsInSampleOrder() async throws {
        let (x, y, _) = try gridSearchData()
        let p = Perceptron(maxIter: 20, shuffle: false)
        let cv = KFold(nSplits: 4)
        let predicted = try await crossValPredict(p, x, y, cv: cv, maxConcurrency: 2)
        var manual = [Float](repeating: -1, count: y.shape[0])
        for split in try cv.splits(sampleCount: y.shape[0]) {
            let model = try p.fit(try x.gathering(rows: split.train), try y.gathering(rows: split.train))
            for (i, v) in zip(split.test, try model.predict(try x.gathering(rows: split.test)).scalars) { manual[i] = v }
        }
        #expect(predicted.scalars == manual)
        await #expect { try await crossValPredict(p, x, y, cv: ShuffleSplit(nSplits: 2, randomState: 0)) } throws: {
            "\($0)".contains("only works for partitions")
        }
    }
}
