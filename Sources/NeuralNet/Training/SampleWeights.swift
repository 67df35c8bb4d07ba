import TensorCore

/// Sample weights as the training entry points receive them, in Keras 3's forms.
enum SampleWeightInput {
    /// One array of one weight per sample, applied to every output.
    case all(Tensor)
    /// One array per output, in output order; nil leaves that output unweighted.
    case perOutput([Tensor?])
    /// Arrays by output name; an output without an entry is unweighted.
    case byOutput([String: Tensor])
    /// Weights already checked by ``Model/outputSampleWeights(y:sampleWeight:classWeight:context:)``.
    case resolved([[Float]?])
}

extension Model {
    /// Per-output, per-sample weights (nil: unweighted) from `sampleWeight` or `classWeight`,
    /// checked as Keras 3 checks them: `classWeight` needs a single output and cannot be combined
    /// with `sampleWeight`; a list needs one entry per output; each array one value per sample.
    func outputSampleWeights(y: [Tensor], sampleWeight: SampleWeightInput?, classWeight: [Int: Float]?,
                             context: String) throws -> [[Float]?] {
        let names = outputNames
        if sampleWeight != nil, classWeight != nil {
            throw SwiftLearnError.invalidArgument("\(context): give sampleWeight or classWeight, not both (Keras: \"You cannot `class_weight` and `sample_weight` at the same time.\"); received both")
        }
        if classWeight != nil, y.count > 1 {
            throw SwiftLearnError.invalidArgument("\(context): classWeight needs a model with one output (Keras: only supported for models with a single output); model '\(name)' has \(y.count) (\(names.joined(separator: ", "))): give sampleWeight per output instead")
        }
        let arrays: [Tensor?]
        var shared = y.count == 1 // one array for every output: named plainly `sampleWeight`
        switch sampleWeight {
        case nil:
            return [try sampleWeights(y: y[0], sampleWeight: nil, classWeight: classWeight, context: context)]
                + Array(repeating: nil, count: y.count - 1)
        case .resolved(let w)?:
            return w
        case .all(let w)?:
            arrays = Array(repeating: w, count: y.count)
            shared = true
        case .perOutput(let list)?:
            guard list.count == y.count else {
                throw SwiftLearnError.invalidArgument("\(context): model '\(name)' has \(y.count) output\(y.count == 1 ? "" : "s") (\(names.joined(separator: ", "))), received \(list.count) sampleWeight array\(list.count == 1 ? "" : "s"); give one per output (nil for an unweighted output)")
            }
            arrays = list
        case .byOutput(let dict)?:
            if let unknown = dict.keys.sorted().first(where: { !names.contains($0) }) {
                throw SwiftLearnError.unknownName("\(context): sampleWeight has an array for output '\(unknown)', which model '\(name)' does not have (its outputs are \(names.joined(separator: ", ")))")
            }
            arrays = names.map { dict[$0] }
        }
        return try zip(arrays, y).enumerated().map { i, pair in
            let argument = shared ? "sampleWeight" : "sampleWeight for output '\(names[i])'"
            return try pair.0.map { try checkedWeights($0, samples: pair.1.shape.first ?? 0, argument: argument, context: context) }
        }
    }

    private func checkedWeights(_ w: Tensor, samples n: Int, argument: String, context: String) throws -> [Float] {
        guard w.scalarCount == n else {
            throw SwiftLearnError.shapeMismatch("\(context): \(argument) has \(w.scalarCount) values, expected one per sample (\(n)): shape (\(n),), received shape \(formatShape(w.shape))")
        }
        try requireFinite(w, argument: argument, context: context)
        return w.scalars
    }
}

extension Model {
    /// Trains with validation data that carries its own sample weights (Keras'
    /// `validation_data=(x_val, y_val, sample_weight_val)`); otherwise as `fit(_:_:)`.
    @discardableResult
    public func fit(
        _ x: Tensor, _ y: Tensor,
        batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [], validationData: (x: Tensor, y: Tensor, sampleWeight: Tensor),
        shuffle: Bool = true, classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil, initialEpoch: Int = 0
    ) throws -> History {
        try fitArrays([x], [y], batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
                      validationSplit: 0, validationData: ([validationData.x], [validationData.y], .all(validationData.sampleWeight)),
                      shuffle: shuffle, classWeight: classWeight, weights: sampleWeight.map { .all($0) }, initialEpoch: initialEpoch)
    }

    /// Trains with one sample-weight array per output, in output order (Keras'
    /// `fit([x1, x2], [y1, y2], sample_weight=[w1, w2])`); nil leaves an output unweighted.
    /// `validationData` may carry its own per-output weights, as Keras' `(x, y, sample_weight)`.
    @discardableResult
    public func fit(
        _ x: [Tensor], _ y: [Tensor],
        batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [],
        validationSplit: Double = 0, validationData: (x: [Tensor], y: [Tensor], sampleWeight: [Tensor?])? = nil,
        shuffle: Bool = true, sampleWeight: [Tensor?], initialEpoch: Int = 0
    ) throws -> History {
        try fitArrays(x, y, batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
                      validationSplit: validationSplit,
                      validationData: validationData.map { ($0.x, $0.y, .perOutput($0.sampleWeight)) },
                      shuffle: shuffle, classWeight: nil, weights: .perOutput(sampleWeight), initialEpoch: initialEpoch)
    }

    /// Trains on arrays by input and output name with sample weights by output name (Keras'
    /// `sample_weight={"main": w1, "aux": w2}`); an output missing from `sampleWeight` is unweighted.
    @discardableResult
    public func fit(
        _ x: [String: Tensor], _ y: [String: Tensor],
        batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [],
        validationSplit: Double = 0,
        validationData: (x: [String: Tensor], y: [String: Tensor], sampleWeight: [String: Tensor])? = nil,
        shuffle: Bool = true, sampleWeight: [String: Tensor], initialEpoch: Int = 0
    ) throws -> History {
        let context = "fit(validationData:)"
        return try fitArrays(
            inputArrays(x, context: "fit"), targetArrays(y, context: "fit"), batchSize: batchSize, epochs: epochs,
            verbose: verbose, callbacks: callbacks, validationSplit: validationSplit,
            validationData: validationData.map { v in
                (try inputArrays(v.x, context: context), try targetArrays(v.y, context: context), .byOutput(v.sampleWeight))
            },
            shuffle: shuffle, classWeight: nil, weights: .byOutput(sampleWeight), initialEpoch: initialEpoch)
    }

    /// The loss and metrics with one sample-weight array per output (nil: unweighted).
    public func evaluate(_ x: [Tensor], _ y: [Tensor], batchSize: Int = 32, verbose: Verbosity = .progressBar,
                         sampleWeight: [Tensor?], callbacks: [Callback] = []) throws -> Logs {
        try evaluateArrays(x, y, batchSize: batchSize, verbose: verbose, weights: .perOutput(sampleWeight), callbacks: callbacks)
    }

    /// The loss and metrics on arrays by name, with sample weights by output name.
    public func evaluate(_ x: [String: Tensor], _ y: [String: Tensor], batchSize: Int = 32, verbose: Verbosity = .progressBar,
                         sampleWeight: [String: Tensor], callbacks: [Callback] = []) throws -> Logs {
        try evaluateArrays(inputArrays(x, context: "evaluate"), targetArrays(y, context: "evaluate"), batchSize: batchSize,
                           verbose: verbose, weights: .byOutput(sampleWeight), callbacks: callbacks)
    }

    /// One optimization step with one sample-weight array per output (nil: unweighted).
    @discardableResult
    public func trainOnBatch(_ x: [Tensor], _ y: [Tensor], sampleWeight: [Tensor?]) throws -> Logs {
        try trainOnBatchArrays(x, y, weights: .perOutput(sampleWeight), classWeight: nil)
    }

    /// One optimization step on arrays by name, with sample weights by output name.
    @discardableResult
    public func trainOnBatch(_ x: [String: Tensor], _ y: [String: Tensor], sampleWeight: [String: Tensor]) throws -> Logs {
        try trainOnBatchArrays(inputArrays(x, context: "trainOnBatch"), targetArrays(y, context: "trainOnBatch"),
                               weights: .byOutput(sampleWeight), classWeight: nil)
    }

    /// The loss and metrics of one batch with one sample-weight array per output, without training.
    public func testOnBatch(_ x: [Tensor], _ y: [Tensor], sampleWeight: [Tensor?]) throws -> Logs {
        try evaluateArrays(x, y, batchSize: Swift.max(x.first?.shape.first ?? 1, 1), verbose: .silent,
                           weights: .perOutput(sampleWeight), callbacks: [])
    }

    /// The loss and metrics of one batch by name, with sample weights by output name, without training.
    public func testOnBatch(_ x: [String: Tensor], _ y: [String: Tensor], sampleWeight: [String: Tensor]) throws -> Logs {
        let x = try inputArrays(x, context: "testOnBatch"), y = try targetArrays(y, context: "testOnBatch")
        return try evaluateArrays(x, y, batchSize: Swift.max(x.first?.shape.first ?? 1, 1), verbose: .silent,
                                  weights: .byOutput(sampleWeight), callbacks: [])
    }
}
