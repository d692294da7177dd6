import Foundation
import TestSupport
import Testing

/// The deployment kit: the systemd unit verifies, its command line is one the engine accepts, and
/// `engine asterisk manager-conf` prints what the deploy guide shows.
@Suite("deployment kit")
struct DeployKitTests {
    @Test("deploy/switchboard.service passes `systemd-analyze verify` without a warning")
    func unitVerifies() throws {
        let unit = try String(contentsOf: RepositoryFiles.url("deploy/switchboard.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/engine run "))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // verify checks that ExecStart's program exists: point it at the engine just built.
        let copy = folder.appendingPathComponent("switchboard.service")
        try unit.replacingOccurrences(of: "/usr/local/bin/engine", with: EngineProcess.binary.path)
            .write(to: copy, atomically: true, encoding: .utf8)
        let verified = try EngineProcess.tool("/usr/bin/systemd-analyze", ["verify", copy.path])
        #expect(verified.status == 0 && verified.output.isEmpty, "\(verified.output)")
    }

    @Test("the unit's ExecStart options are ones engine run accepts")
    func unitCommandLine() throws {
        let unit = try String(contentsOf: RepositoryFiles.url("deploy/switchboard.service"), encoding: .utf8)
        let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let arguments = line.split(separator: " ").dropFirst().map(String.init)
        #expect(arguments.first == "run")
        // An unknown option is a usage error (exit 64); a missing configuration file is exit 1.
        let missing = arguments.map { $0.hasSuffix("engine.yaml") ? "/nonexistent/engine.yaml" : $0 }
        let result = try EngineProcess.run(missing)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("/nonexistent/engine.yaml"))
    }

    @Test("engine asterisk manager-conf prints the snippet of docs/deploy.md")
    func managerConfCommand() throws {
        let result = try EngineProcess.run(
            ["asterisk", "manager-conf", "--rules", "rules", "--config", "/nonexistent/engine.yaml"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        let guide = try String(contentsOf: RepositoryFiles.url("docs/deploy.md"), encoding: .utf8)
        #expect(guide.contains("```ini\n" + result.stdout + "```"), "\(result.stdout)")
        #expect(result.stdout.contains("[switchboard]"))
    }
}
