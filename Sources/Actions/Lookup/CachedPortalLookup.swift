public import Adapters
import Foundation
import Metrics
import Synchronization

/// Remembers lookups per number for a short time (`agi.lookup_cache_seconds`), and asks the portal once for callers of
/// the same number at the same moment: while one lookup is on its way, the others wait for its answer. Failures are
/// not remembered.
public final class CachedPortalLookup: PortalLookup {
    private struct Entry {
        var value: Bitrix24Value
        var expires: Date
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Callers waiting for the lookup in flight, per number.
        var waiting: [String: [Int: CheckedContinuation<Bitrix24Value?, any Error>]] = [:]
        var nextWaiter = 0
    }

    /// The most numbers remembered.
    public static let capacity = 10_000

    private let upstream: any PortalLookup
    private let lifetime: Duration
    private let clock: any DeliveryClock
    private let state = Mutex(State())

    /// A cache over `upstream` keeping answers for `lifetime` (zero: no caching, but callers still share one lookup).
    public init(upstream: any PortalLookup, lifetime: Duration, clock: any DeliveryClock = SystemDeliveryClock()) {
        self.upstream = upstream
        self.lifetime = lifetime
        self.clock = clock
    }

    public func searchCRM(phone: String) async throws -> Bitrix24Value {
        while true {
            try Task.checkCancellation()
            switch plan(phone) {
            case .cached(let value):
                SwitchboardMetrics.agiLookups(result: .cached).increment()
                return value
            case .follow(let id):
                // nil: the lookup ended before this caller could wait for it; plan again (the answer is cached now).
                if let value = try await follow(phone, id: id) { return value }
            case .lead:
                do {
                    let value = try await upstream.searchCRM(phone: phone)
                    SwitchboardMetrics.agiLookups(result: .fetched).increment()
                    settle(phone, with: .success(value))
                    return value
                } catch {
                    SwitchboardMetrics.agiLookups(result: .failed).increment()
                    settle(phone, with: .failure(error))
                    throw error
                }
            }
        }
    }

    private enum Plan {
        case cached(Bitrix24Value)
        case lead
        case follow(Int)
    }

    private func plan(_ phone: String) -> Plan {
        let now = clock.now
        return state.withLock { state -> Plan in
            if let entry = state.entries[phone], entry.expires > now { return .cached(entry.value) }
            if state.waiting[phone] != nil {
                state.nextWaiter += 1
                return .follow(state.nextWaiter)
            }
            state.waiting[phone] = [:]
            return .lead
        }
    }

    /// Forgets every remembered answer.
    public func removeAll() {
        state.withLock { $0.entries.removeAll() }
    }

    private func follow(_ phone: String, id: Int) async throws -> Bitrix24Value? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<Bitrix24Value?, any Error>) in
                let outcome = state.withLock { state -> Result<Bitrix24Value?, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    guard state.waiting[phone] != nil else { return .success(nil) }
                    state.waiting[phone]?[id] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiting[phone]?.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func settle(_ phone: String, with result: Result<Bitrix24Value, any Error>) {
        let expires = clock.now.addingTimeInterval(lifetime.seconds)
        let waiters = state.withLock { state -> [CheckedContinuation<Bitrix24Value?, any Error>] in
            if case .success(let value) = result, lifetime > .zero {
                if state.entries.count >= Self.capacity {
                    let now = clock.now
                    state.entries = state.entries.filter { $0.value.expires > now }
                    if state.entries.count >= Self.capacity { state.entries.removeAll() }
                }
                state.entries[phone] = Entry(value: value, expires: expires)
            }
            guard let waiting = state.waiting.removeValue(forKey: phone) else { return [] }
            return Array(waiting.values)
        }
        for waiter in waiters { waiter.resume(with: result.map { Optional($0) }) }
    }
}
