import Testing
import TensorCore
@testable import NeuralNet

/// Optimizer state belongs to the variables it was built for: it cannot alias another model's
/// variables, is reset by compile, and is reachable by weight path (for saving).
@Suite(.isolatedRandomState) struct OptimizerStateTests {
    static let statefulOptimizers: [@Sendable () -> Optimizer] = [
        { SGD(learningRate: 0.05, momentum: 0.9) }, { SGD(learningRate: 0.05, momentum: 0.9, nesterov: true) },
        { Adam(learningRate: 0.01) }, { Adam(learningRate: 0.01, amsgrad: true) }, { SGD(learningRate: 0.05) },
    ]

    func model(units: Int, inputs: Int = 2) throws -> Sequential {
        try Sequential([Dense(units, activation: .relu, inputShape: [inputs]), Dense(3, activation: .softmax)])
    }

    /// Reproduced before the fix: one SGD(momentum:) reused for a model of another size died with
    /// SIGSEGV (state of the first model's size read past its end); Adam with SIGILL.
    @Test(arguments: 0..<5)
    func oneOptimizerShared200ModelsOfVaryingSizes(optimizerIndex: Int) throws {
        setRandomSeed(51)
        let optimizer = Self.statefulOptimizers[optimizerIndex]()
        let (x, y) = ModelTests.blobs(count: 12, seed: 52)
        for i in 0..<200 {
            let m = try model(units: 1 + (i * 7) % 23)
            try m.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer)
            try m.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent)
            #expect(optimizer.iterations == 3, "compile resets the step count (model \(i))")
            #expect(optimizer.variables.map(\.id) == m.trainableWeights.map(\.id), "state is for this model only")
            #expect(m.getWeights().allSatisfy { $0.isFinite })
        }
    }

    @Test func sharedOptimizerGivesTheSameResultAsAFreshOne() throws {
        let (x, y) = ModelTests.blobs(count: 30, seed: 53)
        func train(_ optimizer: Optimizer, warmUpOther: Bool) throws -> [Tensor] {
            if warmUpOther {
                let other = try model(units: 17)
                try other.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer)
                try other.fit(x, y, batchSize: 5, epochs: 2, verbose: .silent)
            }
            setRandomSeed(54)
            let m = try model(units: 5)
            try m.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer)
            try m.fit(x, y, batchSize: 5, epochs: 2, verbose: .silent)
            return m.getWeights()
        }
        let reused = try train(Adam(learningRate: 0.01), warmUpOther: true)
        let fresh = try train(Adam(learningRate: 0.01), warmUpOther: false)
        #expect(reused == fresh, "a recompiled optimizer carries nothing over from the other model")
    }

    @Test func fittingAModelWhoseOptimizerMovedOnIsAClearError() throws {
        let optimizer = SGD(learningRate: 0.05, momentum: 0.9)
        let first = try model(units: 4), second = try model(units: 6)
        let (x, y) = ModelTests.blobs(count: 12, seed: 55)
        try first.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer)
        try first.fit(x, y, verbose: .silent)
        try second.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer)
        try second.fit(x, y, verbose: .silent)
        #expect {
            try first.fit(x, y, verbose: .silent)
        } throws: { error in
            "\(error)".contains("compile again") && "\(error)".contains(first.trainableWeights[0].path)
        }
    }

    @Test func applyRejectsVariablesItWasNotBuiltFor() throws {
        let optimizer = Adam()
        let a = Variable(try Tensor(zeros: [3]), name: "a"), b = Variable(try Tensor(zeros: [5]), name: "b")
        try optimizer.build(for: [a])
        #expect(throws: SwiftLearnError.self) { try optimizer.apply(to: [b]) }
        #expect(throws: SwiftLearnError.self) { try optimizer.build(for: [a, a]) }
    }

    @Test func stateIsReachableByWeightPathAndRestorable() throws {
        setRandomSeed(56)
        let m = try model(units: 4)
        let optimizer = Adam(learningRate: 0.01)
        try m.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer)
        let (x, y) = ModelTests.blobs(count: 12, seed: 57)
        try m.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent)
        let path = m.trainableWeights[0].path
        let state = try #require(optimizer.state(forPath: path))
        #expect(state.count == 2 && state.allSatisfy { $0.shape == [2, 4] })
        #expect(state[0].scalars.contains { $0 != 0 }, "the first moment moved")
        #expect(optimizer.state(forPath: "no/such") == nil)
        #expect(throws: SwiftLearnError.self) { try optimizer.setState([try Tensor(zeros: [4, 2])], forPath: path) }
        #expect(throws: SwiftLearnError.self) { try optimizer.setState(state, forPath: "no/such") }
        try optimizer.setState(state.map { _ in try Tensor(zeros: [2, 4]) }, forPath: path)
        #expect(optimizer.state(forPath: path)?.allSatisfy { $0.scalars.allSatisfy { $0 == 0 } } == true)
    }

    @Test func variableIDsAreNeverReused() {
        var seen = Set<UInt64>()
        for _ in 0..<1000 {
            let v = Variable(Tensor(1), name: "v")
            #expect(seen.insert(v.id).inserted)
        }
    }
}
