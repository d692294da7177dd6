import ArgumentParser
import Engine
import Foundation
import RuleDSL

/// `engine replay CAPTURE.ami [--rules DIR] [--format human|json]`: the engine events a capture gives and the
/// action intents the rules would produce. No network: the file is decoded directly.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay an AMI capture: the calls' engine events and the action intents of the rules.",
        discussion: """
            Nothing is executed. `user_of(…)` answers a deferred `${user_of.<extension>}` (no user directory here), and
            results bound with `as:` stay deferred (`${call.b24.call_id}`). Events without a `Timestamp:` header take
            the replay's start time.
            """
    )

    enum TimelineFormat: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }

    @Argument(help: "An AMI capture (raw wire bytes, e.g. captures/answered.ami).")
    var capture: String

    @Option(name: .long, help: "The rules folder (or files) to interpret with.")
    var rules: [String] = ["rules"]

    @Flag(name: .long, help: "Replay without rules: engine events only.")
    var noRules = false

    @Option(name: .long, help: "Output format: human or json.")
    var format: TimelineFormat = .human

    @Option(name: .long, help: "config.pbx.id for the rules.")
    var pbxID = "main"

    @Option(name: .long, help: "config.bitrix24.default_user for the rules.")
    var defaultUser = 1

    @Option(name: .long, help: "config.bitrix24.anonymous_number for the rules.")
    var anonymousNumber = EngineConfig.defaultAnonymousNumber

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: capture)))
        } catch {
            throw ValidationError("cannot read \(capture): \(error.localizedDescription)")
        }
        var generation = RuleGeneration.empty
        if !noRules {
            let loaded = RuleSetLoader.load(paths: rules)
            guard let ruleSet = loaded.ruleSet else {
                printError(DiagnosticFormat.human.render(loaded.report))
                printError("engine replay: the rules do not load; fix them (engine lint) or pass --no-rules")
                throw ExitCode(1)
            }
            generation = RuleGeneration(number: 1, ruleSet: ruleSet)
        }
        let config = EngineConfig().expressionValue.merging([
            "pbx": ["id": .string(pbxID)],
            "bitrix24": ["default_user": .int(defaultUser), "anonymous_number": .string(anonymousNumber)],
            "recordings": ["enabled": true],  // show what the rules would attach
        ])
        var engine = CallEngine(
            generation: generation,
            interpreter: RuleInterpreter(config: config, functions: DirectoryPlaceholder.functions)
        )
        let entries = CaptureReplay.run(bytes, engine: &engine)
        switch format {
        case .human: print(TimelineRendering.text(entries))
        case .json: print(String(decoding: try TimelineRendering.json(entries), as: UTF8.self))
        }
    }
}
