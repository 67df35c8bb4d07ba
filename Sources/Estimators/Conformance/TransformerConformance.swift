import TensorCore

/// Runs scikit-learn-style conformance checks on the transformer `transformer` with data `x`
/// (shape `[n, features]`, or `[n]` for a label transformer such as ``LabelEncoder``); use it
/// in your own transformers' tests:
///
/// ```swift
/// let report = checkTransformer(MyScaler(), x: x)
/// #expect(report.passed, "\(report)")
/// ```
///
/// Checks: parameters round-trip through `setting` and print as `TypeName(...)`; unknown
/// names are refused; `fit` leaves the hyperparameters unchanged; a second fit on the same
/// data gives the same transform; `transform` keeps the number of rows and equals
/// `fitTransform`; `fit` refuses empty data and a wrong rank; `transform` refuses a wrong
/// feature count; `inverseTransform(transform(x))` gives `x` back (to `inverseTolerance`,
/// relative) when the fitted form is an ``InvertibleTransformer``; and, for 2-D `x`, the
/// transformer works as a ``Pipeline`` step (followed by a ``StandardScaler``), its
/// parameters reachable as `step__param`.
public func checkTransformer<T: Transformer & HyperparameterSettable>(_ transformer: T, x: Tensor, inverseTolerance: Float = 1e-5) -> ConformanceReport {
    var report = ConformanceReport()
    let params = transformer.params
    checkParams(&report, transformer)

    let fitted: T.Fitted, out: Tensor
    do {
        fitted = try transformer.fit(x)
        out = try fitted.transform(x)
    } catch {
        report.record("fit", false, "fit or transform on the given data threw: \(error)")
        return report
    }
    report.record("fit_leaves_params_unchanged", transformer.params == params, "fit changed \(diff(params, transformer.params))")
    report.record("transform_rows", out.shape.first == x.shape.first, "transform gave shape \(out.shape) for \(x.shape.first ?? 0) rows")
    do {
        let again = try transformer.fit(x).transform(x)
        report.record("refit_same_transform", sameValues(again, out), "a second fit on the same data transforms differently")
        let both = try transformer.fitTransform(x).transformed
        report.record("fit_transform_matches", sameValues(both, out), "fitTransform differs from fit then transform")
    } catch {
        report.record("refit_same_transform", false, "a second fit threw: \(error)")
    }

    let n = x.shape.first ?? 0, d = x.rank == 2 ? x.shape[1] : 1
    refuses(&report, "fit_refuses_empty_data") {
        _ = try transformer.fit(try Tensor(shape: x.rank == 2 ? [0, d] : [0], scalars: []))
    }
    refuses(&report, "fit_refuses_wrong_rank") {
        _ = try transformer.fit(try Tensor(shape: [n, d, 2], scalars: Array(repeating: 0.5, count: n * d * 2)))
    }
    if x.rank == 2 {
        refuses(&report, "transform_refuses_wrong_feature_count") {
            _ = try fitted.transform(try Tensor(shape: [n, d + 1], scalars: Array(repeating: 0.5, count: n * (d + 1))))
        }
    }

    if let invertible = fitted as? any InvertibleTransformer {
        do {
            let back = try invertible.inverseTransform(out)
            let gap = maxRelativeGap(back, x)
            report.record("inverse_transform_round_trip", back.shape == x.shape && gap <= inverseTolerance,
                          "inverseTransform(transform(x)) has shape \(back.shape) for \(x.shape) and differs by \(gap) (relative)")
        } catch {
            report.record("inverse_transform_round_trip", false, "inverseTransform threw: \(error)")
        }
    }

    if x.rank == 2 { checkTransformerInPipeline(&report, transformer, x: x, expected: out) }
    return report
}

/// The transformer as the first step of `Pipeline(transformer, StandardScaler())`: the pipeline's
/// transform equals scaling the transformer's own output, and its params are nested.
private func checkTransformerInPipeline<T: Transformer & HyperparameterSettable>(_ report: inout ConformanceReport, _ transformer: T,
                                                                                  x: Tensor, expected: Tensor) {
    do {
        let pipeline = Pipeline(("transformer", transformer), ("scaler", StandardScaler()))
        let viaPipeline = try pipeline.fit(x).transform(x)
        let byHand = try StandardScaler().fit(expected).transform(expected)
        let nested = transformer.params.keys.allSatisfy { pipeline.params["transformer__" + $0] == transformer.params[$0] }
        report.record("works_in_pipeline", sameValues(viaPipeline, byHand) && nested,
                      nested ? "the pipeline transforms differently from the steps applied by hand"
                             : "the pipeline's params lack transformer__<name> for some of \(transformer.params.keys.sorted())")
    } catch {
        report.record("works_in_pipeline", false, "Pipeline(\(T.typeName), StandardScaler) threw: \(error)")
    }
}

/// Same shape and bit-identical values (NaN equal to NaN).
private func sameValues(_ a: Tensor, _ b: Tensor) -> Bool {
    a.shape == b.shape && zip(a.scalars, b.scalars).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

/// The largest `|a - b| / (1 + |b|)` over the elements, NaN counting as infinitely far unless both are NaN.
private func maxRelativeGap(_ a: Tensor, _ b: Tensor) -> Float {
    guard a.scalars.count == b.scalars.count else { return .infinity }
    var gap: Float = 0
    for (u, v) in zip(a.scalars, b.scalars) {
        if u.isNaN && v.isNaN { continue }
        let g = abs(u - v) / (1 + abs(v))
        gap = g.isNaN ? .infinity : max(gap, g)
    }
    return gap
}
