import Foundation
import Simulators
import TestSupport
import Testing

/// `engine doctor` as a user runs it, against the rig's test AMI server and fake portal.
@Suite("end to end: engine doctor", .serialized)
struct DoctorEndToEndTests {
    @Test("a working setup exits 0; the same with a webhook lacking telephony exits 1 and says which scope to tick")
    func exitStatus() async throws {
        try await EndToEndRig.with { rig in
            rig.ami.updateConfiguration { $0.pingClock = .wallClock(offset: 0) }
            let arguments = [
                "doctor", "--config", "engine.yaml", "--manager-conf", "/nonexistent/manager.conf",
                "--listen-seconds", "0",
            ]
            let healthy = try await rig.runCommand(arguments)
            #expect(healthy.status == 0, "\(healthy.output)")
            #expect(healthy.output.contains("[ ok ] ami.login"), "\(healthy.output)")
            #expect(healthy.output.contains("[skip] ami.eventfilter"), "\(healthy.output)")

            rig.portal.updateConfiguration { $0.scopes = ["crm", "user"] }
            let broken = try await rig.runCommand(arguments + ["--format", "json"])
            #expect(broken.status == 1, "\(broken.output)")
            let object = try JSONSerialization.jsonObject(with: Data(broken.output.utf8)) as? [String: Any]
            let checks = object?["checks"] as? [[String: Any]] ?? []
            let scopes = checks.first { $0["check"] as? String == "bitrix24.scopes" }
            #expect(scopes?["status"] as? String == "failure", "\(broken.output)")
            #expect((scopes?["message"] as? String)?.contains("telephony") == true)
            #expect(
                !broken.output.contains(EndToEndRig.amiSecret) && !broken.output.contains(EndToEndRig.webhookSecret)
            )
        }
    }
}
