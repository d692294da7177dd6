import Actions
import Adapters
import Foundation
import GRDB
import PortalTestSupport
import Testing

@Suite("Durable outbox (SQLite file)")
struct OutboxTests {
    func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "outbox-unit-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("outbox.sqlite").path
    }

    @Test("WAL journal, synchronous=NORMAL, schema through the migrator")
    func pragmas() async throws {
        let path = try temporaryPath()
        _ = try Outbox(path: path)
        let database = try DatabaseQueue(path: path)
        try await database.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            #expect(
                migrations == [
                    "v1: commands, delivered, dead letters", "v2: calls", "v3: recording jobs", "v4: quarantine",
                    "v5: queue members",
                ]
            )
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            #expect(tables.contains("commands") && tables.contains("delivered") && tables.contains("dead_letters"))
            #expect(tables.contains("recording_jobs") && tables.contains("quarantine"))
        }
        // synchronous is per connection: the outbox's own connections set it.
        let outbox = try Outbox(path: path)
        #expect(try await outbox.pendingCount() == 0)
    }

    @Test("Commands survive reopening, in order; enqueueing the same step again is a no-op")
    func durableAndIdempotent() async throws {
        let path = try temporaryPath()
        let commands = SyntheticCalls.commands(index: 1, operators: [100, 101], script: .full)
        do {
            let outbox = try Outbox(path: path)
            #expect(try await outbox.enqueue(commands).entries.count == commands.count)
            #expect(try await outbox.enqueue(commands).entries.isEmpty)
        }
        let reopened = try Outbox(path: path)
        let pending = try await reopened.pending()
        #expect(pending.map(\.command) == commands)
        #expect(pending.map(\.id) == pending.map(\.id).sorted())
    }

    @Test("A register without EXTERNAL_CALL_ID, a lead without a phone, an unknown dependency are refused")
    func validation() async throws {
        let outbox = try Outbox(path: try temporaryPath())
        let bareRegister = DeliveryCommand(
            callKey: "a",
            step: "register",
            method: "telephony.externalcall.register",
            params: ["USER_ID": 1, "PHONE_NUMBER": "+1", "TYPE": 2]
        )
        await #expect(throws: DeliveryCommandError.missingExternalCallID(callKey: "a")) {
            try await outbox.enqueue([bareRegister])
        }
        let lead = DeliveryCommand(callKey: "a", step: "lead", method: "crm.lead.add")
        await #expect(throws: DeliveryCommandError.leadWithoutPhone(callKey: "a", step: "lead")) {
            try await outbox.enqueue([lead])
        }
        let orphanShow = DeliveryCommand.show(callKey: "b", step: "show", userIDs: [1])
        await #expect(
            throws: DeliveryCommandError.unknownDependency(callKey: "b", step: "show", dependsOn: "register")
        ) {
            try await outbox.enqueue([orphanShow])
        }
        var secondRegister = DeliveryCommand.register(callKey: "a", params: ["USER_ID": 1])
        secondRegister.step = "register-again"
        await #expect(throws: DeliveryCommandError.self) { try await outbox.enqueue([secondRegister]) }
        #expect(try await outbox.pendingCount() == 0)
        // The typed constructor fills EXTERNAL_CALL_ID from the call key.
        #expect(DeliveryCommand.register(callKey: "k1", params: [:]).params["EXTERNAL_CALL_ID"] == "k1")
    }

    @Test("Commands are plain Codable values")
    func codable() throws {
        let command = DeliveryCommand.show(callKey: "c", step: "show", userIDs: [5, 7])
        let decoded = try JSONDecoder().decode(DeliveryCommand.self, from: JSONEncoder().encode(command))
        #expect(decoded == command)
        #expect(decoded.bindings["CALL_ID"] == .callID)
        #expect(decoded.kind == .show)
    }

    @Test("A file that is not a database is a typed error, not a crash")
    func garbageFile() throws {
        let path = try temporaryPath()
        try Data("this is not sqlite at all, just text that goes on and on".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: OutboxError.self) { _ = try Outbox(path: path) }
    }
}

@Suite("Outbox housekeeping")
struct OutboxHousekeepingTests {
    @Test("Results of finished calls can be forgotten; those of calls with pending steps are kept")
    func forget() async throws {
        try await PortalFixture.withOperators { fixture in
            let scheduler = try fixture.scheduler()
            try await scheduler.withRunning {
                try await scheduler.enqueue(
                    SyntheticCalls.commands(index: 0, operators: fixture.operators, script: .ring)
                )
                #expect(await drained(scheduler))
            }
            let outbox = try Outbox(path: fixture.outboxPath)
            let finish = DeliveryCommand.finish(callKey: SyntheticCalls.callKey(0), params: ["USER_ID": 100])
            let enqueued = try await outbox.enqueue([finish])
            #expect(enqueued.entries.count == 1)
            // The finish reads the register's CALL_ID: the same transaction returned its stored result.
            #expect(enqueued.results[SyntheticCalls.callKey(0)]?["register"]?["CALL_ID"] != nil)
            // The call still has a pending finish: its results stay.
            #expect(try await outbox.forgetDelivered(before: Date().addingTimeInterval(60)) == 0)
            #expect(try await outbox.deliveredResult(callKey: SyntheticCalls.callKey(0), step: "register") != nil)
        }
    }
}
