import Actions
import Engine
import Foundation
import GRDB
import RuleDSL
import Testing

/// Engine queues keep per-member idle times and pauses in the engine's SQLite file across a restart.
@Suite struct QueueMemberStoreTests {
    static let sales = QueueSpec(
        name: "sales",
        members: ["A", "B", "C"].map { QueueMemberSpec(name: $0, dial: "PJSIP/\($0)") },
        ringSeconds: 15
    )
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("queues-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("switchboard.sqlite").path
    }

    static func offered(_ actions: [QueueAction]) -> [String] {
        actions.compactMap {
            guard case .dial(let attempt) = $0 else { return nil }
            return attempt.members.map(\.name).joined(separator: "&")
        }
    }

    @Test("idle times and pauses saved by one engine order the offers of the next one")
    func idleTimesAndPausesSurviveARestart() async throws {
        let path = try temporaryPath()
        do {
            var machine = QueueStateMachine(queues: [Self.sales])
            // A talks 0–300, B talks 10–100: B has been idle longest afterwards; C pauses.
            #expect(Self.offered(machine.callArrived("1", queue: "sales", at: Self.start)) == ["A"])
            _ = machine.attemptEnded("1", status: .answer, at: Self.start)
            #expect(Self.offered(machine.callArrived("2", queue: "sales", at: Self.start + 10)) == ["B"])
            _ = machine.attemptEnded("2", status: .answer, at: Self.start + 10)
            _ = machine.callEnded("2", at: Self.start + 100)
            _ = machine.callEnded("1", at: Self.start + 300)
            _ = machine.pauseChanged("PJSIP/C", paused: true, reason: "lunch", at: Self.start + 301)
            let store = try await QueueMemberStore(outbox: try Outbox(path: path))
            try await store.save(machine.memberRecords)
        }
        let reopened = try await QueueMemberStore(outbox: try Outbox(path: path))
        let records = try await reopened.load()
        #expect(
            records == [
                QueueMemberRecord(device: "PJSIP/A", idleSince: Self.start + 300, isPaused: false, pauseReason: nil),
                QueueMemberRecord(device: "PJSIP/B", idleSince: Self.start + 100, isPaused: false, pauseReason: nil),
                QueueMemberRecord(device: "PJSIP/C", idleSince: nil, isPaused: true, pauseReason: "lunch"),
            ]
        )
        var restarted = QueueStateMachine(queues: [Self.sales])
        restarted.restore(records)
        // Without the saved state C (never called) would come first; C is paused and B idle longer than A.
        let first = restarted.callArrived("3", queue: "sales", at: Self.start + 400)
        #expect(Self.offered(first) == ["B"])
        let second = restarted.attemptEnded("3", status: .noAnswer, at: Self.start + 415)
        #expect(Self.offered(second) == ["A"])

        let database = try DatabaseQueue(path: path)
        let rows = try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM queue_members") }
        #expect(rows == 3)
    }

    @Test("saving again replaces a member's row instead of adding one")
    func savingReplacesRows() async throws {
        let path = try temporaryPath()
        let store = try await QueueMemberStore(outbox: try Outbox(path: path))
        try await store.save([QueueMemberRecord(device: "PJSIP/A", idleSince: nil, isPaused: true, pauseReason: "x")])
        try await store.save([
            QueueMemberRecord(device: "PJSIP/A", idleSince: Self.start, isPaused: false, pauseReason: nil)
        ])
        #expect(
            try await store.load() == [
                QueueMemberRecord(device: "PJSIP/A", idleSince: Self.start, isPaused: false, pauseReason: nil)
            ]
        )
    }
}
