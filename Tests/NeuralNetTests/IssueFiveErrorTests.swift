import Testing
import TensorCore
@testable import NeuralNet

/// Issue 5's last "Done when": bad graphs and inputs are thrown errors, never crashes, and each
/// message says what was expected and what was received. One test per error; each checks the
/// error kind and that the message names both sides.
@Suite struct IssueFiveErrorTests {
    /// The message of the error `body` throws ("no error" when it throws none).
    static func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch let e as SwiftLearnError { return e.message } catch { return "\(error)" }
    }

    static func expectMessage(_ message: String, contains parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for part in parts {
            #expect(message.contains(part), "message \"\(message)\" should contain \"\(part)\"", sourceLocation: sourceLocation)
        }
    }

    static func twoInputModel() throws -> Model {
        let wide = Input(shape: [5], name: "wide_input"), deep = Input(shape: [6], name: "deep_input")
        let hidden = try Dense(4, activation: .relu, name: "hidden")(deep)
        let concat = try Concatenate(name: "concat")([wide, hidden])
        let main = try Dense(1, name: "main_output")(concat), aux = try Dense(1, name: "aux_output")(hidden)
        let model = try Model(inputs: [wide, deep], outputs: [main, aux], name: "two_by_two")
        try model.compile(losses: ["mse", "mse"], optimizer: SGD())
        return model
    }

    @Test func layerCalledOnATensorOfTheWrongShape() throws {
        let dense = Dense(3, name: "built_for_four")
        _ = try dense(try Tensor(zeros: [2, 4]))
        let eager = Self.message { _ = try dense(try Tensor(zeros: [2, 5])) }
        Self.expectMessage(eager, contains: ["built_for_four", "4", "5"])
        #expect(eager.contains("expect"), "\(eager)")
        let symbolic = Self.message { _ = try dense(Input(shape: [7])) }
        Self.expectMessage(symbolic, contains: ["built_for_four", "expected (None, 4)", "received (None, 7)"])
        let concat = Self.message { _ = try Concatenate(name: "joins")([Input(shape: [2, 3]), Input(shape: [4, 5])]) }
        Self.expectMessage(concat, contains: ["joins", "(None, 2, 3)", "(None, 4, 5)"])
    }

    @Test func outputNotReachableFromTheInputs() throws {
        let a = Input(shape: [3], name: "a"), b = Input(shape: [3], name: "b")
        let out = try Dense(1, name: "from_b")(b)
        let m = Self.message { _ = try Model(inputs: a, outputs: out) }
        Self.expectMessage(m, contains: ["from_b", "'b'", "'a'", "expected", "received"])
    }

    @Test func inputNotUsed() throws {
        let a = Input(shape: [3], name: "used"), b = Input(shape: [3], name: "unused")
        let out = try Dense(1)(a)
        let m = Self.message { _ = try Model(inputs: [a, b], outputs: [out]) }
        Self.expectMessage(m, contains: ["'unused'", "expected every input", "received"])
    }

    @Test func twoLayersWithOneName() throws {
        let a = Input(shape: [3])
        let h = try Dense(2, name: "twin")(a), out = try Dense(1, name: "twin")(h)
        let m = Self.message { _ = try Model(inputs: a, outputs: out) }
        Self.expectMessage(m, contains: ["'twin'", "expected one layer per name", "received"])
        #expect(m.contains("unique") || m.contains("twice") || m.contains("2 layers"), "\(m)")
    }

    @Test func dictionaryKeyThatNamesNoInputOrOutput() throws {
        let model = try Self.twoInputModel()
        let x = try Tensor(zeros: [4, 5]), d = try Tensor(zeros: [4, 6]), y = try Tensor(zeros: [4, 1])
        let badInput = Self.message { _ = try model.predict(["wide_input": x, "deep": d], verbose: .silent) }
        Self.expectMessage(badInput, contains: ["'deep'", "wide_input, deep_input"])
        let badOutput = Self.message { _ = try model.evaluate(["wide_input": x, "deep_input": d], ["main_output": y, "aux": y], verbose: .silent) }
        Self.expectMessage(badOutput, contains: ["'aux'", "main_output, aux_output"])
        let badLoss = Self.message { try model.compile(losses: ["main_output": "mse", "auxiliary": "mse"]) }
        Self.expectMessage(badLoss, contains: ["'auxiliary'", "main_output, aux_output"])
        let badWeight = Self.message { _ = try model.fit(["wide_input": x, "deep_input": d], ["main_output": y, "aux_output": y],
                                                         verbose: .silent, sampleWeight: ["main": Tensor([1, 1, 1, 1])]) }
        Self.expectMessage(badWeight, contains: ["'main'", "main_output, aux_output"])
    }

    @Test func wrongNumberOfInputArrays() throws {
        let model = try Self.twoInputModel()
        let x = try Tensor(zeros: [4, 5]), y = try Tensor(zeros: [4, 1])
        let inputs = Self.message { _ = try model.predict([x], verbose: .silent) }
        Self.expectMessage(inputs, contains: ["2 inputs", "wide_input, deep_input", "received 1 input array"])
        let targets = Self.message { _ = try model.fit([x, try Tensor(zeros: [4, 6])], [y], verbose: .silent) }
        Self.expectMessage(targets, contains: ["2 outputs", "main_output, aux_output", "received 1 target array"])
    }

    @Test func unknownOptimizerLossMetricAndMonitorNames() throws {
        let optimizer = Self.message { _ = try Optimizer.named("adamm") }
        Self.expectMessage(optimizer, contains: ["'adamm'", "expected one of", "adam"])
        let model = try Sequential([Dense(1)])
        let viaCompile = Self.message { try model.compile(loss: "mse", optimizer: "sgdd") }
        Self.expectMessage(viaCompile, contains: ["'sgdd'", "sgd"])
        let loss = Self.message { try model.compile(loss: "mean_square_error") }
        Self.expectMessage(loss, contains: ["'mean_square_error'", "expected one of", "mean_squared_error"])
        let metric = Self.message { try model.compile(loss: "mse", metrics: ["acuracy"]) }
        Self.expectMessage(metric, contains: ["'acuracy'", "accuracy"])

        // A monitor that names no logged quantity stops fit with the names that were logged.
        let x = try Tensor(zeros: [8, 2]), y = try Tensor(zeros: [8, 1])
        try model.compile(loss: "mse", optimizer: "sgd", metrics: ["mae"])
        for callback in [EarlyStopping(monitor: "val_los", mode: .min) as Callback,
                         EarlyStopping(monitor: "val_los") as Callback,
                         ReduceLROnPlateau(monitor: "val_lss", mode: .min) as Callback] {
            let monitor = Self.message { _ = try model.fit(x, y, epochs: 2, verbose: .silent, callbacks: [callback], validationSplit: 0.25) }
            #expect(monitor.contains("'val_l"), "\(monitor)")
            Self.expectMessage(monitor, contains: ["loss, mae, val_loss, val_mae"])
        }
    }
}
