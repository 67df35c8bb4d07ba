import Foundation
import PropertyBased
import Testing
@testable import TensorCore

/// The raw kernels against Double references on random sizes: 0, sizes on both sides of every
/// multiple of 16 (the SIMD width) and random values. Each output buffer has one extra element
/// holding a sentinel that no kernel may overwrite.
///
/// Shrinking is off: on a failure it reruns the body hundreds of times with verbose output,
/// minutes in a debug build. The failure message still names the input and a fixed seed.
@Suite(.shrinking(false)) struct KernelPropertyTests {
    static let sentinel: Float = 123_456.75

    /// Random values with exact zeros, ones and negative zeros mixed in.
    static func values(_ n: Int, seed: UInt64) -> [Float] {
        var v = Naive.values(n, seed: seed)
        for i in v.indices where i % 7 == 3 { v[i] = [0, 1, -0.0, -1][i % 4] }
        return v
    }

    /// Whether `a` is `b` exactly (NaN matching NaN).
    static func same(_ a: Float, _ b: Double) -> Bool {
        a.isNaN ? b.isNaN : Double(a) == b
    }

    /// Runs a binary kernel on `x` and `y` and compares it with `reference` element by element.
    static func checkBinary(_ name: String, _ x: [Float], _ y: [Float],
                            _ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
                            reference: (Float, Float) -> Float) {
        let n = x.count
        var z = [Float](repeating: .nan, count: n) + [sentinel]
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                z.withUnsafeMutableBufferPointer { zp in kernel(xp.baseAddress!, yp.baseAddress!, zp.baseAddress!, n) }
            }
        }
        #expect(z.last == sentinel, "\(name) wrote past \(n)")
        let bad = (0..<n).first { !same(z[$0], Double(reference(x[$0], y[$0]))) }
        #expect(bad == nil, "\(name), n \(n): element \(bad ?? -1)")
    }

    /// `x ⊕ y` computed in Double and rounded once: for +, -, * and / of two Float32 this is the
    /// correctly rounded Float32 result, so the kernels must match it bit for bit.
    static func rounded(_ x: Float, _ y: Float, _ op: (Double, Double) -> Double) -> Float {
        Float(op(Double(x), Double(y)))
    }

    @Test func elementwiseKernelsAreExact() async {
        await propertyCheck(count: 150, input: Arbitrary.size, Arbitrary.seed) { n, seed in
            let x = Self.values(n, seed: seed), y = Self.values(n, seed: seed &+ 1)
            Self.checkBinary("add", x, y, { add($0, $1, $2, count: $3) }, reference: { Self.rounded($0, $1, +) })
            Self.checkBinary("subtract", x, y, { subtract($0, $1, $2, count: $3) }, reference: { Self.rounded($0, $1, -) })
            Self.checkBinary("multiply", x, y, { multiply($0, $1, $2, count: $3) }, reference: { Self.rounded($0, $1, *) })
            Self.checkBinary("divide", x, y, { divide($0, $1, $2, count: $3) }, reference: { Self.rounded($0, $1, /) })
            // A composite body: each Float operation rounds once.
            Self.checkBinary("vectorZip", x, y, { vectorZip($0, $1, $2, count: $3, { a, b in a * b - a }, { a, b in a * b - a }) },
                             reference: { a, b in Self.rounded(Self.rounded(a, b, *), a, -) })
            Self.checkBinary("vectorMap", x, y, { x, _, z, n in vectorMap(x, z, count: n, { $0 * 3 + 1 }, { $0 * 3 + 1 }) },
                             reference: { a, _ in Self.rounded(Self.rounded(a, 3, *), 1, +) })
        }
    }

    @Test func axpyAndScale() async {
        await propertyCheck(count: 150, input: Arbitrary.size, Arbitrary.seed, Gen.float(in: -4...4)) { n, seed, alpha in
            let x = Self.values(n, seed: seed), y = Self.values(n, seed: seed &+ 1)
            var z = y + [Self.sentinel]
            axpy(alpha, x, &z, count: n)
            #expect(z.last == Self.sentinel)
            let bad = (0..<n).first { i in
                let exact = Double(y[i]) + Double(alpha) * Double(x[i])
                let bound = 1.2e-7 * (abs(Double(y[i])) + 2 * abs(Double(alpha) * Double(x[i])))
                return !(abs(Double(z[i]) - exact) <= bound)
            }
            #expect(bad == nil, "axpy, n \(n), alpha \(alpha): element \(bad ?? -1)")

            var s = x + [Self.sentinel]
            scale(&s, count: n, by: alpha)
            #expect(s.last == Self.sentinel)
            #expect((0..<n).allSatisfy { Self.same(s[$0], Double(Float(Double(x[$0]) * Double(alpha)))) }, "scale, n \(n)")
            var nan = [Float](repeating: .nan, count: n) + [Self.sentinel]
            scale(&nan, count: n, by: 0)
            #expect(nan == [Float](repeating: 0, count: n) + [Self.sentinel], "scaling by 0 overwrites (BLAS beta = 0)")
        }
    }

    /// `|computed - exact| <= (terms + 20) * 2^-23 * Σ|x|`: the bound of a Float32 sum of that many terms.
    static func sumIsClose(_ computed: Float, _ x: ArraySlice<Float>, terms: Int) -> Bool {
        let exact = x.reduce(0.0) { $0 + Double($1) }, magnitude = x.reduce(0.0) { $0 + abs(Double($1)) }
        return abs(Double(computed) - exact) <= Double(terms + 20) * 1.2e-7 * magnitude
    }

    @Test func sumsMatchTheReference() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...9), Arbitrary.size, Arbitrary.seed, Gen.bool) { rows, columns, seed, accumulate in
            let x = Self.values(rows * columns, seed: seed)
            #expect(Self.sumIsClose(sum(x, count: x.count), x[...], terms: min(x.count, 4096) / 16 + 16), "sum of \(x.count)")

            var rowSums = [Float](repeating: .nan, count: rows) + [Self.sentinel]
            sumRows(x, rows: rows, columns: columns, into: &rowSums)
            #expect(rowSums.last == Self.sentinel)
            for r in 0..<rows {
                #expect(Self.sumIsClose(rowSums[r], x[(r * columns)..<((r + 1) * columns)], terms: columns), "row \(r) of \(rows)x\(columns)")
            }

            let start = Self.values(columns, seed: seed &+ 9)
            var columnSums = (accumulate ? start : [Float](repeating: .nan, count: columns)) + [Self.sentinel]
            sumColumns(x, rows: rows, columns: columns, into: &columnSums, accumulate: accumulate)
            #expect(columnSums.last == Self.sentinel)
            for j in 0..<columns {
                let terms = (0..<rows).map { x[$0 * columns + j] } + (accumulate ? [start[j]] : [])
                #expect(Self.sumIsClose(columnSums[j], terms[...], terms: terms.count), "column \(j) of \(rows)x\(columns), accumulate \(accumulate)")
            }
        }
    }

    @Test func argmaxRowsFindsTheFirstLargest() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...9), Gen.int(in: 1...40), Arbitrary.seed) { rows, columns, seed in
            let x = Naive.values(rows * columns, seed: seed).map { ($0 * 3).rounded() }  // ties happen
            var out = [Float](repeating: .nan, count: rows) + [Self.sentinel]
            argmaxRows(x, rows: rows, columns: columns, into: &out)
            #expect(out.last == Self.sentinel)
            let expected = (0..<rows).map { r -> Float in
                let row = Array(x[(r * columns)..<((r + 1) * columns)])
                return Float(row.firstIndex(of: row.max()!)!)
            }
            #expect(Array(out.dropLast()) == expected, "\(rows)x\(columns)")
        }
    }

    @Test func softmaxAndItsPullback() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...6), Gen.int(in: 0...40), Arbitrary.seed, Gen.float(in: 0.1...60)) { rows, columns, seed, spread in
            let x = Naive.values(rows * columns, seed: seed).map { $0 * spread }
            var y = [Float](repeating: .nan, count: rows * columns) + [Self.sentinel]
            softmaxRows(x, &y, rows: rows, columns: columns)
            #expect(y.last == Self.sentinel)
            let dy = Naive.values(rows * columns, seed: seed &+ 1)
            let previous = Naive.values(rows * columns, seed: seed &+ 2)
            for accumulate in [false, true] {
                var dx = (accumulate ? previous : [Float](repeating: .nan, count: rows * columns)) + [Self.sentinel]
                softmaxRowsBackward(y, dy, &dx, rows: rows, columns: columns, accumulate: accumulate)
                #expect(dx.last == Self.sentinel)
                for r in 0..<rows {
                    let span = (r * columns)..<((r + 1) * columns)
                    let top = span.map { Double(x[$0]) }.max() ?? 0
                    let e = span.map { exp(Double(x[$0]) - top) }
                    let total = e.reduce(0, +)
                    let reference = e.map { $0 / total }
                    // expf is within an ulp or two, the Float sum adds one rounding per column, and
                    // rounding x - max to Float shifts exp's result by up to |x - max| ulps.
                    func tolerance(_ i: Int) -> Double { (Double(columns + 4) + abs(Double(x[i]) - top)) * 1.2e-7 }
                    let worst = zip(span, reference).first { !(abs(Double(y[$0]) - $1) <= tolerance($0) * $1 + 1e-37) }
                    #expect(worst == nil, "softmax row \(r) of \(rows)x\(columns): \(worst.map { "\(y[$0.0]) vs \($0.1)" } ?? "")")
                    // dx = y * (dy - Σ dy * y), from the Float y the kernel produced.
                    let dot = span.reduce(0.0) { $0 + Double(dy[$1]) * Double(y[$1]) }
                    let scale = span.reduce(0.0) { $0 + abs(Double(dy[$1]) * Double(y[$1])) }
                    let ok = span.allSatisfy { i in
                        let exact = Double(y[i]) * (Double(dy[i]) - dot) + (accumulate ? Double(previous[i]) : 0)
                        let bound = Double(columns + 4) * 1.2e-7 * (Double(y[i]) * (abs(Double(dy[i])) + scale) + (accumulate ? abs(Double(previous[i])) : 0))
                        return abs(Double(dx[i]) - exact) <= bound + 1e-30
                    }
                    #expect(ok, "softmax pullback row \(r) of \(rows)x\(columns), accumulate \(accumulate)")
                }
            }
        }
    }

    @Test func sgemmEveryTransposeMatchesTheReference() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...40), Gen.int(in: 0...40), Gen.int(in: 0...40),
                            Gen.element(of: [Float(0), 1, 0.5, -2]), Gen.element(of: [Float(0), 1, -0.5]), Arbitrary.seed) { m, n, k, alpha, beta, seed in
            GEMMTests.checkSGEMM(m: m, n: n, k: k, alpha: alpha ?? 1, beta: beta ?? 0, seed: seed)
        }
    }

    @Test func gatherRowsCopiesTheRows() async {
        await propertyCheck(count: 150, input: Arbitrary.smallShape.filter { !$0.isEmpty && $0[0] > 0 }, Gen.int(in: 0...100).array(of: 0...8), Arbitrary.seed) { shape, picks, seed in
            let values = Naive.values(shape.reduce(1, *), seed: seed)
            guard let source = try? Tensor(shape: shape, scalars: values) else { Issue.record("shape \(shape)"); return }
            let indices = picks.map { $0 % shape[0] }
            let rowSize = values.count / shape[0]
            var destination = Tensor(uncheckedShape: [indices.count] + shape.dropFirst(), repeating: .nan)
            indices.withUnsafeBufferPointer { gatherRows(from: source, indices: $0, into: &destination) }
            #expect(destination.scalars == indices.flatMap { values[($0 * rowSize)..<(($0 + 1) * rowSize)] }, "\(shape) \(indices)")
        }
    }
}
