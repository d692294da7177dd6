import Doctor
import Foundation
import Simulators
import TestSupport
import Testing

/// `engine doctor` against the test AMI server and the fake portal, first set up right, then wrong on purpose one
/// thing at a time: each problem is found by the right check, with a fix that names what to change.
@Suite("engine doctor scenarios")
struct DoctorScenarioTests {
    /// The bundled rules' manager.conf as it was before click-to-call: no `originate` class, no OriginateResponse.
    static let withoutOriginate = DoctorRig.healthyManagerConf()
        .replacingOccurrences(of: "write = reporting,originate", with: "write = reporting")
        .split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.contains("name(OriginateResponse)") }
        .joined(separator: "\n")

    static let originateRule = """
        version: 1
        rules:
          - id: callback-abandoned
            description: Ring operator 201 and dial a caller who gave up in the queue.
            on: call.queue_left
            when: event.reason == "abandoned"
            do:
              - ami.originate:
                  channel: Local/201@agents
                  context: outgoing
                  exten: ${call.caller ?? "0"}
        """

    @Test("a PBX and a portal set up as the doctor asks: every check passes")
    func healthy() async throws {
        try await DoctorRig.with { rig in
            let report = try await rig.run()
            let bad = report.findings.filter { $0.status != .ok }
            #expect(bad.isEmpty, "\(report.renderHuman())")
            #expect(report.exitCode(strict: true) == 0)
            #expect(report.text("asterisk.version").contains("Asterisk 22.10.1"))
            #expect(report.text("ami.timestampevents").contains("seen live"))
            #expect(report.text("directory.extensions").contains("all 3 extensions"))
        }
    }

    @Test("a wrong AMI secret: the login fails and manager.conf shows the secrets differ")
    func wrongSecret() async throws {
        try await DoctorRig.with(.init(engineSecret: "not-the-secret")) { rig in
            let report = try await rig.run()
            #expect(report.status("ami.reachable") == .ok)
            #expect(report.status("ami.login") == .failure)
            #expect(report.text("ami.login").contains("Authentication failed"))
            #expect(report.text("ami.login").contains("differs from ami.secret"))
            #expect(report.status("ami.manager_conf") == .failure)
            #expect(report.status("ami.clock") == .skipped)
            #expect(report.exitCode(strict: false) == 1)
            #expect(!report.renderJSON().contains("not-the-secret"))
            #expect(!report.renderHuman().contains(DoctorRig.amiSecret))
        }
    }

    @Test("no originate class while a rule originates: Asterisk's Permission denied, with the write line to use")
    func missingOriginate() async throws {
        let setup = DoctorRig.Setup(
            managerConf: Self.withoutOriginate,
            extraRules: ["50-callback.yaml": Self.originateRule]
        )
        try await DoctorRig.with(setup) { rig in
            let report = try await rig.run()
            #expect(report.status("rules") == .ok, "\(report.text("rules"))")
            #expect(report.status("ami.write") == .failure)
            #expect(report.text("ami.write").contains("Originate needs write originate"))
            #expect(report.text("ami.write").contains("Permission denied"))
            #expect(report.text("ami.write").contains("rules callback-abandoned, click-to-call-dial"))
            #expect(report.text("ami.write").contains("write = reporting,originate"))
            // The rule also needs OriginateResponse, which the healthy filter does not let through.
            #expect(report.status("ami.eventfilter") == .failure)
            #expect(report.text("ami.eventfilter").contains("OriginateResponse"))
        }
    }

    @Test("the live probe finds a missing class without manager.conf (the doctor on another host)")
    func missingOriginateWithoutManagerConf() async throws {
        let setup = DoctorRig.Setup(
            managerConf: Self.withoutOriginate,
            doctorManagerConfPath: "/nonexistent/manager.conf",
            extraRules: ["50-callback.yaml": Self.originateRule]
        )
        try await DoctorRig.with(setup) { rig in
            let report = try await rig.run()
            #expect(report.status("ami.manager_conf") == .skipped)
            #expect(report.status("ami.write") == .failure)
            #expect(report.text("ami.write").contains("Permission denied"))
            #expect(report.status("ami.eventfilter") == .skipped)
        }
    }

    @Test("an eventfilter dropping AgentCalled: named, with the filter line that drops it")
    func filterDropsAgentCalled() async throws {
        let conf = DoctorRig.healthyManagerConf() + "eventfilter(action(exclude),name(AgentCalled)) =\n"
        try await DoctorRig.with(.init(managerConf: conf)) { rig in
            let report = try await rig.run()
            #expect(report.status("ami.eventfilter") == .failure)
            let text = report.text("ami.eventfilter")
            #expect(text.contains("AgentCalled"))
            #expect(text.contains("dropped by `eventfilter(action(exclude),name(AgentCalled)) =`"))
            #expect(text.contains("engine asterisk manager-conf"))
            #expect(!text.contains("AgentConnect"))
        }
    }

    @Test("a legacy regex filter dropping every Agent* event is read the way Asterisk reads it")
    func legacyFilter() async throws {
        let conf = """
            [general]
            enabled = yes
            timestampevents = yes
            [switchboard]
            secret = \(DoctorRig.amiSecret)
            read = call,agent,dialplan
            write = reporting
            writetimeout = 5000
            eventfilter = !Event: Agent
            """
        try await DoctorRig.with(.init(managerConf: conf)) { rig in
            let report = try await rig.run()
            #expect(report.status("ami.eventfilter") == .failure)
            for event in ["AgentCalled", "AgentRingNoAnswer", "AgentConnect"] {
                #expect(report.text("ami.eventfilter").contains(event))
            }
            #expect(!report.text("ami.eventfilter").contains("Hangup"))
        }
    }

    @Test("read classes without agent, and a login mask without dialplan")
    func readClasses() async throws {
        let conf = DoctorRig.healthyManagerConf().replacingOccurrences(
            of: "read = call,agent,dialplan",
            with: "read = call, agent,dialplan"
        )
        try await DoctorRig.with(.init(managerConf: conf)) { rig in
            let report = try await rig.run()
            #expect(report.status("ami.read") == .failure)
            #expect(report.text("ami.read").contains("no agent (QueueCallerJoin"))
            #expect(report.text("ami.read").contains("ignores the class label \" agent\""))
        }
    }

    @Test("a webhook without the telephony scope: the rules' methods that need it")
    func webhookWithoutTelephony() async throws {
        try await DoctorRig.with(.init(scopes: ["crm", "user"])) { rig in
            let report = try await rig.run()
            #expect(report.status("bitrix24.webhook") == .ok)
            #expect(report.status("bitrix24.scopes") == .failure)
            let text = report.text("bitrix24.scopes")
            #expect(text.contains("lacks the scope telephony"))
            #expect(
                text.contains(
                    "b24.register_call (rules register-inbound, register-inbound-lead-first, register-outbound, "
                        + "callback-register)"
                )
            )
            #expect(text.contains("Inbound webhook"))
            #expect(!text.contains(DoctorRig.webhookSecret))
        }
    }

    @Test("a deleted webhook: the portal's INVALID_CREDENTIALS, and where to copy a new URL")
    func deletedWebhook() async throws {
        try await DoctorRig.with { rig in
            rig.portal.updateConfiguration { $0.webhookSecret = "rotated" }
            let report = try await rig.run()
            #expect(report.status("bitrix24.webhook") == .failure)
            #expect(report.text("bitrix24.webhook").contains("INVALID_CREDENTIALS"))
            #expect(report.text("bitrix24.webhook").contains("copy the URL again"))
            #expect(report.status("bitrix24.scopes") == .skipped)
            #expect(!report.renderJSON().contains(DoctorRig.webhookSecret))
        }
    }

    @Test("a queue member without a Bitrix24 user, and an extension held by two users")
    func directory() async throws {
        var setup = DoctorRig.Setup()
        setup.queues["support"]?.append("PJSIP/204")
        setup.users["202"] = [12, 14]
        try await DoctorRig.with(setup) { rig in
            let report = try await rig.run()
            #expect(report.status("directory.extensions") == .warning)
            #expect(report.text("directory.extensions").contains("1 of 4 extensions"))
            #expect(report.text("directory.extensions").contains("204: seen in queue support"))
            #expect(report.text("directory.extensions").contains("UF_PHONE_INNER"))
            #expect(report.status("directory.duplicates") == .warning)
            #expect(report.text("directory.duplicates").contains("202: users 12, 14; the engine uses 12"))
            #expect(report.exitCode(strict: false) == 0)
            #expect(report.exitCode(strict: true) == 1)
        }
    }

    @Test("Asterisk's clock 5 minutes ahead, the portal's 5 minutes behind")
    func clockSkew() async throws {
        try await DoctorRig.with(.init(pingOffset: 300, portalOffset: -300)) { rig in
            let report = try await rig.run()
            #expect(report.status("ami.clock") == .failure)
            // 300 s, give or take the round trip (the check reads the midpoint of the request).
            #expect(report.text("ami.clock").contains(try #require(Self.minutes(report.text("ami.clock")))))
            #expect(report.text("ami.clock").contains("ahead of this host's"))
            #expect(report.text("ami.clock").contains("NTP"))
            #expect(report.status("bitrix24.clock") == .failure)
            #expect(report.text("bitrix24.clock").contains(try #require(Self.minutes(report.text("bitrix24.clock")))))
            #expect(report.text("bitrix24.clock").contains("behind this host's"))
        }
    }

    /// `5 min 0 s` or `4 min 59 s` (about 300 s), if the text says either.
    static func minutes(_ text: String) -> String? {
        ["5 min 0 s", "4 min 59 s", "5 min 1 s"].first { text.contains($0) }
    }

    @Test("timestampevents off and the default writetimeout")
    func timestampsAndWriteTimeout() async throws {
        let conf = DoctorRig.healthyManagerConf()
            .replacingOccurrences(of: "timestampevents = yes", with: "timestampevents = no")
            .replacingOccurrences(of: "writetimeout = 5000", with: ";")
        try await DoctorRig.with(.init(managerConf: conf)) { rig in
            let report = try await rig.run()
            #expect(report.status("ami.timestampevents") == .warning)
            #expect(report.text("ami.timestampevents").contains("without Timestamp"))
            #expect(report.status("ami.writetimeout") == .warning)
            #expect(report.text("ami.writetimeout").contains("writetimeout = 100 ms"))
        }
    }

    @Test("nothing listening on the AMI port: one failure, the AMI checks skipped, the portal still checked")
    func unreachable() async throws {
        try await DoctorRig.with { rig in
            await rig.ami.stop()
            let report = try await rig.run()
            #expect(report.status("ami.reachable") == .failure)
            #expect(report.text("ami.reachable").contains("enabled = yes"))
            #expect(report.status("ami.login") == .skipped)
            #expect(report.status("bitrix24.scopes") == .ok)
        }
    }

    @Test("the JSON report: every check with its status, and a summary")
    func json() async throws {
        try await DoctorRig.with(.init(scopes: ["crm", "user"])) { rig in
            let report = try await rig.run()
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(report.renderJSON().utf8)) as? [String: Any]
            )
            #expect(object["ok"] as? Bool == false)
            let checks = try #require(object["checks"] as? [[String: Any]])
            #expect(checks.count == DoctorRegistry.standard.count)
            let scopes = try #require(checks.first { $0["check"] as? String == "bitrix24.scopes" })
            #expect(scopes["status"] as? String == "failure")
            #expect((scopes["fix"] as? String)?.contains("telephony") == true)
            #expect((object["summary"] as? [String: Int])?["failure"] == 1)
        }
    }
}
