import Foundation
import Simulators
import TestSupport
import Testing

/// `engine run` under systemd: `Type=notify` readiness through `$NOTIFY_SOCKET`, and JSON log lines for shippers.
@Suite("end to end: readiness and JSON logs", .serialized)
struct ReadinessEndToEndTests {
    @Test("READY=1 once the admin listener answers, STOPPING=1 on SIGTERM; --log-format json writes JSON lines")
    func readyAndJSONLogs() async throws {
        try await EndToEndRig.with { rig in
            let notify = try FakeNotifySocket()
            try rig.launchEngine(environment: ["NOTIFY_SOCKET": notify.path], extraArguments: ["--log-format", "json"])
            let ready = await eventually(timeout: .seconds(30)) {
                notify.messages.contains { $0.hasPrefix("READY=1\n") }
            }
            #expect(ready, "no READY=1: \(notify.messages)\n\(rig.log)")
            let status = notify.messages.first { $0.hasPrefix("READY=1\n") } ?? ""
            let port = status.range(of: "admin on port ").flatMap {
                Int(status[$0.upperBound...].prefix(while: \.isNumber))
            }
            let admin = AdminEndpoint(port: try #require(port, "\(status)"))
            #expect(try await admin.get("/healthz").status != 0)

            try await rig.replay("answered")
            #expect(await rig.awaitFinish(of: ExpectedCall.answered.linkedid), "\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            #expect(notify.messages.last == "STOPPING=1", "\(notify.messages)")

            let lines = rig.log.split(separator: "\n").filter { !$0.isEmpty }
            #expect(lines.count > 10)
            var messages: [String] = []
            for line in lines {
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object != nil, "not a JSON object: \(line)")
                guard let object else { continue }
                #expect(object["time"] is String && object["level"] is String && object["logger"] is String)
                if let message = object["message"] as? String { messages.append(message) }
            }
            #expect(messages.contains("ready"))
            #expect(messages.contains("switchboard starting"))
            #expect(!rig.log.contains(EndToEndRig.amiSecret) && !rig.log.contains(EndToEndRig.webhookSecret))
        }
    }
}
