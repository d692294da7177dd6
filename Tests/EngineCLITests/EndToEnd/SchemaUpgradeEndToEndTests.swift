import Foundation
import Simulators
import TestSupport
import Testing

/// Upgrades: `engine run` opens a state file written by an earlier schema (Fixtures/state-v1.sql, state-v2.sql: what
/// those versions wrote, as `sqlite3 .dump` printed it), migrates it forward, and keeps what it held — the queued
/// commands go out, the calls in progress are restored and settled.
@Suite("end to end: schema upgrades", .serialized)
struct SchemaUpgradeEndToEndTests {
    static let linkedid = ExpectedCall.answered.linkedid

    /// Writes the fixture `name` into the rig's state file with the sqlite3 tool.
    static func install(_ name: String, in rig: EndToEndRig) throws -> String {
        let state = rig.folder.appendingPathComponent("var/switchboard.sqlite")
        try FileManager.default.createDirectory(
            at: state.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        let result = try sqlite(state.path, input: RepositoryFiles.url("Tests/EngineCLITests/Fixtures/\(name)"))
        #expect(result.status == 0, "\(result.output)")
        // As when the engine starts again right after it was killed: the queued commands are minutes old, not as old
        // as the fixture (a card queued over 10 minutes ago expires instead of going out, see "Time-sensitive
        // commands" in the README).
        let fresh = try sqlite(state.path, command: "UPDATE commands SET enqueued_at = unixepoch('now') - 5")
        #expect(fresh.status == 0, "\(fresh.output)")
        return state.path
    }

    /// Runs `sqlite3 path` with `input` (a file) or `command`, returning status and output.
    static func sqlite(
        _ path: String,
        input: URL? = nil,
        command: String? = nil
    ) throws -> (
        status: Int32, output: String
    ) {
        try EngineProcess.tool("/usr/bin/sqlite3", [path] + (command.map { [$0] } ?? []), input: input)
    }

    @Test("schema v2: the call killed while ringing is restored, its queued register and cards go out, it is finished")
    func fromV2() async throws {
        try await EndToEndRig.with { rig in
            _ = try Self.install("state-v2.sql", in: rig)
            rig.answerNoChannels()
            try await rig.startEngine()
            #expect(await rig.awaitFinish(of: Self.linkedid), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            #expect(rig.log.contains("calls left open by the last run restored"), "\(rig.log)")

            let call = rig.journal(of: Self.linkedid)
            let context = rig.describeJournal()
            #expect(call.registers.count == 1, "\(context)")
            #expect(call.registers.first?.params["CALL_START_DATE"]?.stringValue == "2026-11-24T23:50:12+00:00")
            #expect(call.shownUsers == [11, 12, 13], "the queued cards were not shown\n\(context)")
            #expect(call.finishes.count == 1, "\(context)")
            #expect(call.finishes.first?.params["STATUS_CODE"]?.stringValue == "304", "\(context)")
            #expect(rig.calls("telephony.externalcall.searchcrmentities").count == 1, "\(context)")
            for user in EndToEndRig.allUsers {
                #expect(rig.portal.visibleCards(for: user).isEmpty, "card left visible for \(user)\n\(context)")
            }
        }
    }

    @Test("schema v1: migrated to the current schema, its queued register and cards go out")
    func fromV1() async throws {
        try await EndToEndRig.with { rig in
            let state = try Self.install("state-v1.sql", in: rig)
            #expect(try Self.sqlite(state, command: ".tables").output.contains("calls") == false)
            rig.answerNoChannels()
            try await rig.startEngine()
            let delivered = await eventually(timeout: .seconds(20)) {
                rig.journal(of: Self.linkedid).shownUsers == [11, 12, 13]
            }
            #expect(delivered, "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            #expect(rig.journal(of: Self.linkedid).registers.count == 1, "\(rig.describeJournal())")
            let migrations = try Self.sqlite(state, command: "select identifier from grdb_migrations").output
            for name in ["v1: commands", "v2: calls", "v3: recording jobs", "v4: quarantine", "v5: queue members"] {
                #expect(migrations.contains(name), "\(migrations)")
            }
            #expect(try Self.sqlite(state, command: ".tables").output.contains("queue_members"))
            let queued = try Self.sqlite(state, command: "select count(*) from commands").output
            #expect(queued.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "left in the outbox: \(queued)")
        }
    }
}
