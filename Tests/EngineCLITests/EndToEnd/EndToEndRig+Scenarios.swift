import Foundation
import Simulators
import TestSupport
import Testing

extension EndToEndRig {
    /// `pbx.id` of the rig's engine.yaml: every EXTERNAL_CALL_ID starts with it.
    static let pbxID = "e2e"
    /// Every Bitrix24 user of the test portal (the default user and the three operators).
    static var allUsers: [Int] { [defaultUser] + users.values.sorted() }

    /// Runs `body` with a fresh rig (own simulators, engine folder and SQLite file) and always shuts it down.
    static func with<T>(_ body: (EndToEndRig) async throws -> T) async throws -> T {
        let rig = try await EndToEndRig()
        do {
            let value = try await body(rig)
            await rig.shutdown()
            return value
        } catch {
            await rig.shutdown()
            throw error
        }
    }

    /// What the journal holds about the call with `linkedid`.
    func journal(of linkedid: String) -> CallJournal {
        CallJournal(linkedid: linkedid, journal: portal.journal)
    }

    /// Waits until the call with `linkedid` has been finished in the portal.
    @discardableResult
    func awaitFinish(of linkedid: String, timeout: Duration = .seconds(20)) async -> Bool {
        await eventually(timeout: timeout) { !self.journal(of: linkedid).finishes.isEmpty }
    }

    /// Starts the engine, replays `capture`, waits for its finish, then stops the engine with SIGTERM (it drains
    /// the outbox), so the journal is complete when this returns: nothing more can happen.
    func runToCompletion(_ expected: ExpectedCall) async throws -> CallJournal {
        try await startEngine()
        try await replay(expected.capture)
        let finished = await awaitFinish(of: expected.linkedid)
        #expect(finished, "\(expected.capture): no finish for \(expected.linkedid)\n\(describeJournal())\n\(log)")
        #expect(await stopEngine() == 0, "\(expected.capture): engine did not stop cleanly\n\(log)")
        return journal(of: expected.linkedid)
    }

    /// Replays `capture`, then the unrelated `answered` call as a sentinel: events are handled in wire order, so
    /// once the sentinel is finished (and the engine stopped, draining), whatever `capture` caused is in the journal.
    func runWithSentinel(_ capture: String) async throws {
        try await startEngine()
        try await replay(capture)
        try await replay(ExpectedCall.answered.capture)
        let finished = await awaitFinish(of: ExpectedCall.answered.linkedid)
        #expect(finished, "sentinel call not finished after \(capture)\n\(describeJournal())\n\(log)")
        #expect(await stopEngine() == 0, "engine did not stop cleanly\n\(log)")
    }

    /// The whole journal, one command a line.
    func describeJournal() -> String { CallJournal.describe(portal.journal) }
}
