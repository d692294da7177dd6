import AMIProtocol
import Adapters
import Engine
import Foundation

/// A ``CallEngine`` fed live from an AMI client's event stream (real TCP), with a way to await a condition on
/// what it has seen — never a fixed sleep.
actor LiveEngine {
    struct TimedOut: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }

    private(set) var engine: CallEngine
    private(set) var entries: [TimelineEntry] = []
    private(set) var handled = 0
    /// The calls as they were when they ended, by Linkedid.
    private(set) var endedCalls: [String: Call] = [:]
    private var waiters:
        [(id: Int, predicate: @Sendable (Int) -> Bool, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID = 0

    init(engine: CallEngine) {
        self.engine = engine
    }

    /// Consumes `stream` until it ends.
    nonisolated func consume(_ events: AMIEventBuffer) -> Task<Void, Never> {
        Task { for await message in events { await self.feed(message) } }
    }

    private func feed(_ message: AMIMessage) {
        let new = engine.handle(message, arrival: Date())
        for entry in new {
            if case .ended = entry.event?.kind, let callID = entry.callID {
                endedCalls[callID] = engine.model.lastEnded[callID]
            }
        }
        entries += new
        handled += 1
        let count = handled
        let ready = waiters.filter { $0.predicate(count) }
        waiters.removeAll { waiter in ready.contains { $0.id == waiter.id } }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Resynchronises with a `CoreShowChannels` result; returns the engine events it caused.
    func resynchronize(channels: [AMIMessage]) -> [EngineEvent] {
        let new = engine.resynchronize(channels: channels, at: Date())
        entries += new
        return new.compactMap(\.event)
    }

    /// The engine events seen so far.
    var events: [EngineEvent] { entries.compactMap(\.event) }

    /// Waits until `count` messages have been handled.
    func waitUntilHandled(_ count: Int, timeout: Duration = .seconds(10)) async throws {
        if handled >= count { return }
        nextID += 1
        let id = nextID
        let timer = Task { [weak self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            await self?.expire(id, "\(count) messages")
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { continuation in
            waiters.append((id, { $0 >= count }, continuation))
        }
    }

    private func expire(_ id: Int, _ what: String) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: TimedOut(what: what))
    }
}
