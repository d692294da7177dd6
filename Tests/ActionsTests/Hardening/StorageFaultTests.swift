import Actions
import Adapters
import Foundation
import GRDB
import PortalTestSupport
import Simulators
import TestSupport
import Testing

/// Item 6 of the hardening issue, storage faults: a full disk (SQLite `max_page_count`) and a database locked by
/// another process during a replay lose no command — they are held in memory, retried, reported — and afterwards every
/// call is registered, carded and finished exactly once; an unreadable outbox row is quarantined at start; a corrupt
/// file is refused with a clear message.
@Suite("Storage faults (hardening item 6)")
struct StorageFaultTests {
    static let calls = 0..<12

    /// Every call registered once, its card shown once, finished once, in order; no live call, no card left shown.
    static func expectEveryCallOnce(_ fixture: PortalFixture, sourceLocation: SourceLocation = #_sourceLocation) {
        let audit = JournalAudit(fixture.portal.journal)
        for index in calls {
            let key = SyntheticCalls.callKey(index)
            #expect(audit.callIDs[key]?.count == 1, "one register for \(key)", sourceLocation: sourceLocation)
            #expect(audit.count("telephony.externalcall.show", call: key) == 1, sourceLocation: sourceLocation)
            #expect(audit.count("telephony.externalcall.finish", call: key) == 1, sourceLocation: sourceLocation)
            #expect(audit.orderProblems(call: key) == [], sourceLocation: sourceLocation)
            let leads = fixture.portal.crmEntities(type: "LEAD").filter {
                $0.phones.contains(SyntheticCalls.phone(index))
            }
            #expect(leads.count == 1, "one lead for \(key)", sourceLocation: sourceLocation)
        }
        #expect(fixture.portal.liveCalls.isEmpty, sourceLocation: sourceLocation)
        for user in fixture.operators {
            #expect(fixture.portal.visibleCards(for: user).isEmpty, sourceLocation: sourceLocation)
        }
    }

    @Test("storage faults: a full disk during a replay holds commands in memory; afterwards each call once")
    func storageFaultsDiskFullDuringAReplay() async throws {
        try await PortalFixture.withOperators { fixture in
            let outbox = try Outbox(path: fixture.outboxPath)
            let scheduler = try fixture.scheduler(
                PortalFixture.fastDelivery(rateLimit: .init(burst: 50, perSecond: 50)),
                outbox: outbox
            )
            try await scheduler.withRunning {
                // The first calls go through; then the disk is "full": the file may not grow by a page.
                for index in Self.calls.prefix(2) {
                    try await scheduler.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .full)
                    )
                }
                try await outbox.limitSize(toPages: 1)
                for index in Self.calls.dropFirst(2) {
                    try await scheduler.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .full)
                    )
                }
                let held = await eventually { await scheduler.storageProblem != nil }
                #expect(held, "the failing outbox is reported (what /healthz names `storage`)")
                #expect(await scheduler.pendingCount > 0, "held commands count as pending")
                #expect(fixture.logs.all.contains { $0.contains("commands held in memory") && $0.contains("full") })
                // SQLite's error quotes a statement written over several lines: the log line stays one line.
                let problem = try #require(await scheduler.storageProblem)
                #expect(problem.contains("INSERT INTO commands") && !problem.contains("\n"), "\(problem)")
                // The disk has room again: the held commands are written and delivered, in order.
                try await outbox.limitSize(toPages: nil)
                #expect(await drained(scheduler, timeout: .seconds(30)))
                #expect(await scheduler.storageProblem == nil)
            }
            Self.expectEveryCallOnce(fixture)
            #expect(try await outbox.pendingCount() == 0)
            #expect(try await outbox.deadLetters().isEmpty)
        }
    }

    @Test("storage faults: a database locked by another process during a replay; afterwards each call once")
    func storageFaultsLockedDatabaseDuringAReplay() async throws {
        try await PortalFixture.withOperators { fixture in
            let outbox = try Outbox(path: fixture.outboxPath, busyTimeout: 0.1)
            let scheduler = try fixture.scheduler(
                PortalFixture.fastDelivery(rateLimit: .init(burst: 50, perSecond: 50)),
                outbox: outbox
            )
            // Another process (here: another connection) holds the write lock.
            var unsafe = Configuration()
            unsafe.allowsUnsafeTransactions = true  // it holds the lock across accesses on purpose
            unsafe.busyMode = .timeout(10)  // waits for a write of the scheduler's to end, then takes the lock
            let intruder = try DatabaseQueue(path: fixture.outboxPath, configuration: unsafe)
            try await scheduler.withRunning {
                try await scheduler.enqueue(
                    SyntheticCalls.commands(index: 0, operators: fixture.operators, script: .full)
                )
                try await intruder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
                for index in Self.calls.dropFirst() {
                    try await scheduler.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .full)
                    )
                }
                #expect(await eventually { await scheduler.storageProblem?.contains("locked") == true })
                #expect(await scheduler.pendingCount > 0)
                try await intruder.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
                #expect(await drained(scheduler, timeout: .seconds(30)))
                #expect(await scheduler.storageProblem == nil)
            }
            Self.expectEveryCallOnce(fixture)
            #expect(try await outbox.pendingCount() == 0)
        }
    }

    @Test("storage faults: unreadable outbox rows are quarantined at start, not a crash loop")
    func storageFaultsUnreadableRowIsQuarantined() async throws {
        try await PortalFixture.withOperators { fixture in
            do {
                let outbox = try Outbox(path: fixture.outboxPath)
                for index in 0..<3 {
                    _ = try await outbox.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .full)
                    )
                }
            }
            // Damage two rows of call 2 the way a bad disk or a hand edit would: a payload that is not JSON, a number
            // column holding a blob (GRDB's non-throwing subscript would trap on it).
            let raw = try DatabaseQueue(path: fixture.outboxPath)
            let key = SyntheticCalls.callKey(2)
            try await raw.write { db in
                try db.execute(
                    sql: "UPDATE commands SET payload = 'not json' WHERE call_key = ? AND step = 'show'",
                    arguments: [key]
                )
                try db.execute(
                    sql: "UPDATE commands SET not_before = x'00ff' WHERE call_key = ? AND step = 'hide'",
                    arguments: [key]
                )
            }
            let scheduler = try fixture.scheduler(
                PortalFixture.fastDelivery(rateLimit: .init(burst: 50, perSecond: 50))
            )
            try await scheduler.withRunning {
                #expect(await drained(scheduler))
            }
            let outbox = try Outbox(path: fixture.outboxPath)
            #expect(try await outbox.quarantinedCount() == 2)
            #expect(fixture.logs.all.filter { $0.contains("moved to the quarantine table") }.count == 2)
            let audit = JournalAudit(fixture.portal.journal)
            for index in 0..<3 {
                let call = SyntheticCalls.callKey(index)
                #expect(audit.callIDs[call]?.count == 1)
                #expect(audit.count("telephony.externalcall.finish", call: call) == 1)
            }
            // A second start finds nothing left to quarantine.
            let again = try fixture.scheduler(PortalFixture.fastDelivery())
            try await again.withRunning { #expect(await again.pendingCount == 0) }
            #expect(try await outbox.quarantinedCount() == 2)
        }
    }

    @Test("storage faults: unreadable recording jobs are reported and skipped, the readable one loads")
    func storageFaultsUnreadableRecordingJobs() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let store = RecordingJobStore(outbox: try Outbox(path: path))
        let job = RecordingJob(callKey: "1795564212.0", began: Date(), workDirectory: folder.path, bitrate: 64)
        try store.save(job)
        // A payload that is not UTF-8 (GRDB's non-throwing subscript traps on it) and one that is not JSON.
        let raw = try DatabaseQueue(path: path)
        try await raw.write { db in
            try db.execute(sql: "INSERT INTO recording_jobs VALUES ('bad.1', x'00ff', 0), ('bad.2', 'not json', 0)")
        }
        var unreadable: [String] = []
        let loaded = try store.load { key, _ in unreadable.append(key) }
        #expect(loaded.map(\.callKey) == ["1795564212.0"])
        #expect(unreadable.sorted() == ["bad.1", "bad.2"])
    }

    @Test("storage faults: a corrupt state file is refused at start with a clear message and left untouched")
    func storageFaultsCorruptDatabaseIsDetected() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Not a database at all.
        let garbage = folder.appendingPathComponent("garbage.sqlite")
        let noise = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try noise.write(to: garbage)
        let refused = #expect(throws: OutboxError.self) { _ = try Outbox(path: garbage.path) }
        #expect(refused?.isCorrupt == true)
        #expect(
            refused?.description.contains("not a SQLite database or is damaged") == true,
            "\(String(describing: refused))"
        )
        #expect(try Data(contentsOf: garbage) == noise, "left untouched")

        // A real outbox whose pages were overwritten (a bad sector).
        let damaged = folder.appendingPathComponent("damaged.sqlite")
        do {
            let outbox = try Outbox(path: damaged.path)
            for index in 0..<40 {
                _ = try await outbox.enqueue(SyntheticCalls.commands(index: index, operators: [1, 2], script: .full))
            }
        }
        let raw = try DatabaseQueue(path: damaged.path)
        try await raw.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try raw.close()
        var bytes = try Data(contentsOf: damaged)
        #expect(bytes.count > 4 * 4096)
        for offset in (2 * 4096)..<(4 * 4096) { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 13) }
        try bytes.write(to: damaged)
        let corrupt = #expect(throws: OutboxError.self) { _ = try Outbox(path: damaged.path) }
        #expect(corrupt?.isCorrupt == true, "\(String(describing: corrupt))")
    }
}
