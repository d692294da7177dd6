import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import TestSupport
import Testing

/// Lookups asked at the same moment go to the portal together (one `batch` of up to 50, over real HTTP to the fake
/// portal, through the scheduler's urgent lane), each answered with its own result or its own error.
@Suite("Batched CRM lookups")
struct BatchedPortalLookupTests {
    /// `count` contacts 7926000000i, each responsible user 13 (Ivan).
    static func seedContacts(_ portal: FakeBitrix24, count: Int) -> [String: Int] {
        var ids: [String: Int] = [:]
        for index in 0..<count {
            let phone = "7926\(String(format: "%07d", index))"
            ids[phone] = portal.addCrmEntity(
                FakeBitrix24CrmEntity(type: "CONTACT", name: "Client \(index)", phones: [phone], assignedByID: 13)
            )
        }
        return ids
    }

    /// Asks every phone at once, starts the sender once all are queued, returns each phone's outcome.
    static func lookUp(
        _ phones: [String],
        through lookup: BatchedPortalLookup,
        _ scheduler: PortalScheduler
    ) async throws -> [String: Result<Bitrix24Value, any Error>] {
        try await scheduler.withRunning {
            // Each lookup's task returns its phone and outcome; the sender's returns nil when it stops.
            await withTaskGroup(of: (String, Result<Bitrix24Value, any Error>)?.self) { group in
                for phone in phones {
                    group.addTask {
                        do { return (phone, .success(try await lookup.searchCRM(phone: phone))) } catch {
                            return (phone, .failure(error))
                        }
                    }
                }
                #expect(await eventually { lookup.queued == phones.count })
                group.addTask {
                    await lookup.run()
                    return nil
                }
                var outcomes: [String: Result<Bitrix24Value, any Error>] = [:]
                while outcomes.count < phones.count, let next = await group.next() {
                    if let (phone, outcome) = next { outcomes[phone] = outcome }
                }
                group.cancelAll()
                return outcomes
            }
        }
    }

    @Test("120 lookups queued together: three requests (50, 50, 20), each lookup its own contact")
    func batches() async throws {
        try await PortalFixture.with { fixture in
            let ids = Self.seedContacts(fixture.portal, count: 120)
            let scheduler = try fixture.scheduler()
            let lookup = BatchedPortalLookup(scheduler: scheduler, maxInFlight: 1)
            let outcomes = try await Self.lookUp(ids.keys.sorted(), through: lookup, scheduler)
            for (phone, id) in ids {
                let result = try #require(try outcomes[phone]?.get(), "\(phone)")
                #expect(result.arrayValue?.first?["CRM_ENTITY_ID"]?.intValue == id, "\(phone)")
            }
            let requests = fixture.portal.journal.filter { !$0.inBatch }
            #expect(requests.map(\.method) == ["batch", "batch", "batch"])
            let searches = fixture.portal.journal.filter { $0.inBatch }
            #expect(searches.count == 120)
            #expect(searches.allSatisfy { $0.method == "telephony.externalcall.searchcrmentities" })
            #expect(await scheduler.statistics.urgentRequests == 3, "one unit of the rate limit per batch")
        }
    }

    @Test("a lookup the portal refuses inside a batch fails alone; the others are answered")
    func oneFails() async throws {
        try await PortalFixture.with { fixture in
            let ids = Self.seedContacts(fixture.portal, count: 3)
            let scheduler = try fixture.scheduler()
            let lookup = BatchedPortalLookup(scheduler: scheduler, maxInFlight: 1)
            // An empty number: the portal answers "PHONE_NUMBER is empty" for that command only.
            let outcomes = try await Self.lookUp(ids.keys.sorted() + [""], through: lookup, scheduler)
            #expect(throws: Bitrix24Error.self) { try outcomes[""]?.get() }
            for phone in ids.keys { #expect((try? outcomes[phone]?.get()) != nil, "\(phone)") }
            #expect(fixture.portal.journal.filter { !$0.inBatch }.map(\.method) == ["batch"])
        }
    }

    @Test("the portal failing the whole request fails every lookup of it")
    func requestFails() async throws {
        try await PortalFixture.with { fixture in
            let ids = Self.seedContacts(fixture.portal, count: 5)
            fixture.portal.injectFault(.internalServerError, times: 1, method: "batch")
            let scheduler = try fixture.scheduler()
            let lookup = BatchedPortalLookup(scheduler: scheduler, maxInFlight: 1)
            let outcomes = try await Self.lookUp(ids.keys.sorted(), through: lookup, scheduler)
            #expect(outcomes.count == 5)
            for phone in ids.keys { #expect(throws: Bitrix24Error.self, "\(phone)") { try outcomes[phone]?.get() } }
        }
    }

    @Test("a lookup alone goes as a plain call; a number holding `$result[` never rides in a batch")
    func alone() async throws {
        try await PortalFixture.with { fixture in
            let ids = Self.seedContacts(fixture.portal, count: 2)
            let scheduler = try fixture.scheduler()
            let lookup = BatchedPortalLookup(scheduler: scheduler, maxInFlight: 1)
            let tricky = "7916$result[x]"
            _ = try await Self.lookUp([tricky] + ids.keys.sorted(), through: lookup, scheduler)
            let requests = fixture.portal.journal.filter { !$0.inBatch }
            #expect(requests.map(\.method).sorted() == ["batch", "telephony.externalcall.searchcrmentities"])
            let single = requests.first { $0.method != "batch" }
            #expect(single?.params["PHONE_NUMBER"]?.stringValue == tricky)
            let batched = fixture.portal.journal.filter(\.inBatch)
            #expect(batched.count == 2)
            #expect(!batched.contains { $0.params["PHONE_NUMBER"]?.stringValue == tricky })
        }
    }

    @Test("a caller that stops waiting leaves the queue: its number is never sent")
    func cancelled() async throws {
        try await PortalFixture.with { fixture in
            let ids = Self.seedContacts(fixture.portal, count: 1)
            let scheduler = try fixture.scheduler()
            let lookup = BatchedPortalLookup(scheduler: scheduler)
            let gone = Task { try await lookup.searchCRM(phone: "79990000000") }
            #expect(await eventually { lookup.queued == 1 })
            gone.cancel()
            await #expect(throws: CancellationError.self) { try await gone.value }
            #expect(lookup.queued == 0)
            let outcomes = try await Self.lookUp(Array(ids.keys), through: lookup, scheduler)
            #expect(outcomes.count == 1)
            #expect(!fixture.portal.journal.contains { $0.params["PHONE_NUMBER"]?.stringValue == "79990000000" })
        }
    }
}
