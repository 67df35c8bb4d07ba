import Foundation
import TensorCore

/// The outcome of ``checkEstimator(_:x:y:)``: one entry per check, in the order run.
public struct ConformanceReport: Sendable, CustomStringConvertible {
    /// One check: its name, whether it passed, and what went wrong.
    public struct Check: Sendable {
        public let name: String
        public let passed: Bool
        public let detail: String
    }

    public private(set) var checks: [Check] = []

    /// The checks that failed.
    public var failures: [Check] { checks.filter { !$0.passed } }
    /// Whether every check passed.
    public var passed: Bool { failures.isEmpty }

    mutating func record(_ name: String, _ passed: Bool, _ detail: @autoclosure () -> String = "") {
        checks.append(Check(name: name, passed: passed, detail: passed ? "" : detail()))
    }

    /// One line per check: `PASS name` or `FAIL name: detail`.
    public var description: String {
        checks.map { $0.passed ? "PASS \($0.name)" : "FAIL \($0.name): \($0.detail)" }.joined(separator: "\n")
    }

    /// Throws ``SwiftLearnError/invalidState(_:)`` listing the failed checks, if any.
    public func requirePassed() throws {
        guard passed else {
            throw SwiftLearnError.invalidState("estimator conformance failed:\n" + failures.map { "\($0.name): \($0.detail)" }.joined(separator: "\n"))
        }
    }
}

/// Runs scikit-learn-style conformance checks (`check_estimator`) on `estimator` with data
/// `x` (shape `[n, features]`, n ≥ 6) and `y`; use it in your own estimators' tests:
///
/// ```swift
/// let report = await checkEstimator(MyEstimator(), x: x, y: y)
/// #expect(report.passed, "\(report)")
/// ```
///
/// Checks: parameters round-trip through `setting` and print as `TypeName(...)`; unknown
/// names are refused; `fit` leaves the hyperparameters unchanged; two fits under one seed
/// predict identically; predictions have one value per row and scores are finite; `fit`
/// refuses mismatched rows, empty data and NaN; `predict` refuses a wrong feature count and
/// NaN; the estimator works as the last step of a ``Pipeline`` after a ``StandardScaler``
/// (its predictions and score equal a fit on data scaled by hand); and it works inside a
/// ``GridSearch`` whose refit equals a direct fit.
public func checkEstimator<E: Estimator & HyperparameterSettable>(_ estimator: E, x: Tensor, y: Tensor) async -> ConformanceReport
where E.Fitted: Predictor {
    var report = ConformanceReport()
    let params = estimator.params

    checkParams(&report, estimator)

    // Fitting: unchanged hyperparameters, determinism, shapes, finite scores.
    let first: E.Fitted
    do {
        first = try withRandomSeed(42) { try estimator.fit(x, y) }
    } catch {
        report.record("fit", false, "fit on the given data threw: \(error)")
        return report
    }
    report.record("fit_leaves_params_unchanged", estimator.params == params, "fit changed \(diff(params, estimator.params))")
    do {
        let again = try withRandomSeed(42) { try estimator.fit(x, y) }
        let p1 = try first.predict(x), p2 = try again.predict(x)
        report.record("fit_deterministic", p1.scalars == p2.scalars, "two fits with one seed predict differently")
        report.record("predict_shape", p1.shape.first == x.shape.first, "predict gave shape \(p1.shape) for \(x.shape[0]) rows")
        let score = try first.score(x, y)
        report.record("score_finite", score.isFinite, "score is \(score)")
    } catch {
        report.record("fit_deterministic", false, "refit or predict threw: \(error)")
    }
    let n = x.shape.first ?? 0, d = x.rank == 2 ? x.shape[1] : 0
    refuses(&report, "fit_refuses_row_mismatch") { _ = try estimator.fit(x, try y.gathering(rows: Array(0..<max(0, n - 1)))) }
    refuses(&report, "fit_refuses_empty_data") {
        _ = try estimator.fit(try Tensor(shape: [0, d], scalars: []), try Tensor(shape: [0], scalars: []))
    }
    var nanX = x
    nanX.withUnsafeMutableBufferPointer { $0[0] = .nan }
    refuses(&report, "fit_refuses_nan") { _ = try estimator.fit(nanX, y) }
    refuses(&report, "predict_refuses_nan") { _ = try first.predict(nanX) }
    refuses(&report, "predict_refuses_wrong_feature_count") {
        _ = try first.predict(try Tensor(shape: [n, d + 1], scalars: Array(repeating: 0.5, count: n * (d + 1))))
    }

    checkInPipeline(&report, estimator, x: x, y: y)

    // Inside a search: one candidate (the current value of a parameter), refit equals a direct fit.
    if let name = params.keys.sorted().first(where: { params[$0] != ParameterValue.none }), let value = params[name] {
        do {
            let search = GridSearch(estimator, paramGrid: [name: [value]],
                                    options: SearchOptions(cv: KFold(nSplits: 2, shuffle: true, randomState: 0), randomState: 42))
            let result = try await search.fit(x, y)
            let direct = try withRandomSeed(42) { try estimator.fit(x, y) }.predict(x)
            let refit = try result.bestEstimator?.predict(x)
            let same = result.bestHyperparameters.params == params
            report.record("works_in_search", same && refit?.scalars == direct.scalars && result.bestScore.isFinite,
                          same ? "the search's refit predicts differently from a direct fit (best score \(result.bestScore))"
                               : "setting '\(name)' to its own value \(value) in a search changed \(diff(params, result.bestHyperparameters.params))")
        } catch {
            report.record("works_in_search", false, "GridSearch over '\(name)' threw: \(error)")
        }
    }
    return report
}

/// Parameters round-trip through `setting`, print as `TypeName(...)`, and unknown names are refused.
func checkParams<E: HyperparameterSettable>(_ report: inout ConformanceReport, _ estimator: E) {
    let params = estimator.params
    do {
        let copy = try estimator.setting(params)
        report.record("params_round_trip", copy.params == params, "setting(params) changed \(diff(params, copy.params))")
    } catch {
        report.record("params_round_trip", false, "setting(params) threw: \(error)")
    }
    let printed = estimator.parameterDescription
    report.record("params_print", printed.hasPrefix(E.typeName + "(") && printed.hasSuffix(")"), "printed as \(printed)")
    do {
        _ = try estimator.setting("__no_such_parameter__", to: 1)
        report.record("unknown_param_refused", false, "setting an unknown name did not throw")
    } catch {
        report.record("unknown_param_refused", "\(error)".contains("__no_such_parameter__"), "the error does not name the parameter: \(error)")
    }
}

/// The estimator as the last step after a `StandardScaler`: fitting the pipeline under one seed
/// predicts and scores exactly as fitting the estimator on data scaled by hand.
private func checkInPipeline<E: Estimator & HyperparameterSettable>(_ report: inout ConformanceReport, _ estimator: E, x: Tensor, y: Tensor)
where E.Fitted: Predictor {
    do {
        let pipeline = Pipeline(("scaler", StandardScaler()), ("estimator", estimator))
        let fitted = try withRandomSeed(42) { try pipeline.fit(x, y) }
        let scaler = try StandardScaler().fit(x)
        let scaled = try scaler.transform(x)
        let direct = try withRandomSeed(42) { try estimator.fit(scaled, y) }
        let (p1, p2) = (try fitted.predict(x), try direct.predict(scaled))
        let (s1, s2) = (try fitted.score(x, y), try direct.score(scaled, y))
        report.record("works_in_pipeline", p1.scalars == p2.scalars && s1 == s2,
                      p1.scalars == p2.scalars ? "the pipeline scores \(s1), a fit on scaled data \(s2)"
                                               : "the pipeline predicts differently from a fit on data scaled by hand")
    } catch {
        report.record("works_in_pipeline", false, "Pipeline(StandardScaler, \(E.typeName)) threw: \(error)")
    }
}

func refuses(_ report: inout ConformanceReport, _ name: String, _ body: () throws -> Void) {
    do {
        try body()
        report.record(name, false, "no error was thrown")
    } catch let error as SwiftLearnError {
        report.record(name, true)
        _ = error
    } catch {
        report.record(name, false, "threw a non-SwiftLearnError: \(error)")
    }
}

func diff(_ a: [String: ParameterValue], _ b: [String: ParameterValue]) -> String {
    Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
        .map { "\($0): \(a[$0]?.description ?? "missing") → \(b[$0]?.description ?? "missing")" }.joined(separator: ", ")
}
