import Testing
import TensorCore
@testable import Estimators

/// ``HalvingRefine``'s draws around the survivors: integers may keep the parent's value, and a
/// round never holds the same candidate twice.
@Suite struct HalvingRefineTests {
    @Test func anIntegerCanKeepItsParentsValue() {
        // n_hidden in 0...3 (randint(0, 4)), spread 0.25: the move is round(z · 0.25 · 4) = round(z),
        // 0 for |z| < 0.5 (P ≈ 0.38 for a standard normal), ±1 for 0.5 ≤ |z| < 1.5, and so on.
        let refine = HalvingRefine(newCandidates: 1)
        var g = SeededGenerator(seed: 5)
        let draws = (0..<400).map { _ in refine.perturb(.int(2), in: .integer(0, 4), round: 0, &g) }
        let kept = draws.filter { $0 == .int(2) }.count
        #expect(kept > 110 && kept < 200, "kept \(kept) of 400")
        #expect(draws.contains(.int(1)) && draws.contains(.int(3)) && draws.contains(.int(0)))
        #expect(draws.allSatisfy { (try? $0.int(for: "n")).map { (0...3).contains($0) } ?? false })
        // Huge domains do not overflow.
        let wide = HalvingRefine(newCandidates: 1, spread: 1e6)
        #expect(wide.perturb(.int(0), in: .integer(Int.min / 2, Int.max / 2), round: 0, &g) != .none)
    }

    @Test func childrenNeverRepeatACandidateOfTheRound() {
        let refine = HalvingRefine(newCandidates: 6)
        var g = SeededGenerator(seed: 1)
        let parents: [SearchCandidate] = [["n_hidden": 2, "learning_rate": 0.01], ["n_hidden": 1, "learning_rate": 0.003]]
        let domains: [(name: String, domain: ParameterDomain)] = [("n_hidden", .integer(0, 4)), ("learning_rate", .logUniform(3e-4, 3e-2))]
        let children = refine.children(of: parents, existing: parents, domains: domains, round: 0, &g)
        #expect(children.count == 6 && Set(children + parents).count == 8)
        // Some child keeps its parent's n_hidden (its learning rate moved).
        #expect(zip(children, [parents[0], parents[1], parents[0], parents[1], parents[0], parents[1]]).contains { $0["n_hidden"] == $1["n_hidden"] })
        // A space of three candidates: the two new ones are the other values, then nothing more.
        let small = HalvingRefine(newCandidates: 5, spread: 2)
        let tiny = small.children(of: [["n": 1]], existing: [["n": 1]], domains: [("n", .integer(0, 3))], round: 0, &g)
        #expect(tiny.count <= 2 && Set(tiny).count == tiny.count && !tiny.contains(["n": 1]))
        #expect(tiny.allSatisfy { [.int(0), .int(2)].contains($0["n"]) })
    }
}
