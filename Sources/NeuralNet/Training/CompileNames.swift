import TensorCore

extension Model {
    /// A loss object (a built-in, `.custom(...)`, or a cross-entropy `fromLogits`) with metrics
    /// by Keras name: `compile(loss: .binaryCrossentropy(fromLogits: true), metrics: ["auc"])`.
    @_disfavoredOverload // `metrics: []` keeps meaning `[Metric]`
    public func compile(loss: Loss, optimizer: Optimizer = SGD(), metrics: [String]) throws {
        try compile(loss: loss, optimizer: optimizer, metrics: metrics.map { try Metric(named: $0) })
    }
}
