import AMIProtocol
import Testing

@testable import SwitchboardDaemon

/// Item 3 of the hardening issue, the resync race, in the event pump: the `CoreShowChannels` list is handed to the
/// pipeline exactly after the events that preceded it on the wire, and the events after it wait — however the list's
/// answer and the events interleave on their way in.
@Suite("Resync order in the AMI event inbox")
struct ResyncOrderTests {
    static func event(_ index: Int) -> AMIMessage {
        AMIMessage([AMIHeader("Event", "Newchannel"), AMIHeader("Uniqueid", "e\(index)")])
    }

    /// The story of what the consumer gets: `e0 e1 | resync | e2`.
    static func story(_ items: [AMIEventInbox.Item]) -> String {
        items.map { item in
            switch item {
            case .messages(let messages): messages.compactMap { $0["Uniqueid"] }.joined(separator: " ")
            case .resync: "resync"
            }
        }.joined(separator: " | ")
    }

    /// Finishes the inbox and takes what is left.
    static func drain(_ inbox: AMIEventInbox, after items: [AMIEventInbox.Item]) async -> [AMIEventInbox.Item] {
        var items = items
        inbox.finish()
        while let item = await inbox.next() { items.append(item) }
        return items
    }

    @Test func resyncRaceListGoesRightAfterTheEventsBeforeIt() async {
        let inbox = AMIEventInbox()
        for index in 0..<5 { inbox.put(Self.event(index)) }
        // The request goes out after two events; the list completes after four (Asterisk wrote two more before it).
        inbox.hold(after: 2)
        var items: [AMIEventInbox.Item] = []
        if let first = await inbox.next() { items.append(first) }
        inbox.resync([], after: 4)
        inbox.put(Self.event(5))
        items = await Self.drain(inbox, after: items)
        #expect(Self.story(items) == "e0 e1 | e2 e3 | resync | e4 e5")
    }

    @Test func resyncRaceEventsAfterTheRequestWaitForTheList() async {
        let inbox = AMIEventInbox()
        inbox.put(Self.event(0))
        inbox.hold(after: 1)
        #expect(Self.story([await inbox.next()].compactMap { $0 }) == "e0")
        // Events arrive while the list is on its way: they are held, the consumer waits.
        inbox.put(Self.event(1))
        inbox.put(Self.event(2))
        async let waiting = inbox.next()
        inbox.resync([], after: 2)
        let items = await Self.drain(inbox, after: [await waiting].compactMap { $0 })
        #expect(Self.story(items) == "e1 | resync | e2")
    }

    @Test func resyncRaceListAheadOfItsEventsWaitsForThem() async {
        let inbox = AMIEventInbox()
        inbox.put(Self.event(0))
        inbox.hold(after: 1)
        // The list completed after three events, but the pump has handed over only one so far.
        inbox.resync([], after: 3)
        var items: [AMIEventInbox.Item] = []
        if let first = await inbox.next() { items.append(first) }
        async let waiting = inbox.next()
        inbox.put(Self.event(1))
        inbox.put(Self.event(2))
        inbox.put(Self.event(3))
        if let next = await waiting { items.append(next) }
        items = await Self.drain(inbox, after: items)
        #expect(Self.story(items).hasPrefix("e0 | e1"))
        #expect(Self.story(items).hasSuffix("resync | e3"))
        #expect(!Self.story(items).contains("e3 | resync"))
    }

    @Test func aBurstGoesOutInStepsOfAtMostTheBatchLimit() async {
        let inbox = AMIEventInbox(batchLimit: 2)
        for index in 0..<5 { inbox.put(Self.event(index)) }
        inbox.hold(after: 3)
        inbox.resync([], after: 3)
        #expect(Self.story(await Self.drain(inbox, after: [])) == "e0 e1 | e2 | resync | e3 e4")
    }

    @Test func resyncRaceFailedListReleasesTheHold() async {
        let inbox = AMIEventInbox()
        inbox.hold(after: 0)
        inbox.put(Self.event(0))
        inbox.release()
        #expect(Self.story(await Self.drain(inbox, after: [])) == "e0")
    }
}
