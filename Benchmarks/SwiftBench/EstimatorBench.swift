// The estimator workload (`swiftlearn-bench estimators`), SwiftLearn side of Benchmarks/sklearn_bench.py:
// California housing (Fixtures/data), a Pipeline of StandardScaler and
// MLPRegressor(hiddenLayerSizes [30], adam, maxIter 20, randomState 0), as float32 data.
//   cv5_<j>_s     5-fold KFold (no shuffling) cross-validation score, j = 1 or 2 jobs
//   grid12_<j>_s  GridSearch over hidden_layer_sizes {(30), (50)} x learning_rate_init {1e-3, 3e-3},
//                 3-fold KFold, refit on all data (13 fits)
// Each figure: one untimed warm-up, then the median of `BENCH_REPEATS` (default 3) timed runs.
// Prints one `<figure> <value>` line per figure; Benchmarks/run pairs them with scikit-learn's.
import Foundation
import SwiftLearn

private func housingPipeline(hidden: [Int] = [30], learningRateInit: Double = 1e-3) -> Pipeline {
    Pipeline(("scaler", StandardScaler()),
             ("mlp", MLPRegressor(hiddenLayerSizes: hidden, solver: .adam, learningRateInit: learningRateInit,
                                  maxIter: 20, randomState: 0)))
}

/// CPU seconds (user + system) of the whole process so far.
private func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The median wall-clock seconds of `repeats` runs after a warm-up; notes the mean CPU seconds
/// per run too (2 jobs should use about twice the wall time in CPU, no more).
private func medianSeconds(_ figure: String, repeats: Int, _ body: () async throws -> Void) async throws -> Double {
    try await body() // warm-up
    var runs: [Double] = []
    let cpuStart = processCPUSeconds()
    for _ in 0..<repeats {
        let start = Date()
        try await body()
        runs.append(Date().timeIntervalSince(start))
    }
    let cpu = (processCPUSeconds() - cpuStart) / Double(max(repeats, 1))
    note("# estimators: \(figure) wall \(runs.map { String(format: "%.3f", $0) }) s, CPU \(String(format: "%.3f", cpu)) s per run")
    return median(runs)
}

func note(_ text: String) { FileHandle.standardError.write((text + "\n").data(using: .utf8)!) }

func runEstimatorBench() async throws {
    let repeats = Int(ProcessInfo.processInfo.environment["BENCH_REPEATS"] ?? "") ?? 3
    let housing = try CaliforniaHousing.load()
    let (x, y) = (housing.features, housing.target)
    note("# estimators: California housing \(x.shape), BLAS \(BLAS.coreName), \(BLAS.partitions) GEMM partitions")

    // The same epochs as scikit-learn: all 20 run (no tol stop), batches of min(200, n).
    let check = try housingPipeline().fit(x, y)
    if let mlp = check.finalPredictor as? FittedMLPRegressor {
        note("# estimators: full-data fit ran \(mlp.nIter) epochs")
    }

    for jobs in [1, 2] {
        var scores: [Double] = []
        let figure = "cv5_\(jobs)job\(jobs == 1 ? "" : "s")_s"
        let s = try await medianSeconds(figure, repeats: repeats) {
            scores = try await crossValScore(housingPipeline(), x, y, cv: KFold(nSplits: 5), maxConcurrency: jobs)
        }
        note("# estimators: cv5 \(jobs) job(s) r2 per fold \(scores.map { String(format: "%.4f", $0) })")
        print("\(figure) \(s)")
    }
    let grid: [String: [ParameterValue]] = [
        "mlp__hidden_layer_sizes": [.ints([30]), .ints([50])],
        "mlp__learning_rate_init": [1e-3, 3e-3],
    ]
    for jobs in [1, 2] {
        var best = ""
        let figure = "grid12_\(jobs)job\(jobs == 1 ? "" : "s")_s"
        let s = try await medianSeconds(figure, repeats: repeats) {
            let search = GridSearch(housingPipeline(), paramGrid: grid,
                                    options: SearchOptions(cv: KFold(nSplits: 3), nJobs: jobs))
            let result = try await search.fit(x, y)
            best = "\(result.bestParams) \(String(format: "%.4f", result.bestScore))"
        }
        note("# estimators: grid12 \(jobs) job(s) best \(best)")
        print("\(figure) \(s)")
    }
}
