import ArgumentParser
import Engine
import Foundation
import RuleDSL

/// What `engine replay` and `engine explain` share: the capture, the rules, and the `config.*` values rules read.
struct CaptureOptions: ParsableArguments {
    @Argument(help: "An AMI capture (raw wire bytes, e.g. captures/answered.ami).")
    var capture: String

    @Option(name: .long, help: "The rules folder (or files) to interpret with.")
    var rules: [String] = ["rules"]

    @Option(
        name: .long,
        help: "The time (Unix seconds) of events without a Timestamp: header (default: now)."
    )
    var arrival: Double?

    @Option(name: .long, help: "config.pbx.id for the rules.")
    var pbxID = "main"

    @Option(name: .long, help: "config.bitrix24.default_user for the rules.")
    var defaultUser = 1

    @Option(name: .long, help: "config.bitrix24.anonymous_number for the rules.")
    var anonymousNumber = EngineConfig.defaultAnonymousNumber

    /// When events without a `Timestamp:` header happen.
    var arrivalDate: Date { arrival.map(Date.init(timeIntervalSince1970:)) ?? Date() }

    /// The capture's bytes.
    func bytes() throws -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: capture)))
        } catch {
            throw ValidationError("cannot read \(capture): \(error.localizedDescription)")
        }
    }

    /// The rules as generation 1; prints the report and exits 1 when they do not load.
    func generation(command: String) throws -> RuleGeneration {
        let loaded = RuleSetLoader.load(paths: rules)
        guard let ruleSet = loaded.ruleSet else {
            printError(DiagnosticFormat.human.render(loaded.report))
            printError("engine \(command): the rules do not load; fix them (engine lint)")
            throw ExitCode(1)
        }
        return RuleGeneration(number: 1, ruleSet: ruleSet)
    }

    /// An engine with `generation` in force, reading these `config.*` values, `user_of` answering a placeholder.
    func engine(_ generation: RuleGeneration) -> CallEngine {
        let config = EngineConfig().expressionValue.merging([
            "pbx": ["id": .string(pbxID)],
            "bitrix24": ["default_user": .int(defaultUser), "anonymous_number": .string(anonymousNumber)],
            "recordings": ["enabled": true],  // show what the rules would attach
        ])
        return CallEngine(
            generation: generation,
            interpreter: RuleInterpreter(config: config, functions: DirectoryPlaceholder.functions)
        )
    }
}
