import Actions
import Adapters
import Foundation
import Testing

/// Issue 14 on the state machine's manual clock: commands wait only for what they need, ready commands go together,
/// several requests fly at once, and a request's failure touches only its own commands.
@Suite("Delivery order: by dependency, several requests in flight")
struct DeliveryOrderTests {
    static let key = "ring.1"

    static func register(_ key: String = key) -> DeliveryCommand {
        .register(callKey: key, params: ["USER_ID": 1, "PHONE_NUMBER": "+79161234567", "TYPE": 2, "SHOW": 0])
    }

    static func search(_ key: String = key) -> DeliveryCommand {
        DeliveryCommand(
            callKey: key,
            step: "search",
            method: "telephony.externalcall.searchCrmEntities",
            params: ["PHONE_NUMBER": "+79161234567"]
        )
    }

    static func shows(_ users: Range<Int>) -> [DeliveryCommand] { shows(key, users) }

    static func shows(_ key: String, _ users: Range<Int>) -> [DeliveryCommand] {
        users.map { .show(callKey: key, step: "show-\($0)", userIDs: [$0]) }
    }

    @Test("A ring group of 10 as the call arrives: one request carrying the register, the search and ten shows")
    func ringGroupInOneRequest() throws {
        var harness = MachineHarness()
        harness.start()
        let sent = harness.enqueue([Self.register(), Self.search()] + Self.shows(100..<110))
        let request = try #require(sent.first)
        #expect(sent.count == 1)
        #expect(request.commands.count == 12)
        let steps = ["register", "search"] + (100..<110).map { "show-\($0)" }
        #expect(request.commands.map(\.entry.command.step) == steps)
        for show in request.commands.dropFirst(2) {
            #expect(show.params["CALL_ID"] == "$result[c1][CALL_ID]")
            #expect(show.dependsOnKey == "c1")
        }
        harness.answer(request)
        #expect(harness.machine.pendingCount == 0)
        #expect(harness.sent.count == 1)
    }

    @Test("A ring group of 10 while its register is in flight: the ten shows wait for it, then go in one request")
    func ringGroupBehindItsRegister() throws {
        var harness = MachineHarness()
        harness.start()
        let first = try #require(harness.enqueue([Self.register(), Self.search()]).first)
        #expect(first.commands.map(\.entry.command.step) == ["register", "search"])
        // The phones ring while the register is on its way: nothing can go without its CALL_ID.
        #expect(harness.enqueue(Self.shows(100..<110)).isEmpty)
        let cards = try #require(harness.answer(first).first)
        #expect(harness.sent.count == 2)
        #expect(cards.commands.count == 10)
        #expect(cards.commands.allSatisfy { $0.params["CALL_ID"] == "externalCall.ring.1" && $0.dependsOnKey == nil })
        harness.answer(cards)
        #expect(harness.machine.pendingCount == 0)
    }

    @Test("A hide waits for the show of the same user; a show to another user goes at once, in parallel")
    func hideWaitsForItsShow() throws {
        var harness = MachineHarness()
        harness.start()
        harness.answerAll(harness.enqueue([Self.register()]))
        let showAnna = try #require(harness.enqueue(Self.shows(100..<101)).first)
        let sent = harness.enqueue([
            .hide(callKey: Self.key, step: "hide-100", userIDs: [100]),
            .show(callKey: Self.key, step: "show-101", userIDs: [101]),
        ])
        // Only the independent show; the hide of user 100 waits for the show of user 100 still in flight.
        #expect(sent.map { $0.commands.map(\.entry.command.step) } == [["show-101"]])
        #expect(harness.machine.requestsInFlight == 2)
        let hide = try #require(harness.answer(showAnna).first)
        #expect(hide.commands.map(\.entry.command.step) == ["hide-100"])
    }

    @Test("The finish goes after the last show and hide of its call; a later card waits for the finish")
    func finishAfterTheLastHide() throws {
        var harness = MachineHarness()
        harness.start()
        harness.answerAll(harness.enqueue([Self.register()]))
        var queue = harness.enqueue([
            .show(callKey: Self.key, step: "show", userIDs: [100, 101]),
            .hide(callKey: Self.key, step: "hide", userIDs: [101]),
            .finish(callKey: Self.key, params: ["USER_ID": 100, "DURATION": 30]),
            .show(callKey: Self.key, step: "late-show", userIDs: [102]),
        ])
        var order: [[String]] = []
        while let request = queue.first {
            queue.removeFirst()
            order.append(request.commands.map(\.entry.command.step))
            queue += harness.answer(request)
        }
        #expect(order == [["show"], ["hide"], ["finish"], ["late-show"]])
    }

    @Test("A 503 on one of two requests in flight retries only that one's commands")
    func rateLimitedRetriesOnlyItsOwn() throws {
        var harness = MachineHarness()
        harness.start()
        let one = try #require(harness.enqueue([Self.register("a")] + Self.shows("a", 100..<102)).first)
        let two = try #require(harness.enqueue([Self.register("b")] + Self.shows("b", 100..<102)).first)
        #expect(harness.machine.requestsInFlight == 2)
        harness.fail(two, PortalErrors.rateLimited)
        let until = try #require(harness.wake)
        #expect(harness.machine.state == .backingOff(until: until, failures: 1))
        // The other request was not touched: its answer lands normally, and nothing else is sent meanwhile.
        #expect(harness.answer(one).isEmpty)
        #expect(harness.delivered["a"]?.count == 3)
        // The back-off ends before the bucket has room again (filled at 50, plus the other answer: 51, draining 2/s):
        // the retry waits for the bucket, to the millisecond.
        #expect(until < MachineHarness.start.addingTimeInterval(1))
        #expect(harness.advance(to: until).isEmpty)
        #expect(harness.wake == MachineHarness.start.addingTimeInterval(1))
        let retry = try #require(harness.advance(to: MachineHarness.start.addingTimeInterval(1)).first)
        #expect(retry.commands.map(\.entry.id) == two.commands.map(\.entry.id))
        #expect(retry.commands.allSatisfy { $0.entry.attempts == 0 })
        harness.answer(retry)
        #expect(harness.sent.count == 3)
        #expect(harness.machine.pendingCount == 0)
    }

    @Test("Up to 4 requests in flight while the bucket is at most parallelBelowLevel full; above that, one at a time")
    func parallelWhileTheBucketHasRoom() throws {
        var harness = MachineHarness(
            DeliveryConfiguration(rateLimit: .init(burst: 10, perSecond: 1), batchLimit: 1, parallelBelowLevel: 0.5)
        )
        harness.start()
        let first = harness.enqueue((0..<20).map { Self.search("call.\($0)") })
        // Empty bucket: 4 at once (each holds a place: 1 + 2 + 3 + 4 places, never above 5 = half of 10).
        #expect(first.count == 4)
        var next: [DeliveryRequest] = []
        for request in first { next += harness.answer(request) }
        // The 4 answers counted: level 4. One more fits (5 ≤ 10), a second in parallel would pass half (6 > 5).
        #expect(next.count == 1)
        #expect(harness.machine.requestsInFlight == 1)
        #expect(harness.answer(next[0]).count == 1)
    }

    @Test("An urgent request takes the next place in the bucket, ahead of the queued commands")
    func urgentJumpsTheQueue() throws {
        var harness = MachineHarness(DeliveryConfiguration(rateLimit: .init(burst: 2, perSecond: 1), batchLimit: 1))
        harness.start()
        let first = try #require(harness.enqueue((0..<4).map { Self.search("call.\($0)") }).first)
        let second = try #require(harness.answer(first).first)
        // Level 1, one request in flight: the bucket (burst 2) is full. The urgent request waits for the next place.
        harness.requestUrgent(7)
        #expect(harness.granted.isEmpty)
        #expect(harness.answer(second).isEmpty)
        let place = MachineHarness.start.addingTimeInterval(1)
        #expect(harness.wake == place)
        // At the next place: the urgent request, not the queued commands.
        #expect(harness.advance(to: place).isEmpty)
        #expect(harness.granted == [7])
        #expect(harness.finishUrgent(7).isEmpty)
        let after = try #require(harness.wake)
        #expect(after == place.addingTimeInterval(1))
        #expect(harness.advance(to: after).count == 1)
        #expect(harness.machine.statistics.urgentRequests == 1)
    }
}
