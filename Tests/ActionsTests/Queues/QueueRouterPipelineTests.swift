import AGIProtocol
import AMIProtocol
import Actions
import Adapters
import Engine
import Foundation
import RuleDSL
import Testing

/// The router in the pipeline: the AMI events it reads reach it while the rules declare queues, a rule reload gives it
/// the new queues, and what it tells of callers reaches the call model.
@Suite struct QueueRouterPipelineTests {
    static func ruleSet(_ text: String) throws -> CompiledRuleSet {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qpipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("queues.yaml"), atomically: true, encoding: .utf8)
        let loaded = RuleSetLoader.load(paths: [folder.path])
        return try #require(loaded.ruleSet, "\(loaded.report.diagnostics)")
    }

    static func ask(_ router: QueueRouter, uniqueid: String) async -> [String] {
        let request = AGIRequest(environment: [
            AGIEnvironmentVariable("agi_network_script", "queue?name=sales&status="),
            AGIEnvironmentVariable("agi_uniqueid", uniqueid),
        ])
        let decision = await router.decide(
            AGISessionContext(id: "agi-\(uniqueid)", request: request, deadline: .now + .seconds(1))
        )
        return decision.commands.map(\.line)
    }

    @Test func aReloadGivesTheRouterItsQueuesAndThePipelineFeedsItAMI() async throws {
        let pipeline = CallPipeline(engine: CallEngine(), scheduler: nil, ami: nil)
        let router = QueueRouter(queues: [], clock: ManualDeliveryClock())
        await router.connect(pipeline)
        #expect(await Self.ask(router, uniqueid: "u1").last == "SET VARIABLE QUEUE_ACTION \"continue\"")

        await pipeline.load(try Self.ruleSet("version: 1\nqueues:\n  sales:\n    members: {ivan: PJSIP/201}\n"))
        await pipeline.handle(AMIMessage(["Event": "DeviceStateChange", "Device": "PJSIP/201", "State": "INUSE"]))
        #expect(await Self.ask(router, uniqueid: "u2").last == "SET VARIABLE QUEUE_ACTION \"wait\"")
        await pipeline.handle(AMIMessage(["Event": "DeviceStateChange", "Device": "PJSIP/201", "State": "NOT_INUSE"]))
        let next = await Self.ask(router, uniqueid: "u2")
        #expect(
            next.contains("SET VARIABLE QUEUE_DIAL \"PJSIP/201\"") && next.last == "SET VARIABLE QUEUE_ACTION \"dial\""
        )
        // The caller hangs up during the attempt: the pipeline's Hangup frees Ivan for the next caller.
        await pipeline.handle(AMIMessage(["Event": "Hangup", "Channel": "PJSIP/trunk-00000001", "Uniqueid": "u2"]))
        #expect(await router.activeCallers == 0)

        // Queues gone with a reload: the dialplan is told to go on.
        await pipeline.load(try Self.ruleSet("version: 1\n"))
        await pipeline.handle(AMIMessage(["Event": "DeviceStateChange", "Device": "PJSIP/201", "State": "INUSE"]))
        #expect(await Self.ask(router, uniqueid: "u3").last == "SET VARIABLE QUEUE_ACTION \"continue\"")
    }
}
