import AMIProtocol
import Adapters
import Doctor
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// What the rules need, derived from the rule set and the catalogs.
@Suite("engine requirements")
struct EngineRequirementsTests {
    static func bundled() throws -> EngineRequirements {
        let ruleSet: CompiledRuleSet = try #require(RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder]).ruleSet)
        return EngineRequirements(ruleSet: ruleSet)
    }

    @Test("the bundled rules: call, agent and dialplan events; CoreShowChannels and Originate; user, telephony and crm")
    func bundledRules() throws {
        let requirements = try Self.bundled()
        #expect(requirements.readClasses.description == "call,agent,dialplan")
        #expect(requirements.writes.map(\.action) == ["CoreShowChannels", "Originate"])
        #expect(requirements.minimalWriteClasses.description == "reporting,originate")
        #expect(Set(requirements.scopes.map(\.scope)) == ["user", "telephony", "crm"])
        let events = Set(requirements.events.map(\.event))
        #expect(events.isSuperset(of: ["Newchannel", "AgentCalled", "DialBegin", "Hangup", "BridgeEnter"]))
        #expect(events.contains("OriginateResponse"), "click-to-call reads the Originate's answer")
        let varset = try #require(requirements.events.first { $0.event == "VarSet" })
        #expect(varset.header == "Variable" && varset.value == "MIXMONITOR_FILENAME")
    }

    @Test("a rule naming an AMI event needs it whole; ami.originate needs originate and OriginateResponse")
    func ruleNeeds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("req-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        version: 1
        rules:
          - id: every-varset
            description: Log every variable set.
            on: VarSet
            do:
              - log: {message: "${event.Variable}"}
          - id: callback
            description: Dial the caller back.
            on: call.ended
            do:
              - ami.originate: {channel: Local/201@agents, context: outgoing, exten: "${call.caller ?? '0'}"}
              - ami.hangup: {channel: "PJSIP/201-00000001"}
        """.write(to: folder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let loaded = RuleSetLoader.load(paths: [folder.path])
        let ruleSet = try #require(loaded.ruleSet, "\(loaded.report.diagnostics)")
        let requirements = EngineRequirements(ruleSet: ruleSet)
        let varsets = requirements.events.filter { $0.event == "VarSet" }
        #expect(varsets.count == 1)
        #expect(varsets.first?.header == nil)
        #expect(varsets.first?.purpose.contains("rule every-varset (on: VarSet)") == true)
        #expect(requirements.events.contains { $0.event == "OriginateResponse" })
        let originate = try #require(requirements.writes.first { $0.action == "Originate" })
        #expect(originate.anyOf == ["originate"])
        #expect(originate.purposes == ["ami.originate in rule callback"])
        #expect(requirements.minimalWriteClasses.description == "call,reporting,originate")
    }

    @Test("engine queues in the rules add the members' device state and pauses; the bundled rules have none")
    func queueNeeds() throws {
        let bundled = Set(try Self.bundled().events.map(\.event))
        #expect(bundled.isDisjoint(with: ["DeviceStateChange", "ExtensionStatus", "QueueMemberPause"]))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("req-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "version: 1\nqueues:\n  sales:\n    members: {ivan: PJSIP/201}\n"
            .write(to: folder.appendingPathComponent("queues.yaml"), atomically: true, encoding: .utf8)
        let loaded = RuleSetLoader.load(paths: [folder.path])
        let requirements = EngineRequirements(ruleSet: try #require(loaded.ruleSet, "\(loaded.report.diagnostics)"))
        let events = Set(requirements.events.map(\.event))
        #expect(
            events.isSuperset(of: ["DeviceStateChange", "ExtensionStatus", "QueueMemberPause", "DialEnd", "Hangup"])
        )
        #expect(events.isSuperset(of: QueueDialplanLoop.observedEvents))
        #expect(requirements.readClasses.description == "call,agent,dialplan")
        let pause = try #require(requirements.events.first { $0.event == "QueueMemberPause" })
        #expect(pause.eventClass == "agent" && pause.purpose.contains("engine queues"))
    }

    @Test("every catalog action maps to a webhook scope or AMI write classes")
    func catalogActions() {
        for action in ActionCatalog.all {
            if action.name.hasPrefix("ami.") {
                #expect(AMIActionAuthority.writeClasses(for: action.performs) != nil, "\(action.name)")
            } else if action.name.hasPrefix("b24.") {
                #expect(Bitrix24Scope.required(forMethod: action.performs) != nil, "\(action.name)")
            }
        }
    }

    @Test("every AMI event of the catalog and of the call model has a class, and the captures agree with it")
    func eventClasses() throws {
        for event in EventCatalog.all where event.origin == .ami {
            #expect(AMIEventClasses.of(event.name) != nil, "\(event.name)")
        }
        for need in CallModel.amiInputs + QueueDialplanLoop.amiInputs {
            #expect(need.eventClass != nil, "\(need.event)")
        }
        var checked = 0
        // Asterisk 22's captures (the SIP-era fixtures predate 16, when Newexten was still of class call).
        for file in try RepositoryFiles.captureFiles() where file.hasSuffix(".ami") && !file.contains("fixtures") {
            let capture = AMICapture(bytes: try RepositoryFiles.bytes(file))
            for event in capture.events {
                guard let name = event.name, let known = AMIEventClasses.of(name),
                    let privilege = AMIClassSet.privilege(of: event)
                else { continue }
                #expect(privilege.contains(known), "\(file): \(name) has Privilege \(privilege), table says \(known)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }
}
