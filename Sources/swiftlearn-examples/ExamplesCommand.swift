import ArgumentParser

/// `swiftlearn-examples`: the chapter's other code examples, each ending with one `RESULT` line.
/// The root is async so the searches and cross-validation (async APIs) run as
/// `AsyncParsableCommand`s; the other examples stay synchronous commands. (`@main` rather than
/// a `main.swift`: ArgumentParser's async entry point needs it.)
@main
struct ExamplesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftlearn-examples",
        abstract: "Run the chapter's code examples (beside `swiftlearn demo`) in Swift.",
        subcommands: [WideDeepExample.self, MultiInputExample.self, MultiOutputExample.self, SubclassedExample.self,
                      CallbacksExample.self, TransferExample.self, PerceptronExample.self,
                      LogicNeuronsExample.self, XORExample.self,
                      CrossValidationExample.self, GridSearchExample.self, RandomSearchExample.self, HalvingSearchExample.self]
    )
}

