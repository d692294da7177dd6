import ArgumentParser
import Engine
import Foundation
import RuleDSL

/// `engine demo`: shows what Switchboard does on embedded defaults, with no PBX or portal configured.
///
/// It checks the bundled rules exactly as the daemon loads them, then replays a real recorded call
/// (captures/answered.ami) through the call model and the rules and prints the timeline: what the engine
/// saw and what it would send to Bitrix24.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Show what Switchboard does, on the bundled rules, with no PBX or portal."
    )

    @Option(name: .long, help: "The rules folder.")
    var rules = "rules"

    @Option(name: .long, help: "The capture to replay.")
    var capture = "captures/answered.ami"

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
        let loaded = RuleSetLoader.load(paths: [rules])
        guard let ruleSet = loaded.ruleSet else { throw ExitCode(report.exitCode(strict: false)) }
        guard let bytes = FileManager.default.contents(atPath: capture) else {
            throw ValidationError("cannot read the capture \(capture)")
        }
        print("""

        Step 2: replay a real call recorded from Asterisk 22 (\(capture): an inbound call into queue `sales`,
        three phones ring, 201 answers) through the call model and the rules. Nothing is sent: each `→` line
        is what the engine would ask of Bitrix24; `${user_of.201}` is the user the directory would answer,
        `${call.b24.call_id}` the CALL_ID register would return.

        """)
        var engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(config: EngineConfig().expressionValue, functions: DirectoryPlaceholder.functions))
        let entries = CaptureReplay.run(Array(bytes), engine: &engine)
        print(TimelineRendering.text(entries))
    }
}
