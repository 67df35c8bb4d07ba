import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A small pool of persistent worker threads for splitting one computation into parts.
///
/// Training issues thousands of short parallel sections per second (two halves of a GEMM of
/// ~100 µs each). Waking a sleeping thread for each costs tens of microseconds, so workers first
/// spin for a short while after each section, and only then sleep on a condition variable.
/// Nested or concurrent calls do not wait for the pool: they run their parts serially.
///
/// A section is published in one atomic word holding its number, its part count and the next
/// part to claim, and threads claim parts by compare-and-swap on that word. A claim therefore
/// only succeeds for the section whose word it read, with that section's part count: a worker
/// late from an earlier section can neither claim a part of the next one nor see its count or
/// its body half-written. The body and the first part's index are written before the word is
/// published (release) and read only after a successful claim (acquire).
public final class WorkerPool: @unchecked Sendable {
    /// The process-wide pool with ``BLAS/partitions`` − 1 workers.
    public static let shared = WorkerPool(workers: max(BLAS.partitions - 1, 0))

    /// How many threads run parts (workers plus the calling thread).
    public let width: Int

    /// The published section: bits 63–32 its number, 31–16 its part count, 15–0 the next part
    /// to claim.
    private let state = Atomic<UInt64>(0)
    /// How many parts of the current section have finished.
    private let finished = Atomic<Int>(0)
    /// Whether a caller owns the pool; only the owner writes `job`, `firstPart` and `section`.
    private let busy = Atomic<Bool>(false)
    private let condition = NSCondition()
    /// The body of the current call; written before its first section is published, cleared
    /// after its last section has finished.
    private var job: ((Int) -> Void)?
    /// The index of the current section's part 0 within the call's parts.
    private var firstPart = 0
    /// The number of the last published section.
    private var section: UInt32 = 0
    /// The most parts one section word can hold; larger calls run several sections.
    static let maxPartsPerSection = 0xFFFF
    /// How long an idle worker spins before it sleeps.
    private let spinSeconds: Double = 200e-6

    /// Starts `workers` threads, which live as long as the process (a pool is never freed).
    init(workers: Int) {
        width = workers + 1
        for index in 1...max(workers, 1) where workers > 0 {
            let thread = Thread { self.work() }
            thread.name = "swiftlearn-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `body(part)` for every part in `0..<parts`, in parallel where possible, and returns
    /// when all are done. `body` must only touch data that its part owns.
    ///
    /// The caller and the workers claim parts one at a time from the shared section word, so
    /// when a worker is slow to start (asleep, or its core taken by another process) the caller
    /// does its parts instead of waiting for it; it only ever waits for parts already running.
    public func run(parts: Int, _ body: (Int) -> Void) {
        guard parts > 1 else { if parts == 1 { body(0) }; return }
        guard width > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for p in 0..<parts { body(p) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = body
            var first = 0
            while first < parts {
                let count = min(parts - first, Self.maxPartsPerSection)
                runSection(firstPart: first, count: count)
                first += count
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Publishes a section of `count` parts starting at `firstPart`, takes part in it and waits
    /// until all its parts have finished.
    private func runSection(firstPart: Int, count: Int) {
        self.firstPart = firstPart
        finished.store(0, ordering: .relaxed)
        section &+= 1
        state.store(UInt64(section) << 32 | UInt64(count) << 16, ordering: .releasing)
        condition.lock()
        condition.broadcast()
        condition.unlock()
        claimParts(of: section)
        var spins = 0
        while finished.load(ordering: .acquiring) < count {
            spins &+= 1
            // A part still running may belong to a thread waiting for this core.
            if spins & 255 == 0 { sched_yield() }
        }
    }

    /// Runs parts of `section` until none is left to claim (or another section has started).
    private func claimParts(of section: UInt32) {
        var current = state.load(ordering: .acquiring)
        while true {
            guard UInt32(truncatingIfNeeded: current >> 32) == section else { return }
            let next = current & 0xFFFF
            guard next < (current >> 16) & 0xFFFF else { return }
            let (exchanged, original) = state.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            guard exchanged else { current = original; continue }
            runPart(firstPart + Int(next))
            finished.add(1, ordering: .releasing)
            current = state.load(ordering: .acquiring)
        }
    }

    /// Runs one part; the reference to the job ends with this call, before the part counts as finished.
    @inline(never)
    private func runPart(_ part: Int) {
        job?(part)
    }

    private func work() {
        var seen: UInt32 = 0
        while true {
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(spinSeconds * 1e9)
            var spins = 0
            while Self.section(of: state.load(ordering: .acquiring)) == seen {
                spins &+= 1
                // Yield now and then, so a spinning worker never starves the thread it waits for.
                if spins & 63 == 0 { sched_yield() }
                if spins & 1023 == 0, DispatchTime.now().uptimeNanoseconds > deadline {
                    condition.lock()
                    while Self.section(of: state.load(ordering: .acquiring)) == seen { condition.wait() }
                    condition.unlock()
                }
            }
            seen = Self.section(of: state.load(ordering: .acquiring))
            claimParts(of: seen)
        }
    }

    private static func section(of word: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: word >> 32)
    }
}
