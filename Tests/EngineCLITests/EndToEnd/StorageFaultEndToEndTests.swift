import Foundation
import Simulators
import TestSupport
import Testing

/// Item 6 of the hardening issue through the real daemon: while another process (the `sqlite3` tool) holds the state
/// file's write lock during a replay, or fills the disk under it, `engine run` holds the commands in memory, says so
/// in its log, its metrics and on `/healthz` (`storage`), and once the lock is gone or the disk has room again every
/// call is registered, carded and finished exactly once.
@Suite("end to end: storage faults", .serialized)
struct StorageFaultEndToEndTests {
    static let calls: [ExpectedCall] = [.answered, .noanswerOverflow, .abandon]

    /// A `sqlite3` process holding the write lock of `path` (`BEGIN EXCLUSIVE`) until ``release()``; it returns
    /// once the lock is held (the process says so), so nothing of the engine's is written after it.
    final class LockHolder {
        let process: Process
        let input: Pipe
        let output = Pipe()

        init(path: String) throws {
            (process, input) = try SQLiteShell.launch(path, output: output)
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

    /// The log's entries: a SQLite error quoting its statement spans lines, so an entry runs to the next timestamp.
    static func entries(_ log: String) -> [String] {
        log.components(separatedBy: "\n20")
    }

    /// `switchboard_outbox_depth` in a `/metrics` text.
    static func depth(_ metrics: String) -> Double {
        AdminEndpoint.sample(metrics, "switchboard_outbox_depth")
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

    /// The disk-full run's calls: the first (while there is room) leaves the caller's lead with the default user
    /// (nobody answered), so the second, unanswered too, is finished by them as well.
    static let diskFullCalls: [ExpectedCall] = [.abandon, .noanswerOverflow, .answered]

    @Test("storage faults: the disk full under the daemon during a replay — held, reported, each call once")
    func storageFaultsDiskFullThroughTheDaemon() async throws {
        try await EndToEndRig.with { rig in
            // The state file may grow to 1 MiB (the "disk"); the outbox alerts past 3 commands waiting.
            try rig.writeConfig(adding: "state_max_mb: 1")
            let config = rig.config.replacingOccurrences(
                of: "  default_user:",
                with: "  outbox_high_water: 3\n  default_user:"
            )
            try config.write(to: rig.folder.appendingPathComponent("engine.yaml"), atomically: true, encoding: .utf8)
            try await rig.startEngine()
            #expect(rig.log.contains("state file capped"), "\(rig.log.suffix(3000))")
            let admin = AdminEndpoint(port: try #require(AdminEndpoint.port(inLog: rig.log), "no admin port"))
            let state = rig.folder.appendingPathComponent("var/switchboard.sqlite").path

            // A first call while there is room; the outbox empties.
            try await rig.replay(Self.diskFullCalls[0].capture)
            let first = await rig.awaitFinish(of: Self.diskFullCalls[0].linkedid, timeout: .seconds(60))
            #expect(first, "\(rig.describeJournal())")
            let idle = await eventually(timeout: .seconds(30)) {
                let metrics = (try? await rig.metrics()) ?? ""
                return metrics.contains("switchboard_outbox_depth") && Self.depth(metrics) == 0
            }
            #expect(idle, "the outbox did not empty")

            // Another program fills the disk: the file is at its cap, with no free page.
            let cap = (1 << 20) / (try await StateFileBallast.pageSize(state))
            let ballast = try StateFileBallast(path: state, pages: cap)
            let full = await eventually(timeout: .seconds(60)) {
                guard let pages = try? await StateFileBallast.pages(state) else { return false }
                return pages.count == cap && pages.free == 0
            }
            #expect(full, "the file did not reach its cap of \(cap) pages")
            let errorsBefore = AdminEndpoint.sample(try await rig.metrics(), "switchboard_storage_errors_total")

            try await withThrowingTaskGroup(of: Void.self) { group in
                // The other program keeps the disk full: whatever page the engine frees, it takes.
                group.addTask {
                    while !Task.isCancelled {
                        ballast.topUp()
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                }
                // A call while the disk is full and the portal rate-limits us: its commands pile up (none is
                // acknowledged, so none frees room in the outbox's pages) until one needs a page there is not;
                // from then on they are held in memory (later ones queue behind them); the log, /healthz and the
                // metrics say so.
                let logBefore = rig.log.count
                rig.portal.injectFault(.queryLimitExceeded, times: 1_000_000)
                try await rig.replay(Self.diskFullCalls[1].capture)
                let held = await eventually(timeout: .seconds(60)) {
                    Self.entries(rig.log).contains {
                        $0.contains("commands held in memory") && $0.contains("disk is full")
                    }
                }
                #expect(held, "\(rig.log.suffix(3000))")
                let reported = await eventually(timeout: .seconds(60)) {
                    await Self.failing(admin).contains("storage")
                }
                #expect(reported, "/healthz does not name storage")
                let metrics = try await rig.metrics()
                #expect(AdminEndpoint.sample(metrics, "switchboard_storage_errors_total") > errorsBefore)
                #expect(AdminEndpoint.sample(metrics, "switchboard_outbox_high_water") == 3)
                // What waits, held in memory included, counts in the depth: past the mark, the alert (once).
                let alerted = await eventually(timeout: .seconds(30)) {
                    Self.entries(String(rig.log.dropFirst(logBefore))).contains {
                        $0.contains("outbox depth passed its high-water mark")
                    }
                }
                #expect(alerted, "\(rig.log.suffix(3000))")
                let alerts = AdminEndpoint.sample(try await rig.metrics(), "switchboard_outbox_high_water_alerts_total")
                #expect(alerts >= 1)
                group.cancelAll()
            }
            rig.portal.clearFaults()

            // Room again: the held commands are written, in order, and delivered; the third call goes through.
            await ballast.release()
            try await rig.replay(Self.diskFullCalls[2].capture)
            for call in Self.diskFullCalls {
                let done = await rig.awaitFinish(of: call.linkedid, timeout: .seconds(120))
                #expect(done, "\(call.capture) not finished\n\(rig.describeJournal())")
            }
            let healthy = await eventually(timeout: .seconds(60)) { await Self.failing(admin) == [] }
            #expect(healthy, "storage still failing after the disk had room again")
            let cleared = await eventually(timeout: .seconds(30)) {
                rig.log.contains("outbox depth back to half its high-water mark")
            }
            #expect(cleared, "\(rig.log.suffix(3000))")
            #expect(await rig.stopEngine(timeout: .seconds(60)) == 0, "\(rig.log.suffix(3000))")

            rig.expectEachCallHandledOnce(Self.diskFullCalls)
        }
    }
}
