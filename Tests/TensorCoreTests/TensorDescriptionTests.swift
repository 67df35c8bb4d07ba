import Testing
@testable import TensorCore

/// `description` against NumPy's layout. The expected strings are NumPy 2.4's
/// `np.array2string(a, separator=", ", prefix=p, suffix=")")` with `p = "Tensor(shape: (…), "`, for
/// the same float32 values (scripted in the test's comments), except `integral`, where NumPy
/// prints `1.` and SwiftLearn `1.0`.
@Suite struct TensorDescriptionTests {
    static func sequence(_ count: Int, _ f: (Double) -> Double) -> [Float] {
        (0..<count).map { Float(f(Double($0))) }
    }

    /// The cases, built as in NumPy: `np.array([f(i) for i in range(n)], dtype=np.float32).reshape(shape)`.
    static func tensor(_ name: String) throws -> Tensor {
        switch name {
        case "small": return [[1.5, 2.25], [3.5, 4.75], [5.5, 6.125]]
        case "mixedWidths": return [[-120.5, 0.25], [3.125, 4.5]]
        case "rank3":
            return try Tensor(shape: [2, 3, 4], scalars: sequence(24) { (($0 * 37).truncatingRemainder(dividingBy: 101) - 50) / 8 + 0.0625 })
        case "wrapped":
            return Tensor(sequence(30) { ($0 * 7919).truncatingRemainder(dividingBy: 1000) / 64 - 7.8125 + 0.03125 })
        case "summarizedVector":
            return Tensor(sequence(2000) { $0 * 0.5 + 0.25 })
        case "summarizedMatrix":
            return try Tensor(shape: [40, 40], scalars: sequence(1600) { (($0 * 7919).truncatingRemainder(dividingBy: 1000) + 0.5) / 64 - 7.8125 })
        case "summarizedRank4":
            return try Tensor(shape: [8, 2, 2, 40], scalars: sequence(1280) { (($0 * 37).truncatingRemainder(dividingBy: 101) - 50) / 8 + 0.0625 })
        case "scientific": return [1.5e-5, 2.5, -3.25e3]
        case "nonFinite": return Tensor([1.5, .nan, -.infinity, .infinity])
        case "rounded": return [0.00012345678, 0.1]
        case "integral": return [[1, 2], [3, 4]]
        case "scalar": return Tensor(2.5)
        case "empty": return try Tensor(zeros: [2, 0])
        default: throw SwiftLearnError.unknownName(name)
        }
    }

    static let expected: [String: String] = [
        "small": """
        Tensor(shape: (3, 2), [[1.5  , 2.25 ],
                               [3.5  , 4.75 ],
                               [5.5  , 6.125]])
        """,
        "mixedWidths": """
        Tensor(shape: (2, 2), [[-120.5  ,    0.25 ],
                               [   3.125,    4.5  ]])
        """,
        "rank3": """
        Tensor(shape: (2, 3, 4), [[[-6.1875, -1.5625,  3.0625, -4.9375],
                                   [-0.3125,  4.3125, -3.6875,  0.9375],
                                   [ 5.5625, -2.4375,  2.1875, -5.8125]],

                                  [[-1.1875,  3.4375, -4.5625,  0.0625],
                                   [ 4.6875, -3.3125,  1.3125,  5.9375],
                                   [-2.0625,  2.5625, -5.4375, -0.8125]]])
        """,
        "wrapped": """
        Tensor(shape: (30,), [-7.78125 ,  6.578125,  5.3125  ,  4.046875,
                               2.78125 ,  1.515625,  0.25    , -1.015625,
                              -2.28125 , -3.546875, -4.8125  , -6.078125,
                              -7.34375 ,  7.015625,  5.75    ,  4.484375,
                               3.21875 ,  1.953125,  0.6875  , -0.578125,
                              -1.84375 , -3.109375, -4.375   , -5.640625,
                              -6.90625 ,  7.453125,  6.1875  ,  4.921875,
                               3.65625 ,  2.390625])
        """,
        "summarizedVector": """
        Tensor(shape: (2000,), [2.5000e-01, 7.5000e-01, 1.2500e+00, ...,
                                9.9875e+02, 9.9925e+02, 9.9975e+02])
        """,
        "summarizedMatrix": """
        Tensor(shape: (40, 40), [[-7.8046875,  6.5546875,  5.2890625, ...,
                                  -7.7578125,  6.6015625,  5.3359375],
                                 [ 4.0703125,  2.8046875,  1.5390625, ...,
                                   4.1171875,  2.8515625,  1.5859375],
                                 [ 0.3203125, -0.9453125, -2.2109375, ...,
                                   0.3671875, -0.8984375, -2.1640625],
                                 ...,
                                 [-5.9296875, -7.1953125,  7.1640625, ...,
                                  -5.8828125, -7.1484375,  7.2109375],
                                 [ 5.9453125,  4.6796875,  3.4140625, ...,
                                   5.9921875,  4.7265625,  3.4609375],
                                 [ 2.1953125,  0.9296875, -0.3359375, ...,
                                   2.2421875,  0.9765625, -0.2890625]])
        """,
        "summarizedRank4": """
        Tensor(shape: (8, 2, 2, 40), [[[[-6.1875, -1.5625,  3.0625, ...,
                                          0.8125,  5.4375, -2.5625],
                                        [ 2.0625, -5.9375, -1.3125, ...,
                                         -3.5625,  1.0625,  5.6875]],

                                       [[-2.3125,  2.3125, -5.6875, ...,
                                          4.6875, -3.3125,  1.3125],
                                        [ 5.9375, -2.0625,  2.5625, ...,
                                          0.3125,  4.9375, -3.0625]]],


                                      [[[ 1.5625,  6.1875, -1.8125, ...,
                                         -4.0625,  0.5625,  5.1875],
                                        [-2.8125,  1.8125, -6.1875, ...,
                                          4.1875, -3.8125,  0.8125]],

                                       [[ 5.4375, -2.5625,  2.0625, ...,
                                         -0.1875,  4.4375, -3.5625],
                                        [ 1.0625,  5.6875, -2.3125, ...,
                                         -4.5625,  0.0625,  4.6875]]],


                                      [[[-3.3125,  1.3125,  5.9375, ...,
                                          3.6875, -4.3125,  0.3125],
                                        [ 4.9375, -3.0625,  1.5625, ...,
                                         -0.6875,  3.9375, -4.0625]],

                                       [[ 0.5625,  5.1875, -2.8125, ...,
                                         -5.0625, -0.4375,  4.1875],
                                        [-3.8125,  0.8125,  5.4375, ...,
                                          3.1875, -4.8125, -0.1875]]],


                                      ...,


                                      [[[-5.3125, -0.6875,  3.9375, ...,
                                          1.6875,  6.3125, -1.6875],
                                        [ 2.9375, -5.0625, -0.4375, ...,
                                         -2.6875,  1.9375, -6.0625]],

                                       [[-1.4375,  3.1875, -4.8125, ...,
                                          5.5625, -2.4375,  2.1875],
                                        [-5.8125, -1.1875,  3.4375, ...,
                                          1.1875,  5.8125, -2.1875]]],


                                      [[[ 2.4375, -5.5625, -0.9375, ...,
                                         -3.1875,  1.4375,  6.0625],
                                        [-1.9375,  2.6875, -5.3125, ...,
                                          5.0625, -2.9375,  1.6875]],

                                       [[ 6.3125, -1.6875,  2.9375, ...,
                                          0.6875,  5.3125, -2.6875],
                                        [ 1.9375, -6.0625, -1.4375, ...,
                                         -3.6875,  0.9375,  5.5625]]],


                                      [[[-2.4375,  2.1875, -5.8125, ...,
                                          4.5625, -3.4375,  1.1875],
                                        [ 5.8125, -2.1875,  2.4375, ...,
                                          0.1875,  4.8125, -3.1875]],

                                       [[ 1.4375,  6.0625, -1.9375, ...,
                                         -4.1875,  0.4375,  5.0625],
                                        [-2.9375,  1.6875,  6.3125, ...,
                                          4.0625, -3.9375,  0.6875]]]])
        """,
        "scientific": """
        Tensor(shape: (3,), [ 1.50e-05,  2.50e+00, -3.25e+03])
        """,
        "nonFinite": """
        Tensor(shape: (4,), [ 1.5,  nan, -inf,  inf])
        """,
        "rounded": """
        Tensor(shape: (2,), [0.00012346, 0.1       ])
        """,
        "integral": """
        Tensor(shape: (2, 2), [[1.0, 2.0],
                               [3.0, 4.0]])
        """,
        "scalar": """
        Tensor(shape: (), 2.5)
        """,
        "empty": """
        Tensor(shape: (2, 0), [])
        """,
    ]

    @Test(arguments: expected.keys.sorted())
    func matchesNumPy(_ name: String) throws {
        let text = try Self.tensor(name).description
        #expect(text == Self.expected[name], "\(name):\n\(text)")
    }
}
