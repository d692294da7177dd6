import Actions
import Adapters
import Engine
import Foundation
import PortalTestSupport
import RuleDSL
import Simulators
import Synchronization
import TestSupport
import Testing

/// The executor's side of `b24.attach_record`: the request goes to the recordings with the finish's outbox step,
/// handed over before that step reaches the outbox; with recordings off the action fails and is counted.
@Suite("Call pipeline: recordings")
struct PipelineRecordingTests {
    /// What the recordings were handed, and whether the finish was already in the outbox then.
    final class Sink: RecordingSink {
        let outbox: Outbox
        let seen = Mutex<(requests: [RecordingRequest], finishes: [String], finishQueuedBefore: Bool?)>(([], [], nil))

        init(outbox: Outbox) { self.outbox = outbox }

        func submit(_ requests: [RecordingRequest]) async {
            var queued: Bool?
            if let first = requests.first {
                queued = (try? await outbox.state(callKey: first.callKey, step: "finish")) != .unknown
            }
            seen.withLock {
                $0.requests += requests
                $0.finishQueuedBefore = queued
            }
        }

        func finishQueued(callKey: String, step: String) async { seen.withLock { $0.finishes.append(step) } }

        func settle(_ outcome: DeliveryOutcome) async {}
    }

    static func pipeline(_ fixture: PortalFixture, recordings: (any RecordingSink)?) throws -> CallPipeline {
        let ruleSet = try #require(RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder]).ruleSet)
        let config = EngineConfig().expressionValue.merging(["recordings": ["enabled": true]])
        let lookup = UserLookup(overrides: ["201": 201, "202": 202, "203": 203])
        return CallPipeline(
            engine: CallEngine(
                generation: RuleGeneration(number: 1, ruleSet: ruleSet),
                interpreter: RuleInterpreter(config: config, functions: lookup.functions)
            ),
            scheduler: try fixture.scheduler(),
            ami: nil,
            recordings: recordings,
            logger: fixture.logs.logger
        )
    }

    @Test("the recording goes to the recordings with the finish's step, before the finish reaches the outbox")
    func handedOver() async throws {
        try await PortalFixture.withOperators { fixture in
            let sink = Sink(outbox: try Outbox(path: fixture.outboxPath))
            let pipeline = try Self.pipeline(fixture, recordings: sink)
            for message in try AMICapture(contentsOf: RepositoryFiles.capture("answered")).messages {
                await pipeline.handle(message)
            }
            let seen = sink.seen.withLock { $0 }
            #expect(
                seen.requests == [
                    RecordingRequest(
                        callKey: "1795564212.0",
                        file: "/var/spool/asterisk/monitor/1795564212.1.wav",
                        rule: "attach-recording",
                        finishStep: "finish"
                    )
                ]
            )
            #expect(seen.finishes == ["finish"])
            #expect(seen.finishQueuedBefore == false)
        }
    }

    @Test("recordings off: the rule's attach fails, logged with the Linkedid")
    func off() async throws {
        try await PortalFixture.withOperators { fixture in
            let pipeline = try Self.pipeline(fixture, recordings: nil)
            for message in try AMICapture(contentsOf: RepositoryFiles.capture("answered")).messages {
                await pipeline.handle(message)
            }
            let line = fixture.logs.all.first { $0.contains("action failed") && $0.contains("b24.attach_record") }
            #expect(line?.contains("recordings are off") == true && line?.contains("call=1795564212.0") == true)
        }
    }
}
