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
public final class WorkerPool: @unchecked Sendable {
    /// The process-wide pool with ``BLAS/partitions`` − 1 workers.
    public static let shared = WorkerPool(workers: max(BLAS.partitions - 1, 0))

    /// How many threads run parts (workers plus the calling thread).
    public let width: Int

    private let generation = Atomic<Int>(0)
    private let nextPart = Atomic<UInt64>(0)
    private let finished = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let condition = NSCondition()
    private var job: ((Int) -> Void)?
    private var parts = 0
    /// How long an idle worker spins before it sleeps.
    private let spinSeconds: Double = 200e-6

    init(workers: Int) {
        width = workers + 1
        for index in 1...max(workers, 1) where workers > 0 {
            let thread = Thread { [unowned self] in self.work(index: index) }
            thread.name = "swiftlearn-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `body(part)` for every part in `0..<parts`, in parallel where possible, and returns
    /// when all are done. `body` must only touch data that its part owns.
    ///
    /// The caller and the workers claim parts one at a time from a shared counter, so when a
    /// worker is slow to start (asleep, or its core taken by another process) the caller does
    /// its parts instead of waiting for it; it only ever waits for parts already running.
    public func run(parts: Int, _ body: (Int) -> Void) {
        guard parts > 1 else { if parts == 1 { body(0) }; return }
        guard width > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for p in 0..<parts { body(p) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = body
            self.parts = parts
            finished.store(0, ordering: .relaxed)
            let section = generation.load(ordering: .relaxed) &+ 1
            // Parts are claimed from `nextPart`, tagged with the section in its high bits so a
            // late worker can never claim a part of a section it has not seen start.
            nextPart.store(UInt64(truncatingIfNeeded: section) << 32, ordering: .releasing)
            condition.lock()
            generation.store(section, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
            claimParts(section: section)
            while finished.load(ordering: .acquiring) < parts {}
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Runs parts of `section` until none is left to claim.
    private func claimParts(section: Int) {
        let tag = UInt64(truncatingIfNeeded: section) << 32
        while true {
            var current = nextPart.load(ordering: .acquiring)
            var part = 0
            while true {
                guard current & ~0xFFFF_FFFF == tag else { return }
                part = Int(current & 0xFFFF_FFFF)
                guard part < parts else { return }
                let (exchanged, original) = nextPart.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
                if exchanged { break }
                current = original
            }
            runPart(part)
            finished.add(1, ordering: .releasing)
        }
    }

    /// Runs one part; the reference to the job ends with this call, before the part counts as finished.
    @inline(never)
    private func runPart(_ part: Int) {
        job?(part)
    }

    private func work(index: Int) {
        var seen = 0
        while true {
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(spinSeconds * 1e9)
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                spins &+= 1
                // Yield now and then, so a spinning worker never starves the thread it waits for.
                if spins & 63 == 0 { sched_yield() }
                if spins & 1023 == 0, DispatchTime.now().uptimeNanoseconds > deadline {
                    condition.lock()
                    while generation.load(ordering: .acquiring) == seen { condition.wait() }
                    condition.unlock()
                }
            }
            seen = generation.load(ordering: .acquiring)
            claimParts(section: seen)
        }
    }
}
