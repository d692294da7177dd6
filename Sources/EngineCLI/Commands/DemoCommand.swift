import ArgumentParser
import Foundation
import RuleDSL

/// `engine demo`: shows what Switchboard does on embedded defaults, with no PBX or portal configured.
///
/// Today it checks the bundled rules exactly as the daemon will load them and prints the report;
/// later it replays a recorded call through them.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Show what Switchboard does, on the bundled rules, with no PBX or portal."
    )

    @Option(name: .long, help: "The rules folder.")
    var rules = "rules"

    func run() throws {
        print("""
        Switchboard demo — no PBX or Bitrix24 portal configured, so nothing is sent anywhere.

        Step 1: check the rules in \(rules)/ the way the daemon loads them (`engine lint \(rules)`).

        """)
        let report = Linter.lint(paths: [rules])
        print(DiagnosticFormat.human.render(report, color: Terminal.isColorCapable), terminator: "")
        let files = LintInputs.listing(of: rules)
        if !files.isEmpty {
            print("\nRule files, in the order they load:")
            for file in files { print("  \(file)") }
        }
        let status = report.exitCode(strict: false)
        if status != 0 { throw ExitCode(status) }
    }
}
