import Foundation
import Simulators
import Synchronization
import Testing

/// The real `engine` binary, killed with SIGKILL half-way through delivering, then restarted on the same
/// SQLite file: every command takes effect exactly once.
@Suite("engine deliver survives SIGKILL")
struct DeliverCrashTests {
    @Test("SIGKILL between the first and the last acknowledgement; the restart delivers the rest once")
    func crashAndResume() async throws {
        let portal = FakeBitrix24(configuration: FakeBitrix24Configuration(rateLimit: nil))
        portal.addUser(FakeBitrix24User(id: 2, name: "Operator 2", phoneInner: "102"))
        try await portal.start()
        do {
            try await crashAndResume(against: portal)
        } catch {
            await portal.stop()
            throw error
        }
        await portal.stop()
    }

    func crashAndResume(against portal: FakeBitrix24) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "deliver-crash-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let calls = 10
        let arguments = [
            "deliver", "--state", directory.appendingPathComponent("outbox.sqlite").path,
            "--calls", String(calls), "--operators", "2", "--script", "full",
            "--batch-limit", "3", "--burst", "1", "--per-second", "25",
            "--backoff-milliseconds", "20", "--timeout-milliseconds", "2000",
        ]
        func acknowledged() -> Int {
            portal.journal.filter { $0.status == 200 && $0.method != "batch" }.count
        }
        func finishes() -> Int {
            portal.journal.filter { $0.status == 200 && $0.method == "telephony.externalcall.finish" }.count
        }

        // The webhook (with its secret) goes through the environment, not the command line.
        let environment = ["SWITCHBOARD_B24_WEBHOOK": portal.webhookURL]
        let first = try EngineProcess.launch(
            arguments,
            environment: environment,
            output: directory.appendingPathComponent("first.log")
        )
        var midway = false
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, first.isRunning {
            if acknowledged() >= 1 && finishes() < calls {
                midway = true
                break
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        kill(first.processIdentifier, SIGKILL)
        let killedStatus = await EngineProcess.exitStatus(of: first, timeout: .seconds(5))
        #expect(midway, "killed with some but not all commands acknowledged")
        #expect(first.terminationReason == .uncaughtSignal)
        #expect(killedStatus == SIGKILL)
        let before = finishes()
        #expect(before < calls)

        let second = try EngineProcess.launch(
            arguments,
            environment: environment,
            output: directory.appendingPathComponent("second.log")
        )
        let status = await EngineProcess.exitStatus(of: second, timeout: .seconds(30))
        let log = (try? String(contentsOf: directory.appendingPathComponent("second.log"), encoding: .utf8)) ?? ""
        #expect(status == 0, "second run: \(log)")

        // Exactly once, from the portal's journal: one CALL_ID, one lead, one finish per call, in order.
        let journal = portal.journal
        var callIDs: [String: Set<String>] = [:]
        for entry in journal where entry.status == 200 && entry.method == "telephony.externalcall.register" {
            if let key = entry.params["EXTERNAL_CALL_ID"]?.stringValue, let id = entry.result?["CALL_ID"]?.stringValue {
                callIDs[key, default: []].insert(id)
            }
        }
        #expect(callIDs.count == calls)
        for index in 0..<calls {
            let key = "synthetic.\(index)"
            let ids = callIDs[key] ?? []
            #expect(ids.count == 1, "\(key): \(ids)")
            guard let callID = ids.first else { continue }
            let effects = journal.filter { $0.status == 200 && $0.params["CALL_ID"]?.stringValue == callID }
            #expect(effects.filter { $0.method == "telephony.externalcall.finish" }.count == 1, "\(key): one finish")
            let finish = effects.first { $0.method == "telephony.externalcall.finish" }?.sequence ?? .max
            #expect(
                !effects.contains { $0.method.hasSuffix(".show") && $0.sequence > finish && $0.result == .bool(true) }
            )
            let phone = "+7999" + String(repeating: "0", count: 7 - String(index).count) + String(index)
            #expect(
                portal.crmEntities(type: "LEAD").filter { $0.phones.contains(phone) }.count == 1,
                "\(key): one lead"
            )
        }
        #expect(portal.liveCalls.isEmpty)
        #expect(log.contains("0 dead letters"))
    }
}
