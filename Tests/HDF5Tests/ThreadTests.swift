import Foundation
import Glibc
import HDF5
import Testing

/// HDF5's error printing and error stack are per thread in Debian's thread-safe build: every
/// entry point must silence printing on the calling thread and read the stack there.
@Suite struct ThreadTests {
    @Test func freshThreadsPrintNothingAndGetTheirOwnErrorStack() throws {
        let folder = try TempFolder()
        let junk = folder.path("junk.h5")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: junk))
        let valid = fixturePath("h5py_written.h5")

        // Capture this process's stderr while fresh threads make HDF5 fail.
        let captured = folder.path("stderr.txt")
        fflush(nil)
        let saved = dup(2)
        let sink = open(captured, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(saved >= 0 && sink >= 0)
        dup2(sink, 2)

        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var messages: [String] = []
            var kernels: [[Float]] = []
        }
        let results = Results()
        let done = DispatchSemaphore(value: 0)
        let threads = (0..<4).map { _ in
            Thread {
                let message = thrownMessage { _ = try File(junk) } ?? "did not throw"
                let kernel = (try? File(valid).openDataset("model_weights/dense/kernel:0").read(as: Float.self)) ?? []
                results.lock.lock()
                results.messages.append(message)
                results.kernels.append(kernel)
                results.lock.unlock()
                done.signal()
            }
        }
        threads.forEach { $0.start() }
        threads.forEach { _ in done.wait() }

        fflush(nil)
        dup2(saved, 2)
        close(saved)
        close(sink)
        // Read through FileHandle: String(contentsOfFile:) leaks a buffer for an empty file in
        // this toolchain's Foundation (LeakSanitizer reports it under scripts/sanitize).
        let bytes = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: captured)).readToEnd()) ?? nil
        let printed = String(decoding: bytes ?? Data(), as: UTF8.self)
        #expect(!printed.contains("HDF5-DIAG"), "HDF5 printed its error stack: \(printed.prefix(300))")
        #expect(results.messages.count == 4)
        for message in results.messages {
            #expect(message.contains("not an HDF5 file"))
            #expect(message.contains("file signature not found"))  // this thread's own HDF5 stack
        }
        let expected: [Float] = (0..<12).map { Float($0) / 4 - 1 }
        #expect(results.kernels == [[Float]](repeating: expected, count: 4))
    }
}
