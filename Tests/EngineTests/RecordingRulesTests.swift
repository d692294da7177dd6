import Engine
import Foundation
import RuleDSL
import TestSupport
import Testing

/// The default rules' recording switches: an integrator keeps a queue's or a direction's recordings out of the CRM by
/// editing the lists in 00-policy.yaml, without Swift.
@Suite("Default rules: recordings per queue and direction")
struct RecordingRulesTests {
    /// The attach intents the default rules make for `answered` (a `sales` queue call, inbound), with `edit` applied to
    /// 00-policy.yaml.
    static func attaches(editingPolicy edit: (String) -> String) throws -> [ActionIntent] {
        let folder = RepositoryFiles.root.appendingPathComponent("rules")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            files[name] = name == "00-policy.yaml" ? edit(text) : text
        }
        let config = EngineConfig().expressionValue.merging(["recordings": ["enabled": true]])
        var engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: try TemporaryRules.compile(files)),
            interpreter: RuleInterpreter(config: config, functions: DirectoryPlaceholder.functions)
        )
        let bytes = [UInt8](try Data(contentsOf: RepositoryFiles.capture("answered")))
        return CaptureReplay.run(bytes, engine: &engine).flatMap(\.intents).filter { $0.action == "b24.attach_record" }
    }

    @Test("as shipped: the inbound sales call's recording is attached")
    func shipped() throws {
        #expect(try Self.attaches { $0 }.count == 1)
    }

    @Test("sales in no_recording_queues: nothing attached")
    func queueOff() throws {
        let intents = try Self.attaches {
            $0.replacingOccurrences(of: "no_recording_queues: []", with: "no_recording_queues: [sales]")
        }
        #expect(intents.isEmpty)
    }

    @Test("inbound dropped from record_directions: nothing attached")
    func directionOff() throws {
        let intents = try Self.attaches {
            $0.replacingOccurrences(
                of: "record_directions: [inbound, outbound, click_to_call]",
                with: "record_directions: [outbound, click_to_call]"
            )
        }
        #expect(intents.isEmpty)
    }
}
