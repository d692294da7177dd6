import Foundation
import TestSupport
import Testing

/// The README's two commands stay true: CI runs exactly the README's test command.
@Suite struct ReadmeTests {
    @Test func ciRunsExactlyTheReadmeTestCommand() throws {
        let root = RepositoryFiles.root
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let ci = try String(contentsOf: root.appendingPathComponent(".ci/run"), encoding: .utf8)
        let lines = ci.split(separator: "\n").map(String.init)
        let begin = try #require(lines.firstIndex(of: "# TEST-COMMAND-BEGIN"))
        let end = try #require(lines.firstIndex(of: "# TEST-COMMAND-END"))
        let command = lines[(begin + 1)..<end].joined(separator: "\n")
        #expect(!command.isEmpty)
        #expect(readme.contains("   ```sh\n   \(command)\n   ```"), "README does not show `\(command)` as a command")
    }

    @Test func setupCommandInstallsWhatCIInstalls() throws {
        let root = RepositoryFiles.root
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let ci = try String(contentsOf: root.appendingPathComponent(".ci/run"), encoding: .utf8)
        for package in [
            "libyaml-dev", "libre2-dev", "libsqlite3-dev", "pkg-config", "lame", "sqlite3", "systemd", "chromium",
        ] {
            #expect(readme.contains(package) && ci.contains(package), "\(package)")
        }
        #expect(readme.contains("swift run engine demo"))
    }

    @Test func demoRunsTheRealPipelineOnARecordedCall() throws {
        let output = try EngineProcess.run(["demo"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("0 errors, 0 warnings in 8 files"))
        #expect(output.stdout.contains("inbound call from 79161234567 registered"))
        for name in ["Ivan (201)", "Petr (202)", "Anna (203)"] {
            #expect(output.stdout.contains("card shown to \(name)"), "\(name)")
            #expect(output.stdout.contains("card hidden for \(name)"), "\(name)")
        }
        #expect(output.stdout.contains("finished by Ivan (201), status 200"))
        #expect(output.stdout.contains("Cards still shown after the call: none."))
    }
}
