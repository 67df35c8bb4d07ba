import Foundation
import SwiftLearn
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A save killed with SIGKILL midway never damages the file it replaces: `swiftlearn convert`
/// (in a child process) writes a large model over an existing small one and is killed at delays
/// after its write has begun; afterwards the target always loads and is either the old model or the
/// complete new one, bit for bit. The only leftovers allowed are hidden temporary files named
/// `.<target>.tmp-*` (a killed process cannot clean up). Keras 3 itself writes straight into the
/// target (`open(filepath, "wb")` for `.keras`, `h5py.File(filepath, "w")` for `.h5`), so the
/// same kill there leaves a truncated file and the previous model is lost.
@Suite(.serialized) struct SaveCrashTests {
    /// The `swiftlearn` executable next to the test bundle (built by `swift build --build-tests`).
    static func executable() -> URL? {
        let candidates = [
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("swiftlearn") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `swiftlearn convert input output`; with `extraDelay`, waits until a temporary file for
    /// `output` appears in its folder (the write has begun), waits `extraDelay` seconds more and
    /// kills the process with SIGKILL. Returns whether it was killed before it finished.
    static func convert(_ tool: URL, _ input: String, _ output: String, killAfterWriteStarts extraDelay: Double?) throws -> Bool {
        let process = Process()
        process.executableURL = tool
        process.arguments = ["convert", input, output]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let extraDelay {
            let folder = URL(fileURLWithPath: output).deletingLastPathComponent()
            let name = URL(fileURLWithPath: output).lastPathComponent
            while process.isRunning, !folderContents(folder).contains(where: { isTemporary($0, for: name) }) { usleep(500) }
            usleep(useconds_t(extraDelay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// A hidden temporary file of a save to `target`: `.target.keras.tmp-*`, the zip's inner
    /// `..target.keras.tmp-*.tmp-*.weights.h5`, or the legacy writer's `.target.h5.<uuid>.tmp`.
    static func isTemporary(_ name: String, for target: String) -> Bool {
        name.hasPrefix(".") && name.contains(target + ".") && name.contains("tmp")
    }

    static func bitEqual(_ a: [Tensor], _ b: [Tensor]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.shape == y.shape && zip(x.scalars, y.scalars).allSatisfy { $0.bitPattern == $1.bitPattern }
        }
    }

    @Test func killedMidSaveLeavesThePreviousFileIntact() throws {
        let tool = try #require(Self.executable(), "the swiftlearn executable was not found next to the tests; run swift build --build-tests")
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The new model: about a million weights with Adam's two slots each (≈ 12 MB per file).
        setRandomSeed(1)
        let big = try Sequential([Dense(800, inputShape: [600]), Dense(600)])
        try big.compile(loss: .meanSquaredError, optimizer: Adam())
        try big.fit(try Tensor(shape: [2, 600], repeating: 0.5), try Tensor(shape: [2, 600], repeating: 0.1), epochs: 1, verbose: .silent)
        let bigPath = folder.appendingPathComponent("big.keras").path
        try big.save(to: bigPath)
        let old = try Sequential([Dense(3, inputShape: [2])])
        try old.compile(loss: .meanSquaredError, optimizer: SGD(momentum: 0.9))

        var killed = 0, killedMidWrite = 0, oldSurvived = 0, replaced = 0, leftovers: [String] = []
        for target in ["target.keras", "target.h5"] {
            let targetPath = folder.appendingPathComponent(target).path
            // A full run first: the conversion does replace the file.
            try old.save(to: targetPath)
            #expect(try !Self.convert(tool, bigPath, targetPath, killAfterWriteStarts: nil))
            #expect(Self.bitEqual(try loadModel(from: targetPath).getWeights(), big.getWeights()))
            // Then killed once the write has begun, at increasing delays.
            for (i, delay) in [0, 0.001, 0.003, 0.01, 0.03, 0.1].enumerated() {
                try old.save(to: targetPath)
                let wasKilled = try Self.convert(tool, bigPath, targetPath, killAfterWriteStarts: delay)
                if wasKilled { killed += 1 }
                var temporaries: [String] = []
                for name in folderContents(folder) where !["big.keras", "target.keras", "target.h5"].contains(name) {
                    if Self.isTemporary(name, for: target) { temporaries.append(name) } else { leftovers.append(name) }
                    try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
                }
                if wasKilled, !temporaries.isEmpty { killedMidWrite += 1 }
                let loaded = try loadModel(from: targetPath)   // must load whatever happened
                if Self.bitEqual(loaded.getWeights(), old.getWeights()) {
                    oldSurvived += 1
                } else {
                    #expect(Self.bitEqual(loaded.getWeights(), big.getWeights()), "\(target) after a kill at run \(i): neither model")
                    #expect(loaded.compiled?.optimizer.iterations == 1)
                    replaced += 1
                }
            }
        }
        #expect(leftovers.isEmpty, "files left that are not named as temporary: \(leftovers)")
        #expect(killedMidWrite >= 6, "kills that hit the write itself (a temporary file was left): \(killedMidWrite) of 12")
        #expect(oldSurvived + replaced == 12)
        print("SaveCrashTests: \(killed) of 12 runs killed, \(killedMidWrite) mid-write, old file kept \(oldSurvived), replaced \(replaced)")
    }
}
