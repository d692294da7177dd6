import ArgumentParser
import Foundation
import Logging
import RuleDSL
import SwitchboardDaemon

/// `engine run --config engine.yaml`: the daemon. AMI → call model → rules → Bitrix24 and AMI, until SIGTERM/SIGINT;
/// SIGHUP reloads the rules.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Switchboard: read Asterisk, apply the rules, drive Bitrix24 (SIGHUP reloads the rules)."
    )

    @Option(name: .long, help: "The configuration file.")
    var config = "engine.yaml"

    @Option(name: .long, help: "How much to log (stderr).")
    var logLevel: Logger.Level = .info

    @Option(name: .long, help: "Log format: text (key=value lines) or json (one object per line).")
    var logFormat: LogFormat = .text

    @Option(name: .long, help: "Seconds between portal health probes while idle.")
    var probeSeconds: Double = 15

    @Option(name: .long, help: "Seconds to drain the outbox on shutdown; what is left is sent at the next start.")
    var drainSeconds: Double = 5

    func validate() throws {
        guard probeSeconds > 0, drainSeconds >= 0 else {
            throw ValidationError("--probe-seconds > 0, --drain-seconds ≥ 0")
        }
    }

    func run() async throws {
        bootstrapStandardErrorLogging(level: logLevel, format: logFormat)
        let loaded = ConfigLoader.load(path: config)
        guard let engineConfig = loaded.config else {
            FileHandle.standardError.write(Data(DiagnosticFormat.human.render(loaded.report, color: false).utf8))
            throw ExitCode(1)
        }
        if loaded.report.warningCount > 0 {
            // An http:// webhook, a secret written in the file: the engine runs, and says so (secrets masked).
            FileHandle.standardError.write(Data(DiagnosticFormat.human.render(loaded.report, color: false).utf8))
        }
        guard engineConfig.missingSections.isEmpty else {
            let missing = engineConfig.missingSections.joined(separator: " or ")
            printError(
                """
                engine run: \(config) configures no \(missing) section, so there is nothing to connect to. Configure \
                ami and bitrix24 (see engine.example.yaml), or try `engine demo`: a recorded call and a fake portal.
                """
            )
            throw ExitCode(1)
        }
        let daemon = try await Daemon.start(
            config: engineConfig,
            options: .init(probeInterval: .seconds(probeSeconds), drainTimeout: .seconds(drainSeconds))
        )
        try await daemon.run()
    }
}
