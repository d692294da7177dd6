import Actions
import Engine
import RuleDSL
import Testing

/// Deferred arguments against the results landed so far: the register's CALL_ID never waits, other references
/// wait until their result lands, `a ?? b` falls back once the result is known to lack `a`.
@Suite struct ArgumentResolverTests {
    static func intent(_ action: ActionKind, _ arguments: [String: Value]) -> ActionIntent {
        ActionIntent(
            ruleID: "r",
            kind: action,
            arguments: arguments,
            binding: nil,
            callID: "c1",
            trigger: "call.ended"
        )
    }

    static let callID = Value.deferred(.reference(DeferredReference(["call", "b24", "call_id"])))
    static let responsible = Value.deferred(.reference(DeferredReference(["call", "crm", "responsible"])))

    @Test func theRegistersCallIDIsFilledInByTheScheduler() {
        let resolution = ArgumentResolver(landed: [:]).resolve(
            Self.intent(.showCard, ["call": Self.callID, "users": [11]])
        )
        #expect(resolution == .ready(["users": [11]], .register))
    }

    @Test func aLandedCallIDIsSentAsItIs() {
        let resolver = ArgumentResolver(landed: ["b24": ["call_id": "externalCall.1"]])
        #expect(
            resolver.resolve(Self.intent(.hideCard, ["call": Self.callID, "users": [11]]))
                == .ready(["users": [11]], .literal("externalCall.1"))
        )
    }

    @Test func anotherResultIsAwaited() {
        let intent = Self.intent(.finishCall, ["call": Self.callID, "user": Self.responsible, "duration": 0])
        #expect(
            ArgumentResolver(landed: [:]).resolve(intent)
                == .waiting(DeferredReference(["call", "crm", "responsible"]))
        )
        let landed = ArgumentResolver(landed: ["crm": ["found": true, "responsible": 12]]).resolve(intent)
        #expect(landed == .ready(["user": 12, "duration": 0], .register))
    }

    @Test func aFallbackTakesItsDefaultWhenTheResultLacksTheField() {
        let user = Value.deferred(.fallback(Self.responsible, 1))
        let intent = Self.intent(.finishCall, ["call": Self.callID, "user": user, "duration": 0])
        #expect(
            ArgumentResolver(landed: [:]).resolve(intent)
                == .waiting(DeferredReference(["call", "crm", "responsible"]))
        )
        #expect(
            ArgumentResolver(landed: ["crm": ["found": false]]).resolve(intent)
                == .ready(["user": 1, "duration": 0], .register)
        )
        // Given up: the result landed as null.
        #expect(
            ArgumentResolver(landed: ["crm": .null]).resolve(intent) == .ready(["user": 1, "duration": 0], .register)
        )
        #expect(
            ArgumentResolver(landed: ["crm": ["responsible": 12]]).resolve(intent)
                == .ready(["user": 12, "duration": 0], .register)
        )
    }

    @Test func anOptionalArgumentWhoseResultLacksItIsLeftOut() {
        let intent = Self.intent(
            .createLead,
            ["phone": "79161234567", "title": "t", "responsible": Self.responsible]
        )
        #expect(
            ArgumentResolver(landed: ["crm": ["found": false]]).resolve(intent)
                == .ready(["phone": "79161234567", "title": "t"], nil)
        )
    }
}
