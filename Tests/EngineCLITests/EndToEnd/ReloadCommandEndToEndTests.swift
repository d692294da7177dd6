import Foundation
import Simulators
import TestSupport
import Testing

/// `engine reload` against the real `engine run`: the lint report printed, exit 1 and the old rules kept on a broken
/// folder, exit 0 and a new generation once fixed; and `admin.traces.enabled: false` keeps no trace.
@Suite("end to end: engine reload and the console without traces", .serialized)
struct ReloadCommandEndToEndTests {
    @Test("engine reload: a broken file is reported (exit 1, metric 0), the fix goes into force (exit 0, JSON too)")
    func reloadCommand() async throws {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            let admin = try #require(AdminEndpoint.port(inLog: rig.log).map(AdminEndpoint.init), "\(rig.log)")
            let address = "127.0.0.1:\(admin.port)"
            let broken = rig.rulesFolder.appendingPathComponent("35-broken.yaml")
            try """
            version: 1
            rules:
              - id: broken
                on: call.ended
                when: call.direction ==
                do: [{log: {message: "x"}}]

            """.write(to: broken, atomically: true, encoding: .utf8)

            let rejected = try await rig.runCommand(["reload", "--admin", address])
            #expect(rejected.status == 1, "\(rejected.output)")
            #expect(rejected.output.contains("rules not reloaded (1 error"), "\(rejected.output)")
            #expect(rejected.output.contains("generation 1 stays in force"))
            #expect(rejected.output.contains("35-broken.yaml:5:"), "the positioned lint error: \(rejected.output)")
            var metrics = try await admin.get("/metrics").body
            #expect(AdminEndpoint.sample(metrics, "switchboard_rules_last_reload_successful") == 0)
            #expect(AdminEndpoint.sample(metrics, "switchboard_rules_generation") == 1)
            #expect(rig.log.contains("rules not reloaded: the rules in force stay"))

            try FileManager.default.removeItem(at: broken)
            let accepted = try await rig.runCommand(["reload", "--admin", address])
            #expect(accepted.status == 0, "\(accepted.output)")
            #expect(
                accepted.output.contains("rules reloaded: generation 2, 25 rules from 8 files"),
                "\(accepted.output)"
            )
            metrics = try await admin.get("/metrics").body
            #expect(AdminEndpoint.sample(metrics, "switchboard_rules_last_reload_successful") == 1)
            #expect(AdminEndpoint.sample(metrics, "switchboard_rules_generation") == 2)

            let json = try await rig.runCommand(["reload", "--admin", address, "--format", "json"])
            #expect(json.status == 0, "\(json.output)")
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any],
                "\(json.output)"
            )
            #expect(report["succeeded"] as? Bool == true)
            #expect(report["generation"] as? Int == 3)
            #expect(report["trigger"] as? String == "POST /reload")
            #expect((report["files"] as? [Any])?.count == 8)

            // Port 0 in the configuration: the address must be given.
            let portZero = try await rig.runCommand(["reload", "--config", "engine.yaml"])
            #expect(portZero.status != 0)
            #expect(portZero.output.contains("pass --admin HOST:PORT"), "\(portZero.output)")
            #expect(await rig.stopEngine() == 0)
            let unreachable = try await rig.runCommand(["reload", "--admin", address])
            #expect(unreachable.status == 2, "\(unreachable.output)")
            #expect(unreachable.output.contains("cannot reach the daemon's admin listener"))
        }
    }

    @Test("admin.traces.enabled: false — no trace kept, the console says so; live state still shown")
    func tracesOff() async throws {
        try await EndToEndRig.with { rig in
            let config = rig.folder.appendingPathComponent("engine.yaml")
            let text = try String(contentsOf: config, encoding: .utf8)
            let off = text.replacingOccurrences(
                of: "admin: {listen: \"127.0.0.1:0\"}",
                with: "admin: {listen: \"127.0.0.1:0\", traces: {enabled: false}}"
            )
            #expect(off != text)
            try off.write(to: config, atomically: true, encoding: .utf8)
            try await rig.startEngine()
            try await rig.replay(ExpectedCall.answered.capture)
            #expect(await rig.awaitFinish(of: ExpectedCall.answered.linkedid), "\(rig.describeJournal())")
            let admin = try #require(AdminEndpoint.port(inLog: rig.log).map(AdminEndpoint.init), "\(rig.log)")
            let calls = try await admin.get("/api/calls")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(calls.body.utf8)) as? [String: Any])
            #expect(object["traces_enabled"] as? Bool == false)
            let overview = try await admin.get("/")
            #expect(overview.body.contains("Traces are off"))
            let page = try await admin.get("/calls/\(ExpectedCall.answered.linkedid)")
            #expect(page.status == 404)
            #expect(page.body.contains("Traces are off"))
            #expect(await rig.stopEngine() == 0)
        }
    }
}
