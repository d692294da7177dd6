import Actions
import Adapters
import Engine
import Foundation
import GRDB
import RuleDSL
import Testing

/// The calls in progress in the outbox's SQLite file: saved, replaced, removed, and read back after reopening.
@Suite("Call state store (SQLite file)")
struct CallStateStoreTests {
    func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callstate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("switchboard.sqlite").path
    }

    static let started = Date(timeIntervalSinceReferenceDate: 786_000_000.123456)

    /// An answered inbound call with every field set: results landed and pending, rings, vars of every kind.
    static func answered(_ id: String) -> SavedCall {
        let leadID = DeferredReference(["call", "lead", "id"])
        let member = CallMember(
            interface: "Local/201@agents",
            extension: "201",
            channel: "Local/201@agents-00000001;1",
            uniqueid: "\(id)2"
        )
        return SavedCall(
            id: id,
            originUniqueid: id,
            originBase: "PJSIP/trunk-00000001",
            direction: .inbound,
            caller: "79161234567",
            callerReported: true,
            callee: nil,
            did: "74951112233",
            queue: "sales",
            startedAt: started,
            hasStarted: true,
            firstAnsweredAt: started.addingTimeInterval(4.75),
            answeredBy: "201",
            answeringMember: member,
            recording: "/var/spool/asterisk/monitor/\(id).wav",
            rings: [
                SavedCall.Ring(
                    id: "\(id)2",
                    member: member,
                    queue: "sales",
                    isRinging: false,
                    deviceUniqueids: ["\(id)4", "\(id)3"],
                    hasAnswered: true
                ),
                SavedCall.Ring(
                    id: "\(id)5",
                    member: CallMember(channel: "PJSIP/202-00000005", uniqueid: "\(id)5"),
                    queue: "sales",
                    isRinging: true
                ),
            ],
            legIDs: [id, "\(id)2", "\(id)3"],
            callerGone: false,
            bindings: [
                "b24": ["call_id": "externalCall.X", "crm": ["id": 7, "type": "LEAD"]],
                "lead": .deferred(.reference(DeferredReference(["call", "lead"]))),
                "note": .deferred(.concatenation(["lead ", .deferred(.reference(leadID))])),
            ],
            vars: ["attempt": 2, "ratio": 2.0, "vip": true, "tags": ["a", nil], "none": .null]
        )
    }

    static func outbound(_ id: String) -> SavedCall {
        SavedCall(
            id: id,
            originUniqueid: id,
            originBase: "PJSIP/201-00000007",
            direction: .outbound,
            caller: "201",
            callerReported: true,
            callee: "79160000000",
            startedAt: started,
            legIDs: [id]
        )
    }

    @Test("saved calls come back equal after reopening the file; the v2 migration made the table")
    func roundTripAcrossReopen() async throws {
        let path = try temporaryPath()
        let calls = [Self.answered("1795564212.0"), Self.outbound("1795564300.7")]
        do {
            let store = try await CallStateStore(outbox: try Outbox(path: path))
            try await store.save(calls)
            #expect(try await store.count() == 2)
        }
        let reopened = try await CallStateStore(outbox: try Outbox(path: path))
        let loaded = try await reopened.load()
        #expect(loaded == calls.sorted { $0.id < $1.id })
        let database = try DatabaseQueue(path: path)
        try await database.read { db in
            #expect(
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                    == [
                        "v1: commands, delivered, dead letters", "v2: calls", "v3: recording jobs", "v4: quarantine",
                        "v5: queue members",
                    ]
            )
            let payload = try String.fetchOne(db, sql: "SELECT payload FROM calls WHERE id = '1795564212.0'") ?? ""
            #expect(payload.contains(#""call_id":"externalCall.X""#) && payload.contains(#""b24":{"#))
            #expect(payload.contains(#""lead":{"$deferred":["call","lead"]}"#))
        }
    }

    @Test("saving again replaces the call and its time; remove forgets it; unknown ids are ignored")
    func upsertAndRemove() async throws {
        let path = try temporaryPath()
        let store = try await CallStateStore(outbox: try Outbox(path: path))
        var call = Self.answered("A")
        try await store.save([call, Self.outbound("B")], at: Date(timeIntervalSince1970: 100))
        call.answeredBy = "203"
        call.bindings["b24"] = ["call_id": "externalCall.Y"]
        try await store.save([call], at: Date(timeIntervalSince1970: 200))
        #expect(try await store.load() == [call, Self.outbound("B")])
        let database = try DatabaseQueue(path: path)
        let updated = try await database.read {
            try Double.fetchOne($0, sql: "SELECT updated_at FROM calls WHERE id = 'A'")
        }
        #expect(updated == 200)
        try await store.remove(["B", "never-saved"])
        #expect(try await store.load().map(\.id) == ["A"])
        try await store.remove(["A"])
        #expect(try await store.load().isEmpty)
        #expect(try await store.count() == 0)
    }

    @Test("the outbox and the calls share one file without getting in each other's way")
    func sharesTheOutboxFile() async throws {
        let path = try temporaryPath()
        let outbox = try Outbox(path: path)
        let store = try await CallStateStore(outbox: outbox)
        #expect(
            try await outbox.enqueue(SyntheticCalls.commands(index: 1, operators: [100], script: .full)).entries.count
                > 0
        )
        try await store.save([Self.outbound("C")])
        #expect(try await outbox.pendingCount() > 0)
        #expect(try await store.load() == [Self.outbound("C")])
    }

    @Test("a damaged row is skipped and reported with its id; the others load")
    func unreadableRow() async throws {
        let path = try temporaryPath()
        let store = try await CallStateStore(outbox: try Outbox(path: path))
        try await store.save([Self.outbound("good")])
        let database = try DatabaseQueue(path: path)
        try await database.write { db in
            try db.execute(sql: "INSERT INTO calls (id, payload, updated_at) VALUES ('bad', '{\"id\": 1', 0)")
            let misfiled = String(decoding: try JSONEncoder().encode(Self.outbound("good")), as: UTF8.self)
            try db.execute(
                sql: "INSERT INTO calls (id, payload, updated_at) VALUES ('other', ?, 0)",
                arguments: [misfiled]
            )
        }
        var unreadable: [CallStateStore.UnreadableCall] = []
        let loaded = try await store.load { unreadable.append($0) }
        #expect(loaded == [Self.outbound("good")])
        #expect(unreadable.map(\.id) == ["bad", "other"])
        #expect(unreadable.last?.detail == "the payload is call good")
    }

    @Test("after a restart: load, restore, resync with no channels → the answered call ends once, bindings kept")
    func restartEndsTheCall() async throws {
        let path = try temporaryPath()
        do {
            try await CallStateStore(outbox: try Outbox(path: path)).save([Self.answered("L1"), Self.outbound("L2")])
        }
        let loaded = try await CallStateStore(outbox: try Outbox(path: path)).load()
        var model = CallModel()
        model.restore(loaded)
        let now = Self.started.addingTimeInterval(64.75)
        let events = model.resynchronize(channels: [], at: now)
        let ended = events.filter { $0.name == "call.ended" }
        #expect(ended.map(\.callID) == ["L1", "L2"])
        #expect(ended.first?.kind == .ended(cause: "lost", answered: true, talkSeconds: 60))
        #expect(ended.last?.kind == .ended(cause: "lost", answered: false, talkSeconds: 0))
        // L1's phone 202 was still ringing: its card is to be hidden.
        #expect(events.filter { $0.name == "call.ring_stopped" }.map(\.callID) == ["L1"])
        guard case .map(let fields)? = model.lastEnded["L1"]?.snapshot(at: now) else {
            Issue.record("no snapshot of L1")
            return
        }
        #expect(fields["b24"] == ["call_id": "externalCall.X", "crm": ["id": 7, "type": "LEAD"]])
        #expect(fields["answered_by"] == "201")
    }
}
