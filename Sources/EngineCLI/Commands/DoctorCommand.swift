import ArgumentParser
import Doctor
import Foundation
import Logging
import RuleDSL

/// `engine doctor --config engine.yaml`: checks the configuration against the Asterisk and the Bitrix24 portal it
/// names, one line per check with what to fix; exit 1 when a check fails.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check engine.yaml against its Asterisk and Bitrix24 portal, and say what to fix.",
        discussion: """
            Read-only: logs in to AMI and to the portal, asks, and tries the AMI actions the rules send only in forms \
            that do nothing. Exit status 1 when a check fails (with --strict, also when one warns).
            """
    )

    /// How the report is printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }

    @Option(name: .long, help: "The configuration file.")
    var config = "engine.yaml"

    @Option(name: .long, help: "Output format: human or json.")
    var format: Format = .human

    @Option(name: .customLong("manager-conf"), help: "Asterisk's manager.conf (classes and filters are read there).")
    var managerConf = "/etc/asterisk/manager.conf"

    @Option(name: .customLong("capture"), help: "A recorded AMI session whose ringing extensions are checked too.")
    var captures: [String] = []

    @Option(name: .long, help: "Seconds to wait for an event after login (Timestamp: check).")
    var listenSeconds: Double = 3

    @Flag(name: .long, help: "Exit 1 on warnings too.")
    var strict = false

    func validate() throws {
        guard listenSeconds >= 0 else { throw ValidationError("--listen-seconds ≥ 0") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .critical
            return handler
        }
        let loaded = ConfigLoader.load(path: config)
        guard let engineConfig = loaded.config else {
            printError(DiagnosticFormat.human.render(loaded.report, color: false))
            throw ExitCode(1)
        }
        let report = await Doctor.run(
            config: engineConfig,
            configPath: config,
            options: DoctorOptions(
                managerConfPath: managerConf,
                capturePaths: captures,
                listenTimeout: .milliseconds(Int64(listenSeconds * 1000))
            )
        )
        print(format == .json ? report.renderJSON() : report.renderHuman(), terminator: "")
        let status = report.exitCode(strict: strict)
        if status != 0 { throw ExitCode(status) }
    }
}
