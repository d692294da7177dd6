import AMIProtocol
import Adapters
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport

/// Replays a capture over real TCP: test AMI server → AMI client → call engine (default rules in force).
enum CaptureReplayOverTCP {
    struct Result {
        let events: [EngineEvent]
        let entries: [TimelineEntry]
        let engine: CallEngine
        let endedCalls: [String: Call]

        /// The one call of the capture, as it ended.
        var call: Call? { endedCalls.count == 1 ? endedCalls.values.first : nil }

        /// The intents of one action, in order.
        func intents(_ action: String) -> [ActionIntent] { entries.flatMap(\.intents).filter { $0.action == action } }
    }

    static func defaultGeneration() throws -> RuleGeneration {
        let loaded = RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder])
        guard let ruleSet = loaded.ruleSet else { throw RulesDoNotLoad(errors: loaded.report.errorCount) }
        return RuleGeneration(number: 1, ruleSet: ruleSet)
    }

    struct RulesDoNotLoad: Error { let errors: Int }

    static let config: Value = [
        "pbx": ["id": "pbx1"],
        "bitrix24": ["default_user": 1, "anonymous_number": "anonymous", "country": "RU"],
    ]

    static func run(_ name: String) async throws -> Result {
        try await run(path: "captures/\(name).ami")
    }

    /// Replays the capture at `path` (relative to the repository) with `generation` in force (default rules: nil).
    static func run(path: String, generation: RuleGeneration? = nil) async throws -> Result {
        let capture = try AMICapture(contentsOf: RepositoryFiles.url(path))
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: server.clientConfiguration())
        let engine = CallEngine(
            generation: try generation ?? defaultGeneration(),
            interpreter: RuleInterpreter(config: config, functions: DirectoryPlaceholder.functions)
        )
        let live = LiveEngine(engine: engine)
        let consumer = live.consume(client.events)
        try await client.connect()
        try await live.waitUntilHandled(1)  // FullyBooted after login
        await server.replay(capture)
        try await live.waitUntilHandled(1 + capture.events.count)  // the capture's last event has been modelled
        let result = Result(
            events: await live.events,
            entries: await live.entries,
            engine: await live.engine,
            endedCalls: await live.endedCalls
        )
        await client.close()
        await server.stop()
        _ = await consumer.value
        return result
    }
}
