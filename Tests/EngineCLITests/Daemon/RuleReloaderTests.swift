import Actions
import Adapters
import Engine
import Foundation
import Logging
import RuleDSL
import Simulators
import SwitchboardDaemon
import Synchronization
import TestSupport
import Testing

/// The reloader in process, over a real pipeline: a reload in the middle of a call changes nothing the call does, a
/// broken folder keeps the rules in force, and concurrent requests are all answered by reloads that started after them.
@Suite("Rule reloader")
struct RuleReloaderTests {
    /// A copy of the default rules in a temporary folder, a pipeline (no portal: Bitrix24 actions are only traced)
    /// and its reloader.
    struct Fixture {
        let folder: URL
        let pipeline: CallPipeline
        let reloader: RuleReloader
        let intents: IntentLog

        init() async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("reloader-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.rulesFolder)
            where name.hasSuffix(".yaml") {
                try FileManager.default.copyItem(
                    at: RepositoryFiles.url("rules/\(name)"),
                    to: folder.appendingPathComponent(name)
                )
            }
            let (loaded, report, cache) = RuleReloader.initialLoad(path: folder.path)
            let ruleSet = try #require(loaded.ruleSet)
            #expect(report.succeeded && report.generation == 1)
            pipeline = CallPipeline(
                engine: CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet)),
                scheduler: nil,
                ami: nil,
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            reloader = RuleReloader(
                path: folder.path,
                pipeline: pipeline,
                health: HealthRegistry(),
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                initial: report,
                cache: cache
            )
            let intents = IntentLog()
            self.intents = intents
            await pipeline.observe { entry in intents.append(entry.intents) }
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    /// The intents of the default rules over `capture`, without any reload.
    static func reference(_ capture: String) throws -> [ActionIntent] {
        let ruleSet = try #require(RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder]).ruleSet)
        var engine = CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet))
        return CaptureReplay.run(try RepositoryFiles.bytes("captures/\(capture).ami"), engine: &engine)
            .flatMap(\.intents)
    }

    @Test("a reload between two halves of a call: the same intents as without it; the new generation is in force")
    func reloadMidCall() async throws {
        let fixture = try await Fixture()
        defer { fixture.remove() }
        let events = try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events
        let half = events.count / 2
        await fixture.pipeline.handle(Array(events[..<half]), arrival: Date())
        let report = await fixture.reloader.reload(trigger: "test")
        #expect(report.succeeded)
        #expect(report.generation == 2)
        #expect(await fixture.pipeline.generationNumber == 2)
        await fixture.pipeline.handle(Array(events[half...]), arrival: Date())
        #expect(fixture.intents.all == (try Self.reference("answered")))
    }

    @Test("a broken file: rejected with its positioned error, the generation in force stays; the fix goes in")
    func brokenKeepsRules() async throws {
        let fixture = try await Fixture()
        defer { fixture.remove() }
        let broken = fixture.folder.appendingPathComponent("35-broken.yaml")
        try "version: 1\nrules:\n  - id: x\n    on: call.ended\n    when: call.direction ==\n    do: []\n".write(
            to: broken,
            atomically: true,
            encoding: .utf8
        )
        let rejected = await fixture.reloader.reload(trigger: "test")
        #expect(!rejected.succeeded)
        #expect(rejected.generation == 1)
        #expect(rejected.text.contains("35-broken.yaml:5:"), "\(rejected.text)")
        #expect(await fixture.pipeline.generationNumber == 1)
        #expect(await fixture.reloader.inForce.generation == 1)
        #expect(await fixture.reloader.last.succeeded == false)
        try FileManager.default.removeItem(at: broken)
        let accepted = await fixture.reloader.reload(trigger: "test")
        #expect(accepted.succeeded)
        #expect(accepted.generation == 2)
        #expect(await fixture.reloader.inForce.generation == 2)
    }

    @Test("concurrent requests: all answered by reloads that started after them, never more reloads than requests")
    func concurrent() async throws {
        let fixture = try await Fixture()
        defer { fixture.remove() }
        let reports = await withTaskGroup(of: ReloadReport.self) { group in
            for _ in 0..<8 { group.addTask { await fixture.reloader.reload(trigger: "test") } }
            var reports: [ReloadReport] = []
            for await report in group { reports.append(report) }
            return reports
        }
        #expect(reports.count == 8)
        #expect(reports.allSatisfy { $0.succeeded && $0.generation >= 2 })
        let generation = await fixture.pipeline.generationNumber
        #expect((2...9).contains(generation))
        #expect(Set(reports.map(\.generation)).count == generation - 1, "one report per reload run")
    }
}

/// The intents a pipeline's timeline carried, in order.
final class IntentLog: Sendable {
    private let intents = Mutex<[ActionIntent]>([])

    func append(_ more: [ActionIntent]) { intents.withLock { $0 += more } }

    var all: [ActionIntent] { intents.withLock { $0 } }
}
