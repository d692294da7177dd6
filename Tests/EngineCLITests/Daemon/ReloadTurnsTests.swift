import Testing

@testable import SwitchboardDaemon

/// Reloads are serialised and coalesced: one at a time; every request made while one runs is answered by the next
/// one, which starts after it — never by a reading older than the request.
@Suite("Reload turns")
struct ReloadTurnsTests {
    @Test("requests during a reload share the next one; each answered by a reload that started after it")
    func coalescing() {
        var turns = ReloadTurns()
        let first = turns.request()
        #expect(turns.next(for: first) == .run(covering: 1))
        // Three more come while it runs: they wait.
        let waiting = (0..<3).map { _ in turns.request() }
        for ticket in waiting { #expect(turns.next(for: ticket) == .wait) }
        turns.finished()
        #expect(turns.next(for: first) == .answered)
        // The first waiter to wake runs one reload for all three; the others wait for it, then take its answer.
        #expect(turns.next(for: waiting[1]) == .run(covering: 4))
        #expect(turns.next(for: waiting[0]) == .wait)
        #expect(turns.next(for: waiting[2]) == .wait)
        // A request during the second reload is not answered by it.
        let late = turns.request()
        #expect(turns.next(for: late) == .wait)
        turns.finished()
        #expect(turns.next(for: waiting[0]) == .answered)
        #expect(turns.next(for: waiting[2]) == .answered)
        #expect(turns.next(for: late) == .run(covering: 5))
        turns.finished()
        #expect(turns.next(for: late) == .answered)
    }

    @Test("one request at a time: each runs its own reload")
    func sequential() {
        var turns = ReloadTurns()
        for expected in 1...3 {
            let ticket = turns.request()
            #expect(turns.next(for: ticket) == .run(covering: expected))
            turns.finished()
            #expect(turns.next(for: ticket) == .answered)
        }
    }
}
