import AMIProtocol
public import Foundation
import Simulators

/// `engine run` as a child of a bench — the daemon as deployed, in its own process, so that what the bench does
/// (the test AMI server, the fake portal, the measuring) is not counted in the daemon, nor the daemon's work in the
/// bench's threads. The child reads the engine.yaml given, logs to `engine.log` in `folder`, and is ready once it has
/// logged in to the test AMI server and asked for the channels.
public final class DaemonProcess: Sendable {
    /// Why the daemon could not be run.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The child.
    let process: Process
    /// Its engine.yaml, engine.log and whatever its config puts there.
    let folder: URL

    private init(process: Process, folder: URL) {
        self.process = process
        self.folder = folder
    }

    /// The daemon's process id.
    public var pid: Int32 { process.processIdentifier }
    /// Whether it still runs.
    public var isRunning: Bool { process.isRunning }
    /// What it logged so far.
    public var log: String {
        (try? String(contentsOf: folder.appendingPathComponent("engine.log"), encoding: .utf8)) ?? ""
    }

    /// Writes `config` to `folder`/engine.yaml and starts `engine` (`engine run`, `arguments` added, `environment`
    /// over this process's) against `ami`; returns once the daemon has logged in and asked for the channels.
    static func start(
        engine: URL,
        folder: URL,
        config: String,
        environment: [String: String],
        arguments: [String] = [],
        ami: AMITestServer
    ) async throws -> DaemonProcess {
        let path = folder.appendingPathComponent("engine.yaml")
        try config.write(to: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = engine
        process.arguments = ["run", "--config", path.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = folder.appendingPathComponent("engine.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let daemon = DaemonProcess(process: process, folder: folder)
        do {
            try await ami.waitForAction(named: "CoreShowChannels", timeout: .seconds(30))
        } catch {
            let text = daemon.log
            await daemon.stop()
            throw Failure(description: "engine run did not log in to the test AMI server: \(error)\n\(text)")
        }
        return daemon
    }

    /// Stops the daemon: SIGTERM, then SIGKILL after 10 s.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// CPU seconds so far (`/proc/<pid>/stat`): the daemon's own, and its children's that have ended (the `lame`
    /// encodings).
    func cpuSeconds() throws -> (own: Double, children: Double) {
        let text = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name (which ends at the last ')'): state is field 3, utime 14 … cstime 17.
        guard let close = text.lastIndex(of: ")") else { throw Failure(description: "unreadable /proc/\(pid)/stat") }
        let fields = text[text.index(after: close)...].split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        func field(_ number: Int) -> Double { fields.count > number - 3 ? Double(fields[number - 3]) ?? 0 : 0 }
        return ((field(14) + field(15)) / ticks, (field(16) + field(17)) / ticks)
    }
}
