import ArgumentParser

/// `swiftlearn`: the command-line tool.
struct SwiftLearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftlearn",
        abstract: "Neural networks and estimators in Swift, the Keras and scikit-learn way.",
        subcommands: [DemoCommand.self]
    )
}
