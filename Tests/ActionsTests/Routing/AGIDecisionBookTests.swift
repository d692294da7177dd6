import AGIProtocol
import Testing

@testable import Actions

/// The pipeline's book of FastAGI requests being decided (pure).
@Suite("FastAGI decision book")
struct AGIDecisionBookTests {
    static let lookup = LookupRequest(callID: "c1", binding: "crm", phone: "79161234567")

    @Test("a session with a lookup waits for it, then answers with its variables (the last value of a name wins)")
    func lifecycle() throws {
        var book = AGIDecisionBook()
        book.open("s1", callID: "c1")
        book.queue(Self.lookup, for: "s1")
        book.queue(Self.lookup, for: "s1")
        guard case .lookups(let handed)? = book.step(for: "s1") else {
            Issue.record("no lookups")
            return
        }
        #expect(handed == [Self.lookup])
        book.apply(.command(try AGICommand.setVariable("X", "1"), variable: "X", session: nil), callID: "c1")
        book.apply(.command(try AGICommand.setVariable("Y", "2"), variable: "Y", session: "s1"), callID: "c1")
        book.apply(.command(try AGICommand.setVariable("X", "3"), variable: "X", session: "s1"), callID: nil)
        book.landed(Self.lookup, for: "s1")
        guard case .answer(let decision)? = book.step(for: "s1") else {
            Issue.record("no answer")
            return
        }
        #expect(decision.commands.map(\.line) == ["SET VARIABLE X \"3\"", "SET VARIABLE Y \"2\""])
        #expect(book.step(for: "s1") == nil)
    }

    @Test("agi.done answers at once; an answer without a session reaches every waiting request of the call")
    func done() throws {
        var book = AGIDecisionBook()
        book.open("s1", callID: "c1")
        book.open("s2", callID: "c1")
        book.open("s3", callID: "c2")
        book.queue(Self.lookup, for: "s1")
        _ = book.step(for: "s1")
        #expect(book.apply(.done(session: nil), callID: "c1").sorted() == ["s1", "s2"])
        guard case .answer? = book.step(for: "s1") else {
            Issue.record("done did not answer")
            return
        }
        #expect(book.apply(.done(session: "gone"), callID: "c1").isEmpty)
        #expect(book.close("s3").isEmpty)
        #expect(book.isOpen("s2") && !book.isOpen("s3"))
    }

    @Test("closing a session returns the lookups it still waited for")
    func close() {
        var book = AGIDecisionBook()
        book.open("s1", callID: "c1")
        book.queue(Self.lookup, for: "s1")
        #expect(book.close("s1") == [Self.lookup])
    }
}
