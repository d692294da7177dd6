import Foundation
import Simulators
import TestSupport

extension EndToEndRig {
    /// Starts `engine run` on the rig's folder with `overrides` on top of the rig's environment (a wrong secret,
    /// another webhook URL) and does not wait for anything: for runs that are meant to fail.
    func launchEngine(
        environment overrides: [String: String],
        extraArguments: [String] = [],
        config configPath: String? = nil
    ) throws {
        process = try EngineProcess.launch(
            [
                "run", "--config", configPath ?? folder.appendingPathComponent("engine.yaml").path,
                "--log-level", "debug", "--probe-seconds", "0.2",
            ] + extraArguments,
            environment: engineEnvironment.merging(overrides) { $1 },
            in: folder,
            output: logFile
        )
    }

    /// The environment `engine run` gets from the rig (secrets included), for other `engine` commands.
    var engineEnvironment: [String: String] {
        ["AMI_SECRET": Self.amiSecret, "B24_WEBHOOK_URL": portal.webhookURL, "B24_APP_TOKEN": Self.appToken]
    }
}

extension EndToEndRig {
    /// Runs `engine arguments…` in the rig's folder with the rig's environment; stdout and stderr together.
    /// A command still running after `timeout` is killed (status nil), so a hang fails the test instead of
    /// blocking it.
    func runCommand(
        _ arguments: [String],
        timeout: Duration = .seconds(20)
    ) async throws -> (status: Int32?, output: String) {
        let outputFile = folder.appendingPathComponent("command-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outputFile)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = EngineProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(engineEnvironment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let exited = await eventually(timeout: timeout) { !process.isRunning }
        if !exited {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return (exited ? process.terminationStatus : nil, output)
    }
}
