import ArgumentParser

/// `engine`: the Switchboard command line.
@main
struct EngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Switchboard: Asterisk AMI → rules → Bitrix24.",
        subcommands: [
            LintCommand.self, TestCommand.self, ReplayCommand.self, ExplainCommand.self, DemoCommand.self,
            ConfigCommand.self, SchemaCommand.self, BenchCommand.self, DeliverCommand.self, RunCommand.self,
            ReloadCommand.self, DoctorCommand.self, AsteriskCommand.self,
            FakePortalCommand.self,
        ]
    )
}
