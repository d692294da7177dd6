import Adapters
import Testing

@testable import Actions

@Suite("Failed Originates end their calls in stream order")
struct OriginateResponsesTests {
    @Test("the call ends when both the result and the handled response are in, whichever came first")
    func eitherOrder() {
        var responses = OriginateResponses(capacity: 3)
        #expect(responses.failed("sb-1", callID: "call-1", cause: "19") == nil)
        #expect(responses.handled(["other-9"]).isEmpty)
        #expect(responses.handled(["sb-1"]).map(\.callID) == ["call-1"])
        #expect(responses.handled(["sb-2"]).isEmpty)
        #expect(responses.failed("sb-2", callID: "call-2", cause: "17")?.cause == "17")
        #expect(responses.failed("sb-3", callID: "call-3", cause: "originate_failed") == nil)
        #expect(responses.flush().map(\.callID) == ["call-3"])
        #expect(responses.flush().isEmpty)
    }

    @Test("only the most recent handled responses are remembered")
    func bounded() {
        var responses = OriginateResponses(capacity: 2)
        _ = responses.handled(["a", "b", "c"])
        #expect(responses.failed("a", callID: "call-a", cause: "19") == nil, "forgotten: it waits")
        #expect(responses.failed("c", callID: "call-c", cause: "19")?.callID == "call-c")
    }

    @Test("extension_of answers the user's dialable extension: overrides first, digits only")
    func extensionOf() {
        let lookup = UserLookup(overrides: ["201": 7, "105": 7, "x9": 8])
        #expect(lookup.extension(ofUser: 7) == "105")
        #expect(lookup.extension(ofUser: 8) == nil, "not dialable")
        lookup.update(
            Bitrix24DirectorySnapshot(users: [
                Bitrix24User(id: 9, active: true, name: "Anna", phoneInner: "203"),
                Bitrix24User(id: 10, active: true, name: "Evil", phoneInner: "203&PJSIP/x"),
            ])
        )
        #expect(lookup.extension(ofUser: 9) == "203")
        #expect(lookup.extension(ofUser: 10) == nil)
        #expect(lookup.extension(ofUser: 11) == nil)
    }
}
