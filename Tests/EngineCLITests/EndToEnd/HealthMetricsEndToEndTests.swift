import Foundation
import Simulators
import TestSupport
import Testing

/// `/metrics` and `/healthz` of a real `engine run`: counters move by what the portal's journal shows, and health
/// names the part that fails — the AMI server stopped, then the portal.
@Suite("engine run: health and metrics", .serialized)
struct HealthMetricsEndToEndTests {
    @Test("counters match the journal over a replay; /healthz names ami, then portal, as they stop")
    func healthAndMetrics() async throws {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            let port = try #require(AdminEndpoint.port(inLog: rig.log), "no admin port in the log: \(rig.log)")
            let admin = AdminEndpoint(port: port)
            let healthy = await eventually { (try? await admin.get("/healthz"))?.status == 200 }
            let healthyHealth = await Self.health(admin)
            #expect(healthy, "healthz: \(healthyHealth)")

            try await rig.replay("answered")
            #expect(await rig.awaitCalls("telephony.externalcall.finish"))
            // Every command the journal shows was counted once as an executed action.
            let counts = [
                "b24.register_call": "telephony.externalcall.register", "b24.show_card": "telephony.externalcall.show",
                "b24.hide_card": "telephony.externalcall.hide", "b24.finish_call": "telephony.externalcall.finish",
                "b24.search_crm": "telephony.externalcall.searchcrmentities",
            ]
            // HTTP requests the scheduler sent: the journal's top-level entries, minus the directory and health probes.
            let sent = {
                rig.portal.journal.filter { !$0.inBatch && !["user.get", "scope"].contains($0.method) }.count
            }
            // The request's duration is recorded after its answer reached the portal's journal: await both.
            let settled = await eventually {
                guard let metrics = try? await admin.get("/metrics").body else { return false }
                let timed = ["switchboard_bitrix24_requests_total", "switchboard_bitrix24_request_seconds_count"]
                let requests = Double(sent())
                guard timed.allSatisfy({ AdminEndpoint.sample(metrics, $0) == requests }) else { return false }
                return counts.allSatisfy { action, method in
                    AdminEndpoint.sample(
                        metrics,
                        "switchboard_actions_total",
                        labels: ["action": action, "result": "ok"]
                    )
                        == Double(rig.calls(method).count)
                }
            }
            let metrics = try await admin.get("/metrics").body
            #expect(settled, "metrics: \(metrics)")
            #expect(rig.calls("telephony.externalcall.show").count == 3)
            #expect(
                AdminEndpoint.sample(
                    metrics,
                    "switchboard_rules_fired_total",
                    labels: ["rule": "card-to-ringing-member"]
                )
                    == 3
            )
            #expect(AdminEndpoint.sample(metrics, "switchboard_ami_events_total") >= 40)
            #expect(AdminEndpoint.sample(metrics, "switchboard_ami_link_up") == 1)
            // Every event read has been taken by the pipeline: the one AMI buffer is empty, and says so.
            #expect(metrics.contains("\nswitchboard_ami_event_buffer_depth "), "metrics: \(metrics)")
            #expect(AdminEndpoint.sample(metrics, "switchboard_ami_event_buffer_depth") == 0)
            #expect(AdminEndpoint.sample(metrics, "switchboard_calls_active") == 0)
            #expect(AdminEndpoint.sample(metrics, "switchboard_outbox_dead_letters_total") == 0)
            let requests = sent()
            #expect(AdminEndpoint.sample(metrics, "switchboard_bitrix24_requests_total") == Double(requests))
            #expect(AdminEndpoint.sample(metrics, "switchboard_bitrix24_request_seconds_count") == Double(requests))

            await rig.ami.stop()
            let amiFailing = await eventually {
                guard let answer = try? await admin.get("/healthz") else { return false }
                return answer.status == 503 && answer.body.contains("\"ami\"")
                    && !answer.body.contains("\"failing\":[\"ami\",\"portal\"]")
            }
            let amiFailingHealth = await Self.health(admin)
            #expect(amiFailing, "healthz: \(amiFailingHealth)")
            await rig.portal.stop()
            let bothFailing = await eventually {
                (try? await admin.get("/healthz"))?.body.contains("\"failing\":[\"ami\",\"portal\"]") == true
            }
            let bothFailingHealth = await Self.health(admin)
            #expect(bothFailing, "healthz: \(bothFailingHealth)")
            let bodies = [
                try await admin.get("/healthz").body, try await admin.get("/metrics").body,
                try await admin.get("/nowhere").body,
            ]
            for text in bodies + [rig.log] {
                for secret in [EndToEndRig.webhookSecret, EndToEndRig.amiSecret, EndToEndRig.appToken] {
                    #expect(!text.contains(secret), "a secret in: \(text.prefix(300))")
                }
            }
            #expect(await rig.stopEngine() == 0)
        }
    }

    static func health(_ admin: AdminEndpoint) async -> String {
        (try? await admin.get("/healthz")).map { "\($0.status) \($0.body)" } ?? "no answer"
    }
}
