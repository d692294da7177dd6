import AGIProtocol
import AMIProtocol
import Actions
import Adapters
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// The pipeline's side of FastAGI with the default rules: a request runs `agi.request`, its lookup lands as `call.crm`
/// and `call.result` rules answer; the answer is complete when nothing more is awaited. No network: the lookups are
/// answered here.
@Suite("Call pipeline: FastAGI requests")
struct AGIPipelineTests {
    static let known: Bitrix24Value = .array([
        .object([
            "CRM_ENTITY_TYPE": .string("CONTACT"), "CRM_ENTITY_ID": .int(651), "ASSIGNED_BY_ID": .int(12),
            "ASSIGNED_BY": .object([
                "ID": .string("12"), "TIMEMAN_STATUS": .string("OPENED"), "USER_PHONE_INNER": .string("202"),
            ]),
        ])
    ])

    static func pipeline() throws -> CallPipeline {
        let ruleSet = try #require(RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder]).ruleSet)
        let lookup = UserLookup(overrides: ["201": 11, "202": 12, "203": 13])
        let engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(config: EngineConfig().expressionValue, functions: lookup.functions)
        )
        return CallPipeline(engine: engine, scheduler: nil, ami: nil)
    }

    /// answered.ami up to the first ringing phone: the caller's channel (1795564212.1) runs its dialplan.
    static func callArrives(_ pipeline: CallPipeline) async throws {
        let events = try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events
        await pipeline.handle(Array(events.prefix { $0.name != "AgentCalled" }))
    }

    static var request: AGIRequest {
        AGIRequest(environment: [
            AGIEnvironmentVariable("agi_network", "yes"), AGIEnvironmentVariable("agi_network_script", "route"),
            AGIEnvironmentVariable("agi_request", "agi://127.0.0.1/route"),
            AGIEnvironmentVariable("agi_channel", "Local/79161234567@incoming-00000000;2"),
            AGIEnvironmentVariable("agi_uniqueid", "1795564212.1"),
            AGIEnvironmentVariable("agi_callerid", "79161234567"),
        ])
    }

    @Test("a known client: one lookup, then ROUTE_EXTEN and ROUTE_USER, and call.crm is the call's")
    func routed() async throws {
        let pipeline = try Self.pipeline()
        try await Self.callArrives(pipeline)
        guard case .lookups(let requests) = await pipeline.beginAGI(Self.request, session: "agi-1") else {
            Issue.record("no lookup asked for")
            return
        }
        #expect(requests == [LookupRequest(callID: "1795564212.0", binding: "crm", phone: "79161234567")])
        let step = await pipeline.landLookups(
            [LookupOutcome(request: requests[0], result: .success(Self.known))],
            session: "agi-1"
        )
        guard case .answer(let decision) = step else {
            Issue.record("no answer")
            return
        }
        #expect(
            decision.commands.map(\.line) == ["SET VARIABLE ROUTE_EXTEN \"202\"", "SET VARIABLE ROUTE_USER \"12\""]
        )
        #expect(await pipeline.openAGISessions == 0)
        guard case .map(let crm)? = await pipeline.engine.model.calls["1795564212.0"]?.bindings["crm"] else {
            Issue.record("call.crm did not land")
            return
        }
        #expect(crm["responsible"] == .int(12))
    }

    @Test("an unknown caller: answered with nothing as soon as the lookup landed")
    func unknown() async throws {
        let pipeline = try Self.pipeline()
        try await Self.callArrives(pipeline)
        guard case .lookups(let requests) = await pipeline.beginAGI(Self.request, session: "agi-1") else {
            Issue.record("no lookup asked for")
            return
        }
        let step = await pipeline.landLookups(
            [LookupOutcome(request: requests[0], result: .success(.array([])))],
            session: "agi-1"
        )
        guard case .answer(let decision) = step else {
            Issue.record("no answer")
            return
        }
        #expect(decision.commands.isEmpty)
    }

    @Test("a request before its channel's AMI events waits for them, then goes on")
    func channelLater() async throws {
        let pipeline = try Self.pipeline()
        async let waiting = pipeline.beginAGI(Self.request, session: "a")
        #expect(await eventually { await pipeline.agiRequestsWaitForChannels })
        try await Self.callArrives(pipeline)
        let step = await waiting
        guard case .lookups(let requests) = step else {
            Issue.record("the request did not go on once the channel appeared")
            return
        }
        #expect(requests.count == 1)
    }

    @Test("a request given up (deadline) lands its lookup as failed: a finish reading call.crm goes on at once")
    func givenUp() async throws {
        let pipeline = try Self.pipeline()
        try await Self.callArrives(pipeline)
        guard case .lookups = await pipeline.beginAGI(Self.request, session: "agi-1") else {
            Issue.record("no lookup asked for")
            return
        }
        await pipeline.endAGI(session: "agi-1")
        #expect(await pipeline.openAGISessions == 0)
        #expect(await pipeline.engine.model.calls["1795564212.0"]?.bindings["crm"] == .null)
    }

    @Test("cancelled while waiting for its channel, a request answers nothing")
    func cancelledWhileWaiting() async throws {
        let pipeline = try Self.pipeline()
        let waiting = Task { await pipeline.beginAGI(Self.request, session: "agi-1") }
        waiting.cancel()
        guard case .answer(let decision) = await waiting.value else {
            Issue.record("no answer")
            return
        }
        #expect(decision.commands.isEmpty)
    }

    /// Rules that hand the CRM's name of the caller to the dialplan (a value the portal controls).
    static let namingRules = """
        version: 1
        rules:
          - id: look-up
            on: agi.request
            when: has(event.caller)
            do:
              - b24.search_crm: {phone: "${normalize_phone(event.caller)}"}
                as: crm
          - id: name-the-client
            on: call.result
            when: event.name == "crm" && event.ok && call.crm.found
            do:
              - agi.set_variable: {name: CLIENT_NAME, value: "${call.crm.name ?? ''}"}
              - agi.set_variable: {name: CLIENT_ID, value: "${string(call.crm.entity_id)}"}
        """

    /// The pipeline with `namingRules`, the call arrived, a request asked and its lookup answered with `name`.
    static func answer(naming name: String) async throws -> AGIDecision? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agi-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try namingRules.write(to: folder.appendingPathComponent("names.yaml"), atomically: true, encoding: .utf8)
        let ruleSet = try #require(RuleSetLoader.load(paths: [folder.path]).ruleSet)
        let pipeline = CallPipeline(
            engine: CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet)),
            scheduler: nil,
            ami: nil
        )
        try await callArrives(pipeline)
        guard case .lookups(let requests) = await pipeline.beginAGI(request, session: "agi-1") else { return nil }
        var found = known
        if case .array(var items) = found, case .object(var first) = items[0] {
            first["NAME"] = .string(name)
            items[0] = .object(first)
            found = .array(items)
        }
        let step = await pipeline.landLookups(
            requests.map { LookupOutcome(request: $0, result: .success(found)) },
            session: "agi-1"
        )
        guard case .answer(let decision) = step else { return nil }
        return decision
    }

    @Test("a value from the CRM with CR/LF is refused (that action fails, the rest is sent); quotes read back intact")
    func hostileValues() async throws {
        let injected = try #require(try await Self.answer(naming: "Ivan\"\nEXEC Dial \"PJSIP/999\""))
        #expect(injected.commands.map(\.line) == ["SET VARIABLE CLIENT_ID \"651\""])
        let quoted = "Ivan \"the \\ one\" ${SHELL(id)}, (x)"
        let safe = try #require(try await Self.answer(naming: quoted))
        #expect(safe.commands.count == 2)
        let line = try #require(safe.commands.first?.line)
        #expect(AsteriskArgumentParser.parse(line) == ["SET", "VARIABLE", "CLIENT_NAME", quoted])
    }
}
