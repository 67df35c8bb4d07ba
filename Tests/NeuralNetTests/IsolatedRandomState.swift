import Testing
import TensorCore

/// Gives each test of a suite its own random state, so `setRandomSeed` inside one test is not
/// disturbed by tests running in parallel (they build layers, which draw from the global state).
struct IsolatedRandomState: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil || test.isSuite == false else { return try await function() }
        try await withRandomSeed(0) { try await function() }
    }
}

extension Trait where Self == IsolatedRandomState {
    /// Each test gets its own random state.
    static var isolatedRandomState: IsolatedRandomState { IsolatedRandomState() }
}
