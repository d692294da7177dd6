import AMIProtocol
import Actions
import Adapters
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// Item 8 of the hardening issue, runaway rules: a rule that triggers itself is stopped by the call's budget of
/// actions (against the test AMI server over TCP); AMI actions share a rate limit; register, finish and hide are
/// never refused.
@Suite("Runaway rules")
struct RunawayRulesTests {
    /// A call-back on every `call.result`, bound again: each originate's outcome fires the next, for ever. (A bound
    /// Bitrix24 action cannot storm: its step `as:<name>:<action>` is sent once per call.)
    static let storm = """
        version: 1
        rules:
          - id: call-back
            on: call.started
            when: call.direction == "inbound"
            do:
              - ami.originate: {channel: "PJSIP/201", context: agents, exten: "201"}
                as: back
          - id: call-back-again
            on: call.result
            do:
              - ami.originate: {channel: "PJSIP/201", context: agents, exten: "201"}
                as: back
        """

    /// An Originate answered at once: queued, then answered (`OriginateResponse` with its ActionID).
    static func answeredAtOnce(_ action: AMIMessage) -> [AMIMessage] {
        let id = action.actionID.map { [AMIHeader("ActionID", $0)] } ?? []
        return [
            AMIMessage(
                [AMIHeader("Response", "Success")] + id + [AMIHeader("Message", "Originate successfully queued")]
            ),
            AMIMessage(
                [AMIHeader("Event", "OriginateResponse")] + id + [
                    AMIHeader("Response", "Success"), AMIHeader("Channel", "PJSIP/201-00000009"),
                    AMIHeader("Reason", "4"), AMIHeader("Uniqueid", "1800000000.9"),
                ]
            ),
        ]
    }

    @Test("runaway rules: a rule that triggers itself stops at the call's budget of AMI actions")
    func runawayRulesSelfTriggeringRuleStopsAtTheCallBudget() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runaway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.storm.write(to: folder.appendingPathComponent("storm.yaml"), atomically: true, encoding: .utf8)
        let loaded = RuleSetLoader.load(paths: [folder.path])
        let ruleSet = try #require(loaded.ruleSet)
        #expect(loaded.report.diagnostics.contains { $0.code == .selfTriggeringRule })

        let server = try await AMITestServer.start()
        server.script("Originate", .custom { Self.answeredAtOnce($0) })
        let client = AMIClient(configuration: server.clientConfiguration())
        try await client.connect()
        let logs = LogCapture()
        let limits = RunawayGuard.Limits(actionsPerCall: 100, amiActionsPerCall: 5, amiPerSecond: 100, amiBurst: 100)
        let pipeline = CallPipeline(
            engine: CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet)),
            scheduler: nil,
            ami: client,
            logger: logs.logger,
            runawayLimits: limits
        )
        // The call stays up (replayed up to its first hangup), so its results keep landing.
        let events = try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events
        // AMI actions are sent by whoever runs the pipeline (the daemon's delivery service does it in a task group).
        let stopped = await withTaskGroup(of: Void.self) { sends in
            sends.addTask {
                await withTaskGroup(of: Void.self) { each in
                    for await work in pipeline.amiActions { each.addTask { await pipeline.perform(work) } }
                }
            }
            for message in events.prefix(while: { $0.name != "Hangup" }) { await pipeline.handle(message) }
            let stopped = await eventually(timeout: .seconds(20)) {
                logs.all.contains { $0.contains("runaway rules: the call spent its budget") }
            }
            sends.cancelAll()
            return stopped
        }
        #expect(stopped, "\(logs.all.suffix(20))")
        let originates = server.receivedActions.filter { $0.name?.lowercased() == "originate" }
        #expect(originates.count == limits.amiActionsPerCall)
        #expect(logs.all.filter { $0.contains("runaway rules: the call spent its budget") }.count == 1)
        await client.close()
        await server.stop()
    }

    @Test("runaway rules: AMI actions over the rate limit are refused, per call past its AMI budget")
    func runawayRulesAMIRateLimitAndCallBudget() {
        let limits = RunawayGuard.Limits(actionsPerCall: 100, amiActionsPerCall: 3, amiPerSecond: 2, amiBurst: 4)
        var guardian = RunawayGuard(limits: limits)
        let start = Date(timeIntervalSince1970: 1_000)
        // Four calls originate at once: the burst of four goes, the fifth is rate limited.
        for call in ["a", "b", "c", "d"] {
            #expect(guardian.admit(.originate, callID: call, at: start) == .allowed)
        }
        #expect(guardian.admit(.originate, callID: "e", at: start) == .amiRateLimited)
        // Half a second later one more fits (2 per second).
        #expect(guardian.admit(.redirect, callID: "a", at: start.addingTimeInterval(0.5)) == .allowed)
        #expect(guardian.admit(.hangup, callID: "a", at: start.addingTimeInterval(1.0)) == .allowed)
        // Call a has sent three AMI actions: its fourth is over its budget, reported once.
        #expect(
            guardian.admit(.setVariable, callID: "a", at: start.addingTimeInterval(10))
                == .overCallBudget(limit: 3, firstTime: true)
        )
        #expect(
            guardian.admit(.setVariable, callID: "a", at: start.addingTimeInterval(11))
                == .overCallBudget(limit: 3, firstTime: false)
        )
        // Bitrix24 actions of that call still run; finishing and hiding are never refused.
        #expect(guardian.admit(.showCard, callID: "a", at: start.addingTimeInterval(12)) == .allowed)
        #expect(guardian.admit(.finishCall, callID: "a", at: start.addingTimeInterval(12)) == .allowed)
    }

    @Test("runaway rules: register, finish and hide go through a spent budget")
    func runawayRulesNeverRefuseRegisterFinishOrHide() {
        var guardian = RunawayGuard(
            limits: .init(actionsPerCall: 2, amiActionsPerCall: 1, amiPerSecond: 1, amiBurst: 1)
        )
        let now = Date()
        #expect(guardian.admit(.showCard, callID: "x", at: now) == .allowed)
        #expect(guardian.admit(.searchCRM, callID: "x", at: now) == .allowed)
        #expect(guardian.admit(.createLead, callID: "x", at: now) == .overCallBudget(limit: 2, firstTime: true))
        for kind: ActionKind in [.registerCall, .hideCard, .finishCall] {
            #expect(guardian.admit(kind, callID: "x", at: now) == .allowed)
        }
    }
}
