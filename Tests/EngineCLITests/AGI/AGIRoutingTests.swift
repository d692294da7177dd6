import Actions
import Simulators
import SwitchboardDaemon
import TestSupport
import Testing

/// The dialplan asks the default rules where a call goes (`AGI(agi://127.0.0.1/route)`), over real TCP, with the real
/// daemon and the fake portal: a known client's call goes to the responsible manager's extension when the manager can
/// take it; anything else gets no route, in time.
@Suite("FastAGI routing with the default rules", .serialized)
struct AGIRoutingTests {
    static let search = "telephony.externalcall.searchcrmentities"
    static let unavailable = FakeBitrix24Fault.error(
        status: 503,
        code: "SERVICE_UNAVAILABLE",
        description: "Service Unavailable"
    )

    @Test("a known client whose manager is at work is routed to the manager's extension")
    func knownClient() async throws {
        try await AGIDaemonRig.with(seeds: [.contact(responsible: 12)]) { rig in
            try await rig.callArrives()
            let outcome = try await rig.ask()
            #expect(outcome.variables == ["ROUTE_EXTEN": "202", "ROUTE_USER": "12"])
            #expect(outcome.commands == ["SET VARIABLE ROUTE_EXTEN \"202\"", "SET VARIABLE ROUTE_USER \"12\""])
            #expect(rig.lookups.count == 1, "one search for the call: find-client's and the route's are one lookup")
            #expect(rig.lookups.first?.params["PHONE_NUMBER"]?.stringValue == AGIDaemonRig.caller)
        }
    }

    @Test("an unknown caller gets no route, as soon as the lookup answered (not at the deadline)")
    func unknownCaller() async throws {
        try await AGIDaemonRig.with(deadlineMilliseconds: 8000) { rig in
            try await rig.callArrives()
            let outcome = try await rig.ask()
            #expect(outcome.variables.isEmpty && outcome.commands.isEmpty)
            #expect(rig.lookups.count == 1)
            #expect(outcome.elapsed < .milliseconds(8000))
        }
    }

    @Test("a withheld number is not looked up and gets no route at once")
    func withheld() async throws {
        try await AGIDaemonRig.with(seeds: [.contact(responsible: 12)]) { rig in
            try await rig.callArrives("anonymous")
            let request = AGIDaemonRig.request(callerID: "anonymous")
                .replacing("agi_uniqueid", with: "1795566075.315")
                .replacing("agi_channel", with: "Local/0000@incoming-0000009d;2")
            let outcome = try await rig.ask(request)
            #expect(outcome.variables.isEmpty)
            #expect(outcome.elapsed < .milliseconds(8000))
            #expect(rig.lookups.isEmpty)
        }
    }

    @Test("a manager whose work day is closed gets no route")
    func outOfOffice() async throws {
        try await AGIDaemonRig.with(seeds: [.contact(responsible: 12), .timeman(user: 12, status: "CLOSED")]) { rig in
            try await rig.callArrives()
            #expect(try await rig.ask().variables.isEmpty)
            #expect(rig.lookups.count == 1)
        }
    }

    @Test("a deactivated manager gets no route")
    func deactivated() async throws {
        try await AGIDaemonRig.with(seeds: [.contact(responsible: 12), .deactivated(user: 12)]) { rig in
            try await rig.callArrives()
            #expect(try await rig.ask().variables.isEmpty)
        }
    }

    @Test("a manager without an extension gets no route")
    func noExtension() async throws {
        try await AGIDaemonRig.with(seeds: [
            .contact(responsible: 14), .user(FakeBitrix24User(id: 14, name: "Olga", phoneInner: nil)),
        ]) { rig in
            try await rig.callArrives()
            #expect(try await rig.ask().variables.isEmpty)
        }
    }

    @Test("a portal hanging past the deadline: the answer comes at the deadline, with nothing set")
    func portalHangs() async throws {
        let seeds: [AGIDaemonRig.Seed] = [.contact(responsible: 12), .fault(.hang, method: Self.search)]
        try await AGIDaemonRig.with(deadlineMilliseconds: 300, seeds: seeds) { rig in
            try await rig.callArrives()
            let outcome = try await rig.ask()
            #expect(outcome.variables.isEmpty)
            #expect(outcome.elapsed >= .milliseconds(300))
            #expect(outcome.elapsed < .seconds(5), "at the deadline, not at the portal client's 30 s timeout")
            // The session closes at the deadline; the request is forgotten meanwhile (its lookup lands as failed, the
            // call's state is saved): the deadline's cancellation must not reach that write (live on Asterisk 22 it
            // did: "call state not saved: CancellationError", /healthz naming storage).
            #expect(await eventually { await rig.daemon.pipeline.openAGISessions == 0 })
            await rig.daemon.pipeline.waitForSteps()
            let problem = await rig.daemon.pipeline.storageProblem
            #expect(problem == nil, "\(problem ?? "")")
        }
    }

    @Test("a portal answering 503 gives no route, without waiting for the deadline")
    func portalFails() async throws {
        let seeds: [AGIDaemonRig.Seed] = [.contact(responsible: 12), .fault(Self.unavailable, method: Self.search)]
        try await AGIDaemonRig.with(seeds: seeds) { rig in
            try await rig.callArrives()
            let outcome = try await rig.ask()
            #expect(outcome.variables.isEmpty)
            #expect(outcome.elapsed < .milliseconds(8000))
            #expect(rig.lookups.first?.status == 503)
        }
    }

    @Test("200 concurrent requests are each answered; the number is looked up once and then cached")
    func concurrent() async throws {
        try await AGIDaemonRig.with(seeds: [.contact(responsible: 12)]) { rig in
            try await rig.callArrives()
            let routed = try await withThrowingTaskGroup(of: [String: String].self) { group in
                for _ in 0..<200 { group.addTask { try await rig.ask().variables } }
                var routed = 0
                for try await variables in group where variables["ROUTE_EXTEN"] == "202" { routed += 1 }
                return routed
            }
            #expect(routed == 200)
            #expect(rig.lookups.count == 1)
        }
    }

    @Test("garbage and a stalled peer do not disturb a request answered meanwhile")
    func misbehavingPeers() async throws {
        try await AGIDaemonRig.with(deadlineMilliseconds: 4000, sessionSeconds: 5, seeds: [.contact(responsible: 12)]) {
            rig in
            try await rig.callArrives()
            async let garbage = rig.ask(behaviour: .garbage(Array("\u{1}\u{2}HELLO\r\n\r\n".utf8)))
            async let stalled = rig.ask(behaviour: .stall(afterBytes: 25))
            let good = try await rig.ask()
            #expect(good.variables["ROUTE_EXTEN"] == "202")
            #expect(try await garbage.commands.isEmpty)
            _ = try await stalled
        }
    }
}
