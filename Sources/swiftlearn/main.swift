import ArgumentParser

SwiftLearnCommand.main()
