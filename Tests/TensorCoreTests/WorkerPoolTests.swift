import Testing
import Synchronization
@testable import TensorCore

/// `WorkerPool.run` must run every part of a section exactly once and return only after all of
/// them have finished, also when sections follow each other closely, when callers overlap and
/// when a part calls `run` itself. The slots below are plain (non-atomic) integers on purpose: a
/// part that runs twice, runs late or overlaps with the caller's check shows up as a wrong count
/// here and as a data race under ThreadSanitizer (`scripts/sanitize`).
@Suite struct WorkerPoolTests {
    /// A private pool with more threads than this machine has cores, so workers are often
    /// preempted in the middle of claiming a part: the interleavings a late worker can meet.
    static let pool = WorkerPool(workers: 3)

    /// Counts one run of each part in `slots`; checks and clears them after the section.
    struct Slots: ~Copyable {
        let counts: UnsafeMutablePointer<Int>
        let capacity: Int
        init(capacity: Int) {
            self.capacity = capacity
            counts = .allocate(capacity: capacity)
            counts.initialize(repeating: 0, count: capacity)
        }
        deinit { counts.deallocate() }

        /// Counts one run of part `p`. (Not `counts[p] += 1`: ThreadSanitizer instruments that
        /// inout access at the pointer's base address, which reports different parts of one
        /// section as racing with each other.)
        func record(_ p: Int) { (counts + p).pointee += 1 }

        /// How many slots of a section of `parts` parts did not run exactly once (slots at and
        /// beyond `parts` must not have run at all); clears all slots.
        func mismatches(parts: Int) -> Int {
            var wrong = 0
            for p in 0..<capacity {
                if counts[p] != (p < parts ? 1 : 0) { wrong += 1 }
                counts[p] = 0
            }
            return wrong
        }
    }

    /// A few hundred nanoseconds of work that the optimizer cannot remove, so parts overlap.
    @inline(never)
    static func work(_ seed: Int) -> Int {
        var x = seed
        for _ in 0..<64 { x = x &* 6364136223846793005 &+ 1442695040888963407 }
        return x
    }

    @Test func tinySectionsBackToBackRunEveryPartExactlyOnce() {
        let sections = 100_000
        let capacity = 40
        let slots = Slots(capacity: capacity)
        let runs = Atomic<Int>(0)
        let sink = Atomic<Int>(0)
        var expectedRuns = 0
        var wrongSections = 0
        for section in 0..<sections {
            // Alternate small and large sections: a worker late from a small section meets a
            // larger one, whose part count its stale view would accept.
            let parts = section % 2 == 0 ? 2 + section % 3 : capacity - section % 5
            expectedRuns += parts
            Self.pool.run(parts: parts) { p in
                slots.record(p)
                runs.add(1, ordering: .relaxed)
                sink.wrappingAdd(Self.work(p), ordering: .relaxed)
            }
            if slots.mismatches(parts: parts) != 0 { wrongSections += 1 }
        }
        #expect(wrongSections == 0, "sections where a part ran twice, not at all, or after run returned")
        #expect(runs.load(ordering: .relaxed) == expectedRuns)
    }

    @Test func partsBeyondOneSectionWordRunExactlyOnce() {
        // More parts than one published section can hold (16 bits): run splits them.
        let slots = Slots(capacity: 70_001)
        for parts in [65_535, 65_536, 70_001] {
            Self.pool.run(parts: parts) { p in slots.record(p) }
            #expect(slots.mismatches(parts: parts) == 0, "parts: \(parts)")
        }
    }

    @Test func zeroAndOnePart() {
        var ran = [Int]()
        Self.pool.run(parts: 0) { ran.append($0) }
        #expect(ran.isEmpty)
        Self.pool.run(parts: 1) { ran.append($0) }
        #expect(ran == [0])
    }

    /// Two tasks issue sections on the shared pool at the same time, and every part of the
    /// outer sections issues a nested section: each caller still sees each of its parts run
    /// exactly once before `run` returns.
    @Test func sharedPoolWithConcurrentAndNestedCallers() async {
        let results = await withTaskGroup(of: (wrong: Int, nestedWrong: Int).self) { group in
            for caller in 0..<2 {
                group.addTask {
                    let outer = Slots(capacity: 8)
                    let nested = Slots(capacity: 8 * 4)
                    var wrong = 0, nestedWrong = 0
                    for section in 0..<3_000 {
                        let parts = 2 + (section + caller) % 7
                        WorkerPool.shared.run(parts: parts) { p in
                            outer.record(p)
                            if section % 8 == 0 {
                                WorkerPool.shared.run(parts: 4) { q in nested.record(p * 4 + q) }
                            }
                        }
                        if outer.mismatches(parts: parts) != 0 { wrong += 1 }
                        if section % 8 == 0, nested.mismatches(parts: parts * 4) != 0 { nestedWrong += 1 }
                    }
                    return (wrong, nestedWrong)
                }
            }
            var all = [(wrong: Int, nestedWrong: Int)]()
            for await result in group { all.append(result) }
            return all
        }
        for result in results {
            #expect(result.wrong == 0)
            #expect(result.nestedWrong == 0)
        }
    }
}
