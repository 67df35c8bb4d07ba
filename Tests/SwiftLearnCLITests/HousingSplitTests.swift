import Foundation
import SwiftLearn
@testable import SwiftLearnCLI
import Testing

/// `train` and `evaluate` split California housing with `trainTestSplit(testSize: 0.2,
/// randomState: seed)`, so `evaluate --seed` recomputes exactly the rows `train --seed` held out:
/// the two parts have scikit-learn's sizes for `test_size=0.2` on 20640 rows (16512 and 4128),
/// are disjoint and together are every row once; the same seed gives the same parts again.
@Test func housingTrainAndTestPartsPartitionTheRowsForTheSeed() throws {
    let all = try CaliforniaHousing.load()
    let train = try TrainingDataLoader.load("california-housing", part: .training, seed: 7)
    let test = try TrainingDataLoader.load("california-housing", part: .test, seed: 7)
    #expect(train.x.shape == [16512, 8] && test.x.shape == [4128, 8] && train.y.shape == [16512] && test.y.shape == [4128])
    func rows(_ x: Tensor, _ y: Tensor) -> [[Float]] {
        let d = x.shape[1], v = x.scalars, t = y.scalars
        return (0..<x.shape[0]).map { Array(v[$0 * d ..< ($0 + 1) * d]) + [t[$0]] }
    }
    let everyRow = rows(all.features, all.target).map { "\($0)" }
    let trainRows = rows(train.x, train.y).map { "\($0)" }, testRows = rows(test.x, test.y).map { "\($0)" }
    let everyRowOnce = (trainRows + testRows).sorted() == everyRow.sorted()
    #expect(everyRowOnce, "the train and test parts are not every row once")
    #expect(Set(trainRows).isDisjoint(with: testRows))
    #expect(testRows != Array(everyRow.suffix(4128)), "the split is shuffled")
    #expect(try TrainingDataLoader.load("california-housing", part: .test, seed: 7).y.scalars == test.y.scalars)
    #expect(try TrainingDataLoader.load("california-housing", part: .test, seed: 8).y.scalars != test.y.scalars)
}
