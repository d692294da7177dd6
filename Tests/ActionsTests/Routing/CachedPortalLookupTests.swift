import Actions
import Adapters
import Foundation
import Synchronization
import TestSupport
import Testing

/// The lookup cache: one request per number at a time, answers remembered for their lifetime, failures not.
@Suite("CRM lookup cache")
struct CachedPortalLookupTests {
    /// A portal stand-in counting the requests it got; each waits for `open` (or answers at once when open).
    final class CountingLookup: PortalLookup {
        let state = Mutex((requests: [String](), open: true, failing: false))

        func searchCRM(phone: String) async throws -> Bitrix24Value {
            state.withLock { $0.requests.append(phone) }
            _ = await eventually(timeout: .seconds(20)) { self.state.withLock { $0.open } }
            if state.withLock({ $0.failing }) {
                throw Bitrix24Error(method: "search", reason: .transport(.other("down")), action: .retryLater)
            }
            return .array([.object(["CRM_ENTITY_TYPE": .string("CONTACT"), "ASSIGNED_BY_ID": .int(12)])])
        }

        var requests: [String] { state.withLock { $0.requests } }
    }

    /// A clock the test moves.
    final class ManualClock: DeliveryClock {
        let current = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        var now: Date { current.withLock { $0 } }
        func sleep(until deadline: Date) async throws {}
        func advance(_ seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    @Test("callers of one number at the same moment share one request; others get their own")
    func singleFlight() async throws {
        let upstream = CountingLookup()
        upstream.state.withLock { $0.open = false }
        let cache = CachedPortalLookup(upstream: upstream, lifetime: .seconds(30))
        try await withThrowingTaskGroup(of: Bitrix24Value.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.searchCRM(phone: "79161234567") } }
            group.addTask { try await cache.searchCRM(phone: "79160000000") }
            #expect(await eventually { upstream.requests.count == 2 })
            upstream.state.withLock { $0.open = true }
            var answers = 0
            for try await answer in group where answer.arrayValue?.count == 1 { answers += 1 }
            #expect(answers == 51)
        }
        #expect(upstream.requests.sorted() == ["79160000000", "79161234567"])
    }

    @Test("an answer is remembered for its lifetime, then asked again")
    func lifetime() async throws {
        let upstream = CountingLookup()
        let clock = ManualClock()
        let cache = CachedPortalLookup(upstream: upstream, lifetime: .seconds(30), clock: clock)
        _ = try await cache.searchCRM(phone: "79161234567")
        clock.advance(29)
        _ = try await cache.searchCRM(phone: "79161234567")
        #expect(upstream.requests.count == 1)
        clock.advance(2)
        _ = try await cache.searchCRM(phone: "79161234567")
        #expect(upstream.requests.count == 2)
        let uncached = CachedPortalLookup(upstream: upstream, lifetime: .zero, clock: clock)
        _ = try await uncached.searchCRM(phone: "79161234567")
        _ = try await uncached.searchCRM(phone: "79161234567")
        #expect(upstream.requests.count == 4)
    }

    @Test("a failure is not remembered: the next caller asks the portal again")
    func failureNotCached() async throws {
        let upstream = CountingLookup()
        upstream.state.withLock { $0.failing = true }
        let cache = CachedPortalLookup(upstream: upstream, lifetime: .seconds(30))
        await #expect(throws: Bitrix24Error.self) { try await cache.searchCRM(phone: "79161234567") }
        upstream.state.withLock { $0.failing = false }
        #expect(try await cache.searchCRM(phone: "79161234567").arrayValue?.count == 1)
        #expect(upstream.requests.count == 2)
    }

    @Test("a caller waiting for another's lookup can give up (its deadline) without disturbing it")
    func followerCancelled() async throws {
        let upstream = CountingLookup()
        upstream.state.withLock { $0.open = false }
        let cache = CachedPortalLookup(upstream: upstream, lifetime: .seconds(30))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await cache.searchCRM(phone: "79161234567") }
            #expect(await eventually { upstream.requests.count == 1 })
            let follower = Task { try await cache.searchCRM(phone: "79161234567") }
            follower.cancel()
            await #expect(throws: CancellationError.self) { try await follower.value }
            upstream.state.withLock { $0.open = true }
            try await group.waitForAll()
        }
        #expect(upstream.requests.count == 1)
    }
}
