// The benchmark workload of Benchmarks/RESULTS.md (784-300-100-10 MLP, 55,000 random rows), SwiftLearn side.
// Prints one `<figure> <value>` line per figure; Benchmarks/run pairs them with Keras'.
// `swiftlearn-bench estimators` runs the scikit-learn comparison instead (EstimatorBench.swift).
import Foundation
import SwiftLearn

final class EpochTimer: Callback {
    var started = Date()
    var seconds: [Double] = []
    override func onEpochBegin(_ epoch: Int, logs: Logs) throws { started = Date() }
    override func onEpochEnd(_ epoch: Int, logs: Logs) throws { seconds.append(Date().timeIntervalSince(started)) }
}

func median(_ v: [Double]) -> Double {
    let s = v.sorted()
    return s.isEmpty ? .nan : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
}

func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { return .nan }
    return kb / 1024
}

func makeModel() throws -> Sequential {
    let model = try Sequential([
        InputLayer(shape: [784]),
        Dense(300, activation: .relu),
        Dense(100, activation: .relu),
        Dense(10, activation: .softmax),
    ])
    try model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.01))
    return model
}

if CommandLine.arguments.dropFirst().first == "estimators" {
    // The scikit-learn comparison (EstimatorBench.swift) instead of the Keras one.
    try await runEstimatorBench()
    exit(0)
}

let epochs = Int(ProcessInfo.processInfo.environment["BENCH_EPOCHS"] ?? "") ?? 4
FileHandle.standardError.write("# BLAS kernels \(BLAS.coreName), \(BLAS.partitions) GEMM partitions, \(BLAS.threadCount) BLAS thread(s) per call\n".data(using: .utf8)!)
setRandomSeed(42)
var generator = SeededGenerator(seed: 42)
let x = try Tensor.randomUniform(shape: [55_000, 784], generator: &generator)
let y = Tensor((0..<55_000).map { _ in Float(generator.nextInt(below: 10)) })

for batchSize in [32, 256] {
    let model = try makeModel()
    let timer = EpochTimer()
    try model.fit(x, y, batchSize: batchSize, epochs: epochs, verbose: .silent, callbacks: [timer])
    // The first epoch is a warm-up, as for Keras (whose first epoch also compiles).
    if ProcessInfo.processInfo.environment["BENCH_VERBOSE"] != nil { FileHandle.standardError.write("epochs bs\(batchSize): \(timer.seconds)\n".data(using: .utf8)!) }
    print("epoch_bs\(batchSize)_s \(median(Array(timer.seconds.dropFirst())))")
}

let model = try makeModel()
try model.fit(try x.rows(0..<1000), try y.rows(0..<1000), epochs: 1, verbose: .silent)
let one = try x.rows(0..<1)
var blocks: [Double] = []
for _ in 0..<7 {
    let start = Date()
    for _ in 0..<1000 { _ = try model.predict(one, verbose: .silent) }
    blocks.append(Date().timeIntervalSince(start) / 1000 * 1e6)
}
print("predict_1row_us \(median(blocks))")

let tenK = try x.rows(0..<10_000)
var runs: [Double] = []
for _ in 0..<7 {
    let start = Date()
    _ = try model.predict(tenK, verbose: .silent)
    runs.append(Date().timeIntervalSince(start))
}
print("predict_10k_s \(median(runs))")
print("peak_rss_mib \(peakRSSMiB())")
