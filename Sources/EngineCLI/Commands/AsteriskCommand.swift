import ArgumentParser
import Doctor
import Foundation
import RuleDSL

/// `engine asterisk manager-conf`: what the Asterisk side needs, derived from the rules.
struct AsteriskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asterisk",
        abstract: "Print the Asterisk configuration the engine needs.",
        subcommands: [ManagerConf.self]
    )

    struct ManagerConf: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "manager-conf",
            abstract: "Print the manager.conf user (classes, eventfilter) the rules need; engine doctor checks it."
        )

        @Option(name: .long, help: "The configuration file (its rules folder and AMI user), if it exists.")
        var config = "engine.yaml"

        @Option(name: .long, help: "The rules folder (default: the configuration's, else rules).")
        var rules: String?

        @Option(name: .long, help: "The manager.conf user (default: ami.username, else switchboard).")
        var user: String?

        func run() throws {
            var engineConfig = EngineConfig()
            if FileManager.default.fileExists(atPath: config) {
                let loaded = ConfigLoader.load(path: config)
                guard let found = loaded.config else {
                    printError(DiagnosticFormat.human.render(loaded.report, color: false))
                    throw ExitCode(1)
                }
                engineConfig = found
            }
            let folder = rules ?? engineConfig.rulesPath
            let loaded = RuleSetLoader.load(paths: [folder])
            guard let ruleSet = loaded.ruleSet else {
                printError(DiagnosticFormat.human.render(loaded.report, color: false))
                throw ExitCode(1)
            }
            print(
                ManagerConfSnippet.render(
                    EngineRequirements(ruleSet: ruleSet),
                    username: user ?? engineConfig.ami?.username ?? "switchboard",
                    source: "the rules in \(folder.hasSuffix("/") ? folder : folder + "/")"
                ),
                terminator: ""
            )
        }
    }
}
