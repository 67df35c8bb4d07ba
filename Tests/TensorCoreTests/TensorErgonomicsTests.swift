import Testing
@testable import TensorCore

/// Literals, nested-array and label initializers, subscripts and conversions.
@Suite struct TensorLiteralTests {
    @Test func nestedLiteralsGiveTheirShape() {
        let m: Tensor = [[1, 2], [3, 4.5]]
        #expect(m.shape == [2, 2])
        #expect(m.scalars == [1, 2, 3, 4.5])
        let v: Tensor = [1, 2, 3]
        #expect(v.shape == [3] && v.scalars == [1, 2, 3])
        let cube: Tensor = [[[1], [2]], [[3], [4]], [[5], [6]]]
        #expect(cube.shape == [3, 2, 1] && cube.scalars == [1, 2, 3, 4, 5, 6])
        let empty: Tensor = []
        #expect(empty.shape == [0])
        let emptyRows: Tensor = [[], []]
        #expect(emptyRows.shape == [2, 0] && emptyRows.scalarCount == 0)
        #expect(Tensor(3).shape == [] && Tensor(3).scalar == 3)
    }

    @Test func literalAndArrayInitializersAgree() {
        let t: Tensor = [1, 2]
        #expect(t == Tensor([1, 2] as [Float]))
        #expect(Tensor([]).shape == [0], "Tensor([]) is the rank-1 [Float] initializer, not ambiguous")
        #expect(Tensor([0.5]).shape == [1])
    }

    @Test func raggedLiteralStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            let t: Tensor = [[1, 2], [3]]
            _ = t
        }
        await #expect(processExitsWith: .failure) {
            let t: Tensor = [[[1, 2], [3, 4]], [[5, 6]]]
            _ = t
        }
    }

    @Test func nestedArraysAtRunTime() throws {
        let rows: [[Float]] = [[1, 2, 3], [4, 5, 6]]
        let m = try Tensor(rows)
        #expect(m.shape == [2, 3] && m.scalars == [1, 2, 3, 4, 5, 6])
        let cube: [[[Float]]] = [[[1, 2]], [[3, 4]]]
        let c = try Tensor(cube)
        #expect(c.shape == [2, 1, 2] && c.scalars == [1, 2, 3, 4])
        #expect(try Tensor([] as [[Float]]).shape == [0, 0])
        #expect(try Tensor([[], []] as [[Float]]).shape == [2, 0])
        #expect(try Tensor([] as [[[Float]]]).shape == [0, 0, 0])
        #expect(try Tensor(rows: rows) == m, "Tensor(rows:) keeps working")

        let ragged: [[Float]] = [[1, 2], [3, 4], [5]]
        #expect { try Tensor(ragged) } throws: { error in
            (error as? SwiftLearnError)?.message.contains("element [2] has shape (1,), expected (2,)") == true
        }
        let raggedDeep: [[[Float]]] = [[[1, 2], [3, 4]], [[5, 6], [7]]]
        #expect { try Tensor(raggedDeep) } throws: { error in
            (error as? SwiftLearnError)?.message.contains("element [1][1] has shape (1,)") == true
        }
        let raggedOuter: [[[Float]]] = [[[1, 2], [3, 4]], [[5, 6]]]
        #expect { try Tensor(raggedOuter) } throws: { error in
            (error as? SwiftLearnError)?.message.contains("element [1] has shape (1, 2), expected (2, 2)") == true
        }
    }
}

@Suite struct TensorLabelTests {
    @Test func labelsRoundTrip() throws {
        let labels = [0, 3, 1, Tensor.maximumLabel]
        let t = try Tensor(labels: labels)
        #expect(t.shape == [4])
        #expect(t.scalars == [0, 3, 1, 16_777_215])
        #expect(try [Int](labels: t) == labels)
        #expect(try [Int](labels: Tensor(labels: [])) == [])
    }

    @Test(arguments: [-1, 1 << 24, Int.max, Int.min])
    func labelsOutsideFloatRangeThrow(bad: Int) {
        #expect(throws: SwiftLearnError.self) { try Tensor(labels: [0, bad]) }
    }

    @Test(arguments: [Float(1.5), -1, .nan, .infinity, 16_777_216, -0.25])
    func nonLabelsThrow(bad: Float) {
        #expect { try [Int](labels: Tensor([2, bad])) } throws: { error in
            (error as? SwiftLearnError)?.message.contains("element 1") == true
        }
    }

    @Test func argmaxGivesLabels() throws {
        let scores: Tensor = [[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]]
        #expect(try [Int](labels: scores.argmax()) == [1, 0])
    }
}

@Suite struct TensorSubscriptTests {
    @Test func elementsReadAndWrite() throws {
        var t: Tensor = [[1, 2, 3], [4, 5, 6]]
        #expect(t[0, 2] == 3 && t[1, 0] == 4)
        let copy = t
        t[1, 0] = 40
        #expect(t.scalars == [1, 2, 3, 40, 5, 6])
        #expect(copy.scalars == [1, 2, 3, 4, 5, 6], "writing an element copies shared storage")
        var s = Tensor(7)
        #expect(s[] == 7)
        s[] = 8
        #expect(s.scalar == 8)
        var v: Tensor = [1, 2, 3]
        let x: Float = v[2]
        #expect(x == 3)
        v[2] = 30
        #expect(v.scalars == [1, 2, 30])
    }

    @Test func rowsAndRanges() {
        var t: Tensor = [[1, 2], [3, 4], [5, 6], [7, 8]]
        #expect(t[2] == Tensor([5, 6]))
        #expect(t[1..<3] == [[3, 4], [5, 6]])
        #expect(t[2...] == [[5, 6], [7, 8]])
        #expect(t[..<1] == [[1, 2]])
        #expect(t[4..<4].shape == [0, 2])
        let v: Tensor = [1, 2, 3]
        #expect(v[1].shape == [] && v[1].scalar == 2)
        let copy = t
        t[0] = [10, 20]
        #expect(t.scalars == [10, 20, 3, 4, 5, 6, 7, 8])
        #expect(copy[0] == [1, 2], "setting a row copies shared storage")
    }

    @Test func throwingAccessors() throws {
        var t: Tensor = [[1, 2], [3, 4], [5, 6]]
        #expect(try t.element(at: [2, 1]) == 6)
        try t.setElement(60, at: [2, 1])
        #expect(t[2, 1] == 60)
        #expect(try t.row(1) == [3, 4])
        for bad in [[3, 0], [0, 2], [-1, 0], [0], [0, 0, 0]] {
            #expect(throws: SwiftLearnError.self, "\(bad)") { try t.element(at: bad) }
            #expect(throws: SwiftLearnError.self, "\(bad)") { try t.setElement(0, at: bad) }
        }
        #expect(throws: SwiftLearnError.self) { try t.row(3) }
        #expect(throws: SwiftLearnError.self) { try t.row(-1) }
        #expect(throws: SwiftLearnError.self) { try Tensor(1).row(0) }
        #expect(try Tensor(5).element(at: []) == 5)
    }

    @Test func outOfRangeStopsTheProgram() async {
        await #expect(processExitsWith: .failure) { _ = (try Tensor(zeros: [2, 3]))[2, 0] }
        await #expect(processExitsWith: .failure) { _ = (try Tensor(zeros: [2, 3]))[0] as Float }
        await #expect(processExitsWith: .failure) { _ = (try Tensor(zeros: [2, 3]))[-1] as Tensor }
        await #expect(processExitsWith: .failure) { _ = (try Tensor(zeros: [2, 3]))[1..<3] }
        await #expect(processExitsWith: .failure) {
            var t = try Tensor(zeros: [2, 3])
            t[0] = [1, 2]
        }
    }
}

@Suite struct TensorConversionTests {
    @Test func nestedArraysBack() throws {
        let t: Tensor = [[1, 2, 3], [4, 5, 6]]
        #expect(try [[Float]](t) == [[1, 2, 3], [4, 5, 6]])
        #expect(try [[Float]](Tensor(zeros: [3, 0])) == [[], [], []])
        #expect(try [[Float]](Tensor(zeros: [0, 4])) == [])
        #expect(throws: SwiftLearnError.self) { try [[Float]](Tensor([1, 2])) }
        #expect(throws: SwiftLearnError.self) { try [[Float]](Tensor(zeros: [1, 2, 3])) }
        #expect([Float](t) == [1, 2, 3, 4, 5, 6])
    }
}
