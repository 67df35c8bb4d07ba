import SwiftLearnCLI

SwiftLearnCommand.main()
