import ArgumentParser
import Foundation
import Logging
import RuleDSL
import Simulators

/// `engine demo`: Switchboard end to end with no PBX or portal configured — the test AMI server replays a real
/// recorded call, the fake Bitrix24 portal answers, and the real pipeline (`engine run`'s) sits between them.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Switchboard end to end on a recorded call and a fake portal, with the bundled rules."
    )

    @Option(name: .long, help: "The rules folder.")
    var rules = "rules"

    @Option(name: .long, help: "The capture to replay.")
    var capture = "captures/answered.ami"

    @Option(name: .long, help: "Replay speed: 1 = as recorded, 10 = ten times faster.")
    var speed: Double = 5

    @Option(name: .long, help: "Log level of the engine's own log lines (stderr).")
    var logLevel: Logger.Level = .warning

    static let operators: [(id: Int, name: String, ext: String)] = [
        (11, "Ivan", "201"), (12, "Petr", "202"), (13, "Anna", "203"),
    ]

    func validate() throws {
        guard speed > 0 else { throw ValidationError("--speed must be above 0") }
    }

    func run() async throws {
        bootstrapStandardErrorLogging(level: logLevel)
        say(
            """
            Switchboard demo — no PBX or Bitrix24 portal is configured, so a test AMI server and a fake Bitrix24
            portal run in this process, on loopback, and the real engine sits between them.

            Step 1: check the rules in \(rules)/ the way the daemon loads them (`engine lint \(rules)`).

            """
        )
        let report = Linter.lint(paths: [rules])
        say(DiagnosticFormat.human.render(report, color: Terminal.isColorCapable), terminator: "")
        guard report.errorCount == 0 else { throw ExitCode(1) }
        guard let bytes = FileManager.default.contents(atPath: capture) else {
            throw ValidationError("cannot read the capture \(capture)")
        }
        let recorded = AMICapture(bytes: Array(bytes))
        say(
            """

            Step 2: replay \(capture) (a real call recorded from Asterisk 22) over TCP at \(speed)× to the engine, which
            drives the fake portal over HTTP. The portal's users: \
            \(Self.operators.map { "\($0.name) (\($0.ext))" }.joined(separator: ", ")).

            """
        )
        let (outcome, visible) = try await DemoSession.with(rules: rules, operators: Self.operators) { session in
            let outcome = await session.play(recorded, speed: speed)
            say("What the Bitrix24 portal received:\n")
            var names = Dictionary(uniqueKeysWithValues: Self.operators.map { ($0.id, "\($0.name) (\($0.ext))") })
            names[DemoSession.defaultUser] = "the default user"
            say(JournalTimeline.render(session.portal.journal, names: names))
            return (outcome, Self.operators.filter { !session.portal.visibleCards(for: $0.id).isEmpty }.map(\.name))
        }
        let unfinished =
            outcome.finished ? "" : "The call was not finished within \(Int(outcome.waited)) s — see the log above.\n"
        say(
            """

            Cards still shown after the call: \(visible.isEmpty ? "none" : visible.joined(separator: ", ")).
            \(unfinished)
            Run it against your own PBX and portal: copy engine.example.yaml to engine.yaml, fill it in, then
            `engine run --config engine.yaml`.
            """
        )
        if !outcome.finished || !visible.isEmpty { throw ExitCode(1) }
    }
}

/// Writes a line to standard output at once (unbuffered), so it keeps its place among the engine's log lines.
private func say(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}
