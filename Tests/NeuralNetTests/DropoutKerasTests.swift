import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// Dropout in training mode against Keras 3 (Fixtures/keras/dropout.json,
/// Interop/make_dropout_fixtures.py). Keras' random masks cannot be reproduced, so what is
/// compared is what does not depend on them: the fraction of zeros (both within binomial bounds
/// of the rate and of each other), the exact value of a kept input and of its gradient (Keras'
/// value at that position, gathered over seeds), a zero gradient where dropped, the identity at
/// inference, and `noiseShape` sharing the mask along its 1-axes.
@Suite struct DropoutKerasTests {
    static let fixtures = KerasFixtures(file: "dropout.json")

    @Test func fixtureIsKeras3() {
        #expect(Self.fixtures.root["keras_version"] as? String == "3.15.1")
        #expect(Set(Self.fixtures.object("rates").keys) == ["0.2", "0.5"])
    }

    @Test(arguments: ["0.2", "0.5"])
    func maskStatisticsScaleAndGradientMatchKeras(key: String) throws {
        let c = Self.fixtures.object("rates", key)
        let rate = (c["rate"] as? NSNumber)?.floatValue ?? .nan
        let n = (c["n"] as? NSNumber)?.intValue ?? 0
        try #require(n > 0)
        // Zero fraction: five binomial standard deviations, for us, for Keras, and between us.
        let sd = (Double(rate) * Double(1 - rate) / Double(n)).squareRoot()
        let big = try Tensor(shape: [n], scalars: (0..<n).map { 1 + Float($0 % 1000) / 1000 })
        let layer = Dropout(rate, seed: 123)
        let out = try layer(big, training: true)
        let ours = Double(out.scalars.filter { $0 == 0 }.count) / Double(n)
        let keras = (c["zero_fraction"] as? NSNumber)?.doubleValue ?? .nan
        #expect(abs(ours - Double(rate)) < 5 * sd, "our zero fraction \(ours) for rate \(rate)")
        #expect(abs(keras - Double(rate)) < 5 * sd, "Keras' zero fraction \(keras)")
        #expect(abs(ours - keras) < 5 * sd * 2.0.squareRoot(), "ours \(ours) vs Keras \(keras)")
        // Inference is the identity, as Keras' (max difference 0).
        #expect((c["inference_max_difference"] as? NSNumber)?.doubleValue == 0)
        #expect(try layer(big, training: false) == big)

        // A kept value is exactly Keras' kept value at that position; a dropped one is 0.
        let x = floats(c["x"]), kept = floats(c["kept"]), upstream = floats(c["upstream"]), keptGradient = floats(c["kept_gradient"])
        try #require(x.count == kept.count && x.count == upstream.count && x.count == keptGradient.count && !x.isEmpty)
        for seed in UInt64(1)...4 {
            let tape = GradientTape()
            let input = try Tensor(shape: [1, x.count], scalars: x), u = try Tensor(shape: [1, x.count], scalars: upstream)
            var watched = input
            let (y, total) = try tape.record { () throws -> (Tensor, Tensor) in
                watched = tape.watch(input)
                let y = try Dropout(rate, seed: seed)(watched, training: true)
                return (y, try (y * u).summed())
            }
            try tape.backward(from: total)
            let g = try #require(tape.gradient(for: watched)).scalars
            let ys = y.scalars
            let keptIndices = ys.indices.filter { ys[$0] != 0 }
            #expect(!keptIndices.isEmpty && keptIndices.count < ys.count)
            let wrongValue = ys.indices.filter { ys[$0] != 0 && ys[$0] != kept[$0] }
            let wrongGradient = ys.indices.filter { ys[$0] != 0 ? g[$0] != keptGradient[$0] : g[$0] != 0 }
            #expect(wrongValue.isEmpty, "rate \(rate) seed \(seed): kept values differ from Keras' at \(wrongValue.prefix(5)): \(wrongValue.prefix(5).map { (ys[$0], kept[$0]) })")
            #expect(wrongGradient.isEmpty, "rate \(rate) seed \(seed): gradients differ from Keras' (kept) or 0 (dropped) at \(wrongGradient.prefix(5)): \(wrongGradient.prefix(5).map { (g[$0], keptGradient[$0]) })")
        }
    }

    @Test func noiseShapeSharesTheMaskAsKeras() throws {
        let c = Self.fixtures.object("noise_shape")
        let shape = ints(c["input_shape"]), constantAxes = ints(c["constant_axes"])
        try #require(shape == [64, 10, 8] && constantAxes == [1])
        let layer = Dropout(0.5, noiseShape: [nil, 1, 8], seed: 3, name: "dropout_16")
        #expect(layer.serialized["config"]?.jsonText == c["config"] as? String, "config as Keras 3 writes it")
        let y = try layer(try Tensor(ones: shape), training: true).scalars
        // The mask (zero or not) is constant along axis 1 only, as Keras' was.
        func zero(_ b: Int, _ t: Int, _ f: Int) -> Bool { y[(b * 10 + t) * 8 + f] == 0 }
        var constantAlong = [true, true, true]
        for b in 0..<64 { for t in 0..<10 { for f in 0..<8 {
            if zero(b, t, f) != zero(0, t, f) { constantAlong[0] = false }
            if zero(b, t, f) != zero(b, 0, f) { constantAlong[1] = false }
            if zero(b, t, f) != zero(b, t, 0) { constantAlong[2] = false }
        } } }
        #expect(constantAlong.indices.filter { constantAlong[$0] } == constantAxes)
        // 512 independent draws: five standard deviations of 0.5.
        let fraction = Double(y.filter { $0 == 0 }.count) / Double(y.count)
        let keras = (c["zero_fraction"] as? NSNumber)?.doubleValue ?? .nan
        let sd = (0.25 / 512.0).squareRoot()
        #expect(abs(fraction - 0.5) < 5 * sd && abs(keras - 0.5) < 5 * sd, "ours \(fraction), Keras \(keras)")
        // Rebuilt from Keras' config; a noise shape that does not broadcast is refused, naming both shapes.
        let rebuilt = try LayerRegistry.layer(from: layer.serialized)
        #expect((rebuilt as? Dropout)?.noiseShape == [nil, 1, 8])
        #expect { _ = try Dropout(0.5, noiseShape: [nil, 3, 8])(try Tensor(ones: shape), training: true) } throws: { error in
            guard case SwiftLearnError.shapeMismatch(let m) = error else { return false }
            return m.contains("(None, 3, 8)") && m.contains("(None, 10, 8)")
        }
    }
}
