import Foundation
import TensorCore

/// A search's results table, as scikit-learn's `cv_results_`: one row per evaluated candidate
/// (per iteration for halving searches), with its params, per-split scores, their mean,
/// population standard deviation and rank, and fit and score times.
public struct SearchResults: Sendable, Equatable {
    /// Scorer names in the order given (`["score"]` for the model's own score).
    public var scorerNames: [String]
    /// Each row's candidate (`params`).
    public var params: [SearchCandidate]
    /// Halving searches: the iteration of each row (`iter`).
    public var iterations: [Int]?
    /// Halving searches: the resource each row used (`n_resources`).
    public var nResources: [Int]?
    /// Per scorer, per row, per split: `split<i>_test_<scorer>`.
    public var splitTestScores: [String: [[Double]]]
    /// Per scorer, per row, per split, when train scores were requested.
    public var splitTrainScores: [String: [[Double]]]?
    /// Per row, per split, seconds spent fitting and scoring.
    public var fitTimes: [[Double]]
    public var scoreTimes: [[Double]]

    /// The searched names in order of first appearance (the `param_<name>` columns).
    public var paramNames: [String] {
        var names: [String] = []
        for p in params { for k in p.keys.sorted() where !names.contains(k) { names.append(k) } }
        return names
    }

    /// `mean_test_<scorer>` (NumPy's pairwise mean over splits).
    public func meanTestScore(_ scorer: String? = nil) -> [Double] {
        (splitTestScores[scorer ?? scorerNames[0]] ?? []).map(numpyMean)
    }

    /// `std_test_<scorer>` (population standard deviation, ddof 0).
    public func stdTestScore(_ scorer: String? = nil) -> [Double] {
        (splitTestScores[scorer ?? scorerNames[0]] ?? []).map(numpyStd)
    }

    /// `rank_test_<scorer>`: 1 is best; ties share the smallest rank; NaN means rank last.
    public func rankTestScore(_ scorer: String? = nil) -> [Int] {
        rankMin(meanTestScore(scorer))
    }

    /// `mean_train_<scorer>`, when train scores were requested.
    public func meanTrainScore(_ scorer: String? = nil) -> [Double]? {
        splitTrainScores?[scorer ?? scorerNames[0]]?.map(numpyMean)
    }

    /// The columns in scikit-learn's `cv_results_` order, each cell as text for CSV.
    public var columns: [(name: String, cells: [Cell])] {
        var cols: [(String, [Cell])] = []
        if let iterations { cols.append(("iter", iterations.map { .int($0) })) }
        if let nResources { cols.append(("n_resources", nResources.map { .int($0) })) }
        cols.append(("mean_fit_time", fitTimes.map { .double(numpyMean($0)) }))
        cols.append(("std_fit_time", fitTimes.map { .double(numpyStd($0)) }))
        cols.append(("mean_score_time", scoreTimes.map { .double(numpyMean($0)) }))
        cols.append(("std_score_time", scoreTimes.map { .double(numpyStd($0)) }))
        for name in paramNames { cols.append(("param_" + name, params.map { $0[name].map(Cell.value) ?? .missing })) }
        cols.append(("params", params.map { .params($0) }))
        let splits = fitTimes.first?.count ?? 0
        let single = scorerNames == ["score"]
        for scorer in scorerNames {
            let suffix = single ? "score" : scorer
            let test = splitTestScores[scorer] ?? []
            for i in 0..<splits { cols.append(("split\(i)_test_\(suffix)", test.map { .double($0[i]) })) }
            cols.append(("mean_test_\(suffix)", meanTestScore(scorer).map { .double($0) }))
            cols.append(("std_test_\(suffix)", stdTestScore(scorer).map { .double($0) }))
            cols.append(("rank_test_\(suffix)", rankTestScore(scorer).map { .int($0) }))
            if let train = splitTrainScores?[scorer] {
                for i in 0..<splits { cols.append(("split\(i)_train_\(suffix)", train.map { .double($0[i]) })) }
                cols.append(("mean_train_\(suffix)", train.map { .double(numpyMean($0)) }))
                cols.append(("std_train_\(suffix)", train.map { .double(numpyStd($0)) }))
            }
        }
        return cols
    }

    /// One cell of ``columns``.
    public enum Cell: Sendable, Equatable {
        case int(Int), double(Double), value(ParameterValue), params(SearchCandidate), missing

        /// Python-style text (`0.1`, `True`, `{'eta0': 0.1}`, empty for a missing parameter).
        public var text: String {
            switch self {
            case .int(let v): return String(v)
            case .double(let v): return pythonRepr(v)
            case .value(let v): return v.description
            case .params(let p): return "{" + p.keys.sorted().map { "'\($0)': \(p[$0]?.description ?? "None")" }.joined(separator: ", ") + "}"
            case .missing: return ""
            }
        }

        var json: String {
            switch self {
            case .int(let v): return String(v)
            case .double(let v): return v.isFinite ? pythonRepr(v) : "null"
            case .value(let v): return jsonValue(v)
            case .params(let p): return "{" + p.keys.sorted().map { "\(jsonString($0)): \(p[$0].map(jsonValue) ?? "null")" }.joined(separator: ", ") + "}"
            case .missing: return "null"
            }
        }
    }

    /// The table as CSV: a header of column names, one line per row (RFC 4180 quoting).
    public var csv: String {
        let cols = columns
        func quote(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var lines = [cols.map { quote($0.name) }.joined(separator: ",")]
        for row in params.indices { lines.append(cols.map { quote($0.cells[row].text) }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table as a JSON object of columns (`{"mean_fit_time": [...], ...}`), keys in
    /// `cv_results_` order; non-finite numbers and missing parameters are `null`.
    public var json: String {
        "{\n" + columns.map { "  \(jsonString($0.name)): [" + $0.cells.map(\.json).joined(separator: ", ") + "]" }
            .joined(separator: ",\n") + "\n}\n"
    }

    /// Writes ``csv`` (`.csv`) or ``json`` (`.json`) to `url` atomically (temporary file, then rename).
    public func write(to url: URL) throws {
        let text: String
        switch url.pathExtension.lowercased() {
        case "csv": text = csv
        case "json": text = json
        default:
            throw SwiftLearnError.invalidArgument("SearchResults.write: unsupported extension '.\(url.pathExtension)' in \(url.path); use .csv or .json")
        }
        do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
            throw SwiftLearnError.io("SearchResults.write: cannot write \(url.path): \(fileErrorReason(error, path: url.path))")
        }
    }
}

private func jsonString(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case _ where ch.value < 0x20: out += String(format: "\\u%04x", ch.value)
        default: out.unicodeScalars.append(ch)
        }
    }
    return out + "\""
}

private func jsonValue(_ v: ParameterValue) -> String {
    switch v {
    case .int(let i): return String(i)
    case .double(let d): return d.isFinite ? pythonRepr(d) : "null"
    case .bool(let b): return b ? "true" : "false"
    case .string(let s): return jsonString(s)
    case .ints(let a): return "[" + a.map(String.init).joined(separator: ", ") + "]"
    case .doubles(let a): return "[" + a.map { $0.isFinite ? pythonRepr($0) : "null" }.joined(separator: ", ") + "]"
    case .dictionary(let d):
        // JSON keys are strings, as Python's json.dumps writes integer keys.
        return "{" + d.keys.sorted().map { key -> String in
            let name: String
            switch key {
            case .int(let i): name = String(i)
            case .string(let s): name = s
            }
            return jsonString(name) + ": " + jsonValue(d[key] ?? .none)
        }.joined(separator: ", ") + "}"
    case .none: return "null"
    }
}

/// NumPy's pairwise summation (`add.reduce` on a contiguous row), so means equal NumPy's bit for bit.
func numpySum(_ a: ArraySlice<Double>) -> Double {
    let n = a.count, s = a.startIndex
    if n < 8 {
        var r = -0.0
        for v in a { r += v }
        return r
    } else if n <= 128 {
        var r = (0..<8).map { a[s + $0] }
        var i = 8
        while i < n - n % 8 {
            for j in 0..<8 { r[j] += a[s + i + j] }
            i += 8
        }
        var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n { res += a[s + i]; i += 1 }
        return res
    }
    var half = n / 2
    half -= half % 8
    return numpySum(a[s..<s + half]) + numpySum(a[(s + half)...])
}

func numpyMean(_ a: [Double]) -> Double { a.isEmpty ? .nan : numpySum(a[...]) / Double(a.count) }

func numpyStd(_ a: [Double]) -> Double {
    let m = numpyMean(a)
    return (numpySum(a.map { ($0 - m) * ($0 - m) }[...]) / Double(a.count)).squareRoot()
}

/// `rankdata(-scores, method='min')` with NaN ranked last (all NaN: all rank 1), as scikit-learn ranks.
func rankMin(_ scores: [Double]) -> [Int] {
    let finite = scores.filter { !$0.isNaN }
    guard let low = finite.min() else { return scores.map { _ in 1 } }
    let s = scores.map { $0.isNaN ? low - 1 : $0 }
    return s.map { v in 1 + s.filter { $0 > v }.count }
}
