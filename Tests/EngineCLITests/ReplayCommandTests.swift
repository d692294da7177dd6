import Foundation
import TestSupport
import Testing

/// `engine replay` on a real capture, as a user runs it.
@Suite("engine replay")
struct ReplayCommandTests {
    static var answered: String {
        RepositoryFiles.capture("answered").path
    }

    @Test("human timeline: the engine events and the default rules' intents")
    func human() throws {
        let output = try EngineProcess.run(["replay", Self.answered])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("call.ringing") }.count == 3)
        #expect(lines.contains { $0.contains("call.answered  201 (Local/201@agents) queue=sales") })
        #expect(lines.contains { $0.contains("→ register-inbound: b24.register_call") && $0.contains("as b24") })
        #expect(lines.contains { $0.contains("→ finish-inbound: b24.finish_call") && $0.contains("status: \"200\"") })
    }

    @Test("JSON timeline for tools; --no-rules gives events only")
    func json() throws {
        let output = try EngineProcess.run(["replay", Self.answered, "--format", "json", "--no-rules"])
        #expect(output.status == 0, "\(output.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(array.compactMap { $0["event"] as? String }.first == "call.started")
        #expect(array.compactMap { $0["event"] as? String }.suffix(2) == ["call.ended", "call.recorded"])
        #expect(array.allSatisfy { ($0["intents"] as? [Any])?.isEmpty == true })
        let ended = try #require(array.dropLast().last?["payload"] as? [String: Any])
        #expect(ended["cause"] as? String == "16")
        #expect(ended["answered"] as? Bool == true)
    }

    @Test("an unreadable capture is a clear error")
    func missingFile() throws {
        let output = try EngineProcess.run(["replay", "/nonexistent/x.ami"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("cannot read /nonexistent/x.ami"))
    }
}
