import ArgumentParser
import Bench

/// `engine bench …`: release-build benchmarks. Each subcommand prints its figures; none runs in the tests.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed and memory (build with -c release).",
        subcommands: [
            BenchRulesCommand.self, BenchAMICommand.self, BenchB24Command.self, BenchCardsCommand.self,
            BenchClickCommand.self,
            BenchMemoryCommand.self, BenchRegexCommand.self, BenchRecordingsCommand.self, BenchReloadCommand.self,
            BenchAGICommand.self,
        ]
    )
}
