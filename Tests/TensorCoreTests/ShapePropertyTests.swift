import PropertyBased
import Testing
@testable import TensorCore

/// Every shape-checked entry point, over random shapes (zero, negative and huge dimensions
/// included): it returns a tensor of the promised shape or throws a `SwiftLearnError`, and never
/// stops the process (a trap here would end the whole test run).
///
/// Shrinking is off, as in ``KernelPropertyTests``.
@Suite(.shrinking(false)) struct ShapePropertyTests {
    /// Runs `make`; on success the result must have `expected` (nil: it must not succeed);
    /// on a throw, `expected` must be nil or not allocatable. Returns the tensor made.
    @discardableResult
    static func check(_ what: String, expected: [Int]?, sourceLocation: SourceLocation = #_sourceLocation,
                      _ make: () throws -> Tensor) -> Tensor? {
        do {
            let t = try make()
            #expect(expected != nil, "\(what) succeeded with shape \(t.shape)", sourceLocation: sourceLocation)
            #expect(t.shape == expected, "\(what): shape \(t.shape), expected \(expected ?? [])", sourceLocation: sourceLocation)
            #expect(t.scalarCount == expected.flatMap(Arbitrary.count), "\(what): scalarCount", sourceLocation: sourceLocation)
            return t
        } catch let error as SwiftLearnError {
            let allocatable = expected.map(Arbitrary.isAllocatable) ?? false
            #expect(!allocatable, "\(what) threw \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(what) threw \(error), not a SwiftLearnError", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test func initializersReturnTheShapeOrThrow() async {
        await propertyCheck(count: 300, input: Arbitrary.shape, Gen.int(in: -1...1)) { shape, delta in
            let expected = Arbitrary.isValid(shape) ? shape : nil
            if let t = Self.check("zeros \(shape)", expected: expected, { try Tensor(zeros: shape) }) {
                #expect(t.scalars.allSatisfy { $0 == 0 })
            }
            if let t = Self.check("ones \(shape)", expected: expected, { try Tensor(ones: shape) }) {
                #expect(t.scalars.allSatisfy { $0 == 1 })
            }
            if let t = Self.check("repeating \(shape)", expected: expected, { try Tensor(shape: shape, repeating: -2.5) }) {
                #expect(t.scalars.allSatisfy { $0 == -2.5 })
            }
            Self.check("uninitialized \(shape)", expected: expected) { try Tensor(uninitializedShape: shape) }
            var g = SeededGenerator(seed: 3)
            if let t = Self.check("randomUniform \(shape)", expected: expected, { try Tensor.randomUniform(shape: shape, low: -2, high: 3, generator: &g) }) {
                #expect(t.scalars.allSatisfy { $0 >= -2 && $0 < 3 })
            }
            if let t = Self.check("randomNormal \(shape)", expected: expected, { try Tensor.randomNormal(shape: shape, generator: &g) }) {
                #expect(t.isFinite)
            }

            // A scalar or storage count equal to the shape's, or one off (never more than a few).
            let count = Arbitrary.count(shape).map { $0 <= 1 << 20 ? $0 : 3 } ?? 3
            let given = max(0, count + delta)
            let scalars = (0..<given).map { Float($0) }
            let fits = expected != nil && Arbitrary.count(shape) == given
            if let t = Self.check("shape:scalars: \(shape) with \(given)", expected: fits ? shape : nil, { try Tensor(shape: shape, scalars: scalars) }) {
                #expect(t.scalars == scalars)
            }
            let storage = TensorStorage(uncheckedCount: given)
            if let t = Self.check("shape:storage: \(shape) with \(given)", expected: fits ? shape : nil, { try Tensor(shape: shape, storage: storage) }) {
                #expect(t.storage === storage)
            }
        }
    }

    /// A reshape target: a rearrangement of the source's dimensions (merged, split by 1s,
    /// shuffled) or any shape, with one or two dimensions sometimes replaced by -1.
    static let reshapeCase = Generator { rng in
        let source = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int.random(in: 0...6, using: &rng) }
        var target: [Int]
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: target = source.shuffled(using: &rng)
        case 1: target = source.count >= 2 ? [source[0] * source[1]] + source.dropFirst(2) : source + [1]
        case 2: target = [1] + source + [1]
        default: target = Arbitrary.shape.run(using: &rng)
        }
        for _ in 0..<Int.random(in: 0...2, using: &rng) where !target.isEmpty {
            target[Int.random(in: 0..<target.count, using: &rng)] = -1
        }
        return (source, target)
    }

    /// The shape `reshaped(to:)` must give, by NumPy's rules, or nil when it must throw.
    static func reshapeResult(count: Int, target: [Int]) -> [Int]? {
        let inferred = target.indices.filter { target[$0] == -1 }
        guard inferred.count <= 1, !target.contains(where: { $0 < -1 }) else { return nil }
        var shape = target
        if let i = inferred.first {
            var known = target
            known.remove(at: i)
            guard let knownCount = Arbitrary.count(known), knownCount > 0, count % knownCount == 0 else { return nil }
            shape[i] = count / knownCount
        }
        return Arbitrary.count(shape) == count ? shape : nil
    }

    @Test func reshapeKeepsTheElementsOrThrows() async {
        await propertyCheck(count: 300, input: Self.reshapeCase) { source, target in
            let values = (0..<source.reduce(1, *)).map { Float($0) }
            guard let t = try? Tensor(shape: source, scalars: values) else {
                Issue.record("source \(source)")
                return
            }
            let expected = Self.reshapeResult(count: values.count, target: target)
            if let r = Self.check("reshape \(source) to \(target)", expected: expected, { try t.reshaped(to: target) }) {
                #expect(r.scalars == values)
            }
        }
    }

    /// A small tensor of distinct values.
    static func tensor(_ shape: [Int]) -> Tensor? {
        try? Tensor(shape: shape, scalars: (0..<(Arbitrary.count(shape) ?? 0)).map { Float($0) * 0.5 - 3 })
    }

    @Test func rowsAndGatheringCopyOrThrow() async {
        await propertyCheck(count: 300, input: Arbitrary.tensorShape, Gen.int(in: -3...12), Gen.int(in: 0...12),
                            Gen.int(in: -2...11).array(of: 0...6)) { shape, low, length, indices in
            guard let t = Self.tensor(shape) else { Issue.record("shape \(shape)"); return }
            let rowSize = Arbitrary.count(Array(shape.dropFirst())) ?? 0
            let inRange = !shape.isEmpty && low >= 0 && low + length <= shape[0]
            if let r = Self.check("rows \(low)..<\(low + length) of \(shape)", expected: inRange ? [length] + shape.dropFirst() : nil, { try t.rows(low..<(low + length)) }) {
                #expect(r.scalars == Array(t.scalars[(low * rowSize)..<((low + length) * rowSize)]))
            }
            let valid = !shape.isEmpty && indices.allSatisfy { $0 >= 0 && $0 < shape[0] }
            if let g = Self.check("gathering \(indices) of \(shape)", expected: valid ? [indices.count] + shape.dropFirst() : nil, { try t.gathering(rows: indices) }) {
                #expect(g.scalars == indices.flatMap { t.scalars[($0 * rowSize)..<(($0 + 1) * rowSize)] })
            }
        }
    }

    @Test func argmaxFindsTheFirstLargestOrThrows() async {
        await propertyCheck(count: 300, input: Arbitrary.tensorShape, Arbitrary.seed) { shape, seed in
            let values = Naive.values(Arbitrary.count(shape) ?? 0, seed: seed).map { ($0 * 4).rounded() }  // ties happen
            guard let t = try? Tensor(shape: shape, scalars: values) else { Issue.record("shape \(shape)"); return }
            let columns = shape.last ?? 0
            guard let a = Self.check("argmax \(shape)", expected: columns > 0 ? Array(shape.dropLast()) : nil, { try t.argmax() }) else { return }
            let expected = stride(from: 0, to: values.count, by: columns).map { start in
                let row = values[start..<(start + columns)]
                return Float(row.firstIndex(of: row.max()!)! - start)
            }
            #expect(a.scalars == expected)
        }
    }

    /// Operands of a product: mostly fitting rank-2 shapes, sometimes another rank, a different
    /// inner dimension, or huge outer dimensions around an empty inner one.
    static let matmulCase = Generator { rng in
        func dimension() -> Int {
            Int.random(in: 0..<8, using: &rng) == 0 ? Arbitrary.hugeDimensions.randomElement(using: &rng)! : Int.random(in: 0...20, using: &rng)
        }
        let (m, n) = (dimension(), dimension())
        var k = Int.random(in: 0..<4, using: &rng) == 0 ? 0 : dimension()
        let transposeA = Bool.random(using: &rng), transposeB = Bool.random(using: &rng)
        var a = transposeA ? [k, m] : [m, k]
        if Int.random(in: 0..<10, using: &rng) == 0 { k = k == Int.max ? k - 1 : k + 1 }
        var b = transposeB ? [n, k] : [k, n]
        if Int.random(in: 0..<10, using: &rng) == 0 { a = [m] }
        if Int.random(in: 0..<10, using: &rng) == 0 { b = b + [1] }
        return (a, b, transposeA, transposeB, rng.next())
    }

    @Test func matmulMatchesTheReferenceOrThrows() async {
        await propertyCheck(count: 300, input: Self.matmulCase) { aShape, bShape, transposeA, transposeB, seed in
            // Only operands that can exist are tried: huge dimensions come with an empty one.
            guard Arbitrary.isAllocatable(aShape), Arbitrary.isAllocatable(bShape) else { return }
            let av = Naive.values(Arbitrary.count(aShape)!, seed: seed), bv = Naive.values(Arbitrary.count(bShape)!, seed: seed &+ 1)
            guard let a = try? Tensor(shape: aShape, scalars: av), let b = try? Tensor(shape: bShape, scalars: bv) else {
                Issue.record("operands \(aShape) \(bShape)"); return
            }
            var expected: [Int]?
            if aShape.count == 2, bShape.count == 2 {
                let (m, k) = transposeA ? (aShape[1], aShape[0]) : (aShape[0], aShape[1])
                let (kb, n) = transposeB ? (bShape[1], bShape[0]) : (bShape[0], bShape[1])
                if k == kb { expected = [m, n] }
            }
            let what = "matmul \(aShape)\(transposeA ? "ᵀ" : "") x \(bShape)\(transposeB ? "ᵀ" : "")"
            guard let c = Self.check(what, expected: expected, { try matmul(a, b, transposeA: transposeA, transposeB: transposeB) }),
                  let shape = expected else { return }
            // The logical (untransposed) operands, row-major.
            let k = transposeA ? aShape[0] : aShape[1]
            let aLogical = transposeA ? Naive.stored(av, rows: k, columns: shape[0], transpose: true) : av
            let bLogical = transposeB ? Naive.stored(bv, rows: shape[1], columns: k, transpose: true) : bv
            let reference = Naive.gemm(m: shape[0], n: shape[1], k: k, alpha: 1, a: aLogical, b: bLogical, beta: 0, c: [])
            let bad = Naive.firstMismatch(c.scalars, reference.value, magnitude: reference.magnitude, relative: (Double(k) + 2) * 1.2e-7)
            #expect(bad == nil, "\(what): element \(bad ?? -1)")
        }
    }
}
