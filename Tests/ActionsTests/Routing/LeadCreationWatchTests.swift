import Actions
import Engine
import Foundation
import RuleDSL
import TestSupport
import Testing

/// `bitrix24.lead_creation: auto`: the first LEAD_CREATION_ERROR switches later calls to search → lead → register, and
/// the switch survives a restart.
@Suite("lead creation switch")
struct LeadCreationWatchTests {
    static func pipeline(_ watch: LeadCreationWatch, engineCreatesLeads: Bool) async throws -> CallPipeline {
        let ruleSet = try #require(RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder]).ruleSet)
        let config = LeadCreationWatch.config(EngineConfig().expressionValue, engineCreatesLeads: engineCreatesLeads)
        let pipeline = CallPipeline(
            engine: CallEngine(
                generation: RuleGeneration(number: 1, ruleSet: ruleSet),
                interpreter: RuleInterpreter(config: config)
            ),
            scheduler: nil,
            ami: nil
        )
        await pipeline.watchLeadCreation(watch)
        return pipeline
    }

    static let refused: Value = .map([
        "call_id": "externalCall.1", "lead_creation_error": "Lead creation is disabled for local users",
    ])

    @Test("auto: a refusal switches to engine-made leads and is remembered across a restart")
    func auto() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("leads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let watch = LeadCreationWatch(mode: .auto, facts: try PortalFacts(outbox: try Outbox(path: path)))
        #expect(try await watch.engineCreatesLeadsAtStart() == false)
        let pipeline = try await Self.pipeline(watch, engineCreatesLeads: false)
        await pipeline.land("b24", action: "b24.register_call", value: .map(["call_id": "x"]), error: nil, in: "c0")
        #expect(await pipeline.engineCreatesLeads == false)
        await pipeline.land("b24", action: "b24.register_call", value: Self.refused, error: nil, in: "c1")
        #expect(await pipeline.engineCreatesLeads)
        let restarted = LeadCreationWatch(mode: .auto, facts: try PortalFacts(outbox: try Outbox(path: path)))
        #expect(try await restarted.engineCreatesLeadsAtStart())
    }

    @Test("portal keeps Bitrix24's leads whatever it reports; engine always makes them")
    func fixedModes() async throws {
        let pipeline = try await Self.pipeline(LeadCreationWatch(mode: .portal, facts: nil), engineCreatesLeads: false)
        await pipeline.land("b24", action: "b24.register_call", value: Self.refused, error: nil, in: "c1")
        #expect(await pipeline.engineCreatesLeads == false)
        #expect(try await LeadCreationWatch(mode: .engine, facts: nil).engineCreatesLeadsAtStart())
        #expect(try await LeadCreationWatch(mode: .portal, facts: nil).engineCreatesLeadsAtStart() == false)
    }
}
