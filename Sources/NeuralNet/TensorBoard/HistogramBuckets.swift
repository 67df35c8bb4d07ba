/// TensorBoard's histogram bucketing (`tensorboard.plugins.histogram.summary_v2._buckets`,
/// which `tf.summary.histogram` and so Keras' `TensorBoard(histogram_freq=)` use).
///
/// The values are taken as doubles; `count` equal-width buckets span `[min, max]`, a value goes to
/// bucket `floor((v - min) / width)` clamped to the last one (so `max` lands in the last), and
/// the edges are `min + i·width` with the last right edge exactly `max`. When every value is the
/// same, all edges are that value and only the last bucket counts them; with no values (or no
/// buckets) the result is `count` all-zero rows.
struct HistogramBuckets: Equatable {
    /// Per bucket, its left edge, right edge and count (TensorBoard's `[k, 3]` tensor rows).
    var left: [Double], right: [Double], counts: [Double]

    /// TensorBoard's default bucket count.
    static let defaultCount = 30

    init(_ values: UnsafeBufferPointer<Float>, bucketCount: Int = HistogramBuckets.defaultCount) {
        let k = max(0, bucketCount)
        left = Array(repeating: 0, count: k)
        right = Array(repeating: 0, count: k)
        counts = Array(repeating: 0, count: k)
        guard k > 0, !values.isEmpty else { return }
        var lo = Double(values[0]), hi = lo
        for v in values {
            let d = Double(v)
            // NaN compares false both ways and is skipped, as a min/max that ignores it.
            if d < lo { lo = d }
            if d > hi { hi = d }
        }
        let range = hi - lo
        if range == 0 || !range.isFinite {
            left = Array(repeating: hi, count: k)
            right = left
            counts[k - 1] = Double(values.count)
            return
        }
        let width = range / Double(k)
        for v in values {
            let offset = (Double(v) - lo) / width
            guard offset.isFinite else { continue }
            counts[min(max(Int(offset.rounded(.down)), 0), k - 1)] += 1
        }
        for i in 0..<k {
            left[i] = lo + Double(i) * width
            right[i] = lo + Double(i + 1) * width
        }
        right[k - 1] = hi
    }

    /// The rows `[left, right, count]` flattened in row-major order, as the tensor content.
    var flattened: [Double] {
        var out: [Double] = []
        out.reserveCapacity(counts.count * 3)
        for i in counts.indices { out += [left[i], right[i], counts[i]] }
        return out
    }
}
