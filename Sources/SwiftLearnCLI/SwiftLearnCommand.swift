import ArgumentParser

/// `swiftlearn`: the command-line tool.
public struct SwiftLearnCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "swiftlearn",
        abstract: "Neural networks and estimators in Swift, the Keras and scikit-learn way.",
        discussion: """
        Examples:
          swiftlearn demo --logdir runs/demo
          swiftlearn train fashion-mnist --hidden 300,100 --epochs 30 -o fashion.keras
          swiftlearn evaluate fashion.keras fashion-mnist
          swiftlearn inspect fashion.keras
          swiftlearn predict fashion.keras images.npy -o probabilities.npy
          swiftlearn convert fashion.keras fashion.h5
          swiftlearn plot history.csv -o curves.svg
          swiftlearn search spec.json --shard 0/3 --out runs/search
          source <(swiftlearn --generate-completion-script bash)
        """,
        subcommands: [DemoCommand.self, TrainCommand.self, EvaluateCommand.self, PlotCommand.self, SearchCommand.self,
                      InspectCommand.self, PredictCommand.self, ConvertCommand.self]
    )

    public init() {}
}
