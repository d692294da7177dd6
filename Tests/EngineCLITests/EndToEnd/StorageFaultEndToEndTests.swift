import Foundation
import Simulators
import TestSupport
import Testing

/// Item 6 of the hardening issue through the real daemon: while another process (the `sqlite3` tool) holds the state
/// file's write lock during a replay, `engine run` holds the commands in memory, says so in its log and on `/healthz`
/// (`storage`), and once the lock is gone every call is registered, carded and finished exactly once.
@Suite("end to end: storage faults", .serialized)
struct StorageFaultEndToEndTests {
    static let calls: [ExpectedCall] = [.answered, .noanswerOverflow, .abandon]

    /// A `sqlite3` process holding the write lock of `path` (`BEGIN EXCLUSIVE`) until ``release()``; it returns
    /// once the lock is held (the process says so), so nothing of the engine's is written after it.
    final class LockHolder {
        let process = Process()
        let input = Pipe()
        let output = Pipe()

        init(path: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [path]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Waits up to 10 s for a write of the engine's to end, then holds the lock and says so (or quits).
            input.fileHandleForWriting.write(
                Data(".bail on\n.timeout 10000\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n".utf8)
            )
            // Blocks for at most the 10 s above: sqlite3 then holds the lock or has given up and says why.
            var said = ""
            while !said.contains("locked") {
                let data = output.fileHandleForReading.availableData
                guard !data.isEmpty else { throw LockNotTaken(said: said) }
                said += String(decoding: data, as: UTF8.self)
            }
        }

        func release() {
            input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    /// `sqlite3` ended before it said it holds the lock.
    struct LockNotTaken: Error, CustomStringConvertible {
        let said: String
        var description: String { "sqlite3 did not take the state file's lock (it said: \(said))" }
    }

    /// The components `/healthz` names failing (none when it answers 200).
    static func failing(_ admin: AdminEndpoint) async -> [String] {
        guard let health = try? await admin.get("/healthz") else { return ["(no answer)"] }
        let json = (try? JSONSerialization.jsonObject(with: Data(health.body.utf8))) as? [String: Any]
        return health.status == 200 ? [] : json?["failing"] as? [String] ?? ["(unreadable)"]
    }

    @Test("storage faults: the state file locked by another process during a replay — held, reported, each call once")
    func storageFaultsLockedStateFileDuringAReplay() async throws {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            let admin = AdminEndpoint(port: try #require(AdminEndpoint.port(inLog: rig.log), "no admin port"))
            let state = rig.folder.appendingPathComponent("var/switchboard.sqlite").path
            let lock = try LockHolder(path: state)
            try await rig.replay(Self.calls[0].capture)
            // The writes wait out the 5 s busy timeout and fail: the call state is not saved, the outbox's commands
            // are held in memory, and `/healthz` names storage.
            let held = await eventually(timeout: .seconds(90)) { rig.log.contains("commands held in memory") }
            #expect(held, "\(rig.log.suffix(3000))")
            let reported = await eventually(timeout: .seconds(60)) { await Self.failing(admin).contains("storage") }
            #expect(reported, "/healthz does not name storage")
            try await rig.replay(Self.calls[1].capture)
            lock.release()
            try await rig.replay(Self.calls[2].capture)
            for call in Self.calls {
                let done = await rig.awaitFinish(of: call.linkedid, timeout: .seconds(120))
                #expect(done, "\(call.capture) not finished\n\(rig.describeJournal())")
            }
            let healthy = await eventually(timeout: .seconds(60)) { await Self.failing(admin) == [] }
            #expect(healthy, "storage still failing after the lock was released")
            #expect(await rig.stopEngine(timeout: .seconds(60)) == 0, "\(rig.log.suffix(3000))")

            rig.expectEachCallHandledOnce(Self.calls)
        }
    }
}
