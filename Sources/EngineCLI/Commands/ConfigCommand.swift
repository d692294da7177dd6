import ArgumentParser
import RuleDSL

/// `engine config check [--config FILE]`: validates engine.yaml the way `engine run` loads it.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the engine's configuration.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract:
                "Validate engine.yaml (with ${ENV} substituted) and print what it configures; secrets stay hidden."
        )

        @Option(name: .long, help: "The configuration file.")
        var config = "engine.yaml"

        @Option(name: .long, help: "Output format: human, json, sarif or github.")
        var format: OutputFormat = .human

        func run() throws {
            let result = ConfigLoader.load(path: config)
            print(
                format.diagnosticFormat.render(result.report, color: format == .human && Terminal.isColorCapable),
                terminator: ""
            )
            guard let loaded = result.config else { throw ExitCode(1) }
            if format == .human { print(ConfigSummary.render(loaded)) }
        }
    }
}

/// A human summary of a configuration; secrets are shown as `<redacted>`.
enum ConfigSummary {
    static func render(_ config: EngineConfig) -> String {
        var lines = ["pbx.id: \(config.pbxID)"]
        if let ami = config.ami {
            lines.append("ami: \(ami.username)@\(ami.host):\(ami.port), secret \(ami.secret), events \(ami.events)")
        } else {
            lines.append("ami: not configured (`engine run` needs it; `engine demo` runs without)")
        }
        if let b24 = config.bitrix24 {
            lines.append(
                "bitrix24: webhook \(b24.webhookURL), \(b24.requestsPerSecond)/s burst \(b24.burst), "
                    + "default user \(b24.defaultUser), country \(b24.country)"
            )
            let token = b24.applicationToken.map { "application token \($0)" } ?? "no application token: events refused"
            lines.append(
                "events: POST /bitrix24/events on \(config.httpListen ?? "(no http.listen)"), \(token), "
                    + "max age \(b24.events.maxAgeSeconds) s, dedupe \(b24.events.dedupeSeconds) s"
            )
        } else {
            lines.append("bitrix24: not configured (`engine run` needs it; `engine demo` runs without)")
        }
        lines.append(
            "click_to_call: \(config.clickToCall.channel) → context \(config.clickToCall.context), "
                + "rings \(config.clickToCall.ringSeconds) s"
        )
        lines.append("rules: \(config.rulesPath), state: \(config.statePath), admin: \(config.adminListen)")
        if let recordings = config.recordings, recordings.enabled {
            lines.append(
                "recordings: \(recordings.encoder.rawValue) at \(recordings.bitrate) kbit/s, "
                    + "dir \(recordings.directory ?? "(paths as reported)"), "
                    + "inline up to \(recordings.inlineMaxBytes) bytes"
            )
        } else {
            lines.append("recordings: off")
        }
        return lines.joined(separator: "\n")
    }
}
