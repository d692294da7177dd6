import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import TestSupport

/// The recordings over the real delivery: an outbox file, a running scheduler against the fake portal, a
/// ``RecordingService`` with the real `lame`, settled commands routed back to it as the daemon routes them — all
/// children of one task group, cancelled when the body returns (what is under way stays in the outbox file).
struct RecordingFixture: Sendable {
    let delivery: PortalFixture
    let scheduler: PortalScheduler
    let service: RecordingService
    let recordings: URL
    let work: URL

    static let timing = RecordingJob.Timing(settle: 0.1, maxWait: 2, finishWait: 3)

    /// Runs `body` with the recordings running over `delivery`'s portal and outbox file (a second call on the same
    /// `delivery` is a restart); `encoder` replaces `lame`.
    static func with<T: Sendable>(
        _ delivery: PortalFixture,
        inlineLimit: Int = 1 << 20,
        keepWAV: Bool = true,
        encoder: any MP3Encoder = LameExecutable(),
        directory: String? = nil,
        timing: RecordingJob.Timing = timing,
        _ body: (RecordingFixture) async throws -> T
    ) async throws -> T {
        let recordings = delivery.directory.appendingPathComponent("monitor")
        let work = delivery.directory.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        let scheduler = try delivery.scheduler(PortalFixture.fastDelivery(maxAttempts: 3))
        let service = RecordingService(
            settings: RecordingSettings(
                locator: RecordingLocator(directory: directory ?? recordings.path),
                encoder: encoder,
                workDirectory: work.path,
                concurrency: 2,
                timing: timing,
                inlineLimit: inlineLimit,
                keepWAV: keepWAV
            ),
            scheduler: scheduler,
            logger: delivery.logs.logger
        )
        try await service.restore()  // before the scheduler runs, as the daemon does
        let fixture = RecordingFixture(
            delivery: delivery,
            scheduler: scheduler,
            service: service,
            recordings: recordings,
            work: work
        )
        return try await scheduler.withRunning {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await service.run() }
                group.addTask {
                    for await outcomes in scheduler.outcomes {
                        for outcome in outcomes where outcome.command.kind == .attachRecord {
                            await service.settle(outcome)
                        }
                    }
                }
                defer { group.cancelAll() }
                return try await body(fixture)
            }
        }
    }

    /// Queues register … finish of synthetic call `index` and waits until the portal finished it; returns its key.
    func finishedCall(_ index: Int) async throws -> String {
        let key = SyntheticCalls.callKey(index)
        try await scheduler.enqueue(SyntheticCalls.commands(index: index, operators: delivery.operators, script: .full))
        _ = await eventually(timeout: .seconds(20)) {
            self.delivery.portal.journal.contains {
                $0.method == "telephony.externalcall.finish" && $0.status == 200
                    && $0.params["CALL_ID"]?.stringValue == self.callID(key)
            }
        }
        return key
    }

    /// The CALL_ID the portal gave call `key`.
    func callID(_ key: String) -> String? {
        delivery.portal.journal.first {
            $0.method == "telephony.externalcall.register" && $0.status == 200
                && $0.params["EXTERNAL_CALL_ID"]?.stringValue == key
        }?.result?["CALL_ID"]?.stringValue
    }

    /// Writes a tone as `name` in the recordings folder; returns its path.
    @discardableResult
    func writeWAV(
        _ name: String,
        _ tone: WAVTone = WAVTone(seconds: 3),
        declaredDataSize: UInt32? = nil
    ) throws -> String {
        let url = recordings.appendingPathComponent(name)
        try tone.write(to: url, declaredDataSize: declaredDataSize)
        return url.path
    }

    /// The record the portal holds for call `key`.
    func record(_ key: String) -> FakeBitrix24Record? {
        callID(key).flatMap { delivery.portal.finishedCall($0)?.record }
    }

    /// Journal entries of attachRecord and upload for call `key`'s CALL_ID (uploads: all).
    func attaches(_ key: String) -> [FakeBitrix24JournalEntry] {
        let id = callID(key)
        return delivery.portal.journal.filter {
            $0.method == "telephony.externalcall.attachrecord" && $0.params["CALL_ID"]?.stringValue == id
        }
    }

    /// Log lines of the recordings for `key` saying `text`.
    func logs(_ text: String, _ key: String) -> [String] {
        delivery.logs.all.filter { $0.contains(text) && $0.contains("call=\(key)") }
    }

    /// Files left in the work folder.
    var leftovers: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []
    }
}
