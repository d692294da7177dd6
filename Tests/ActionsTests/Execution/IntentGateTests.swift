import Actions
import Engine
import Foundation
import RuleDSL
import Testing

/// The intents of a call wait for the results they read, in order, at most the gate's limit — exactly, on the time
/// the test gives.
@Suite("Intent gate: held intents and their limit")
struct IntentGateTests {
    static let start = Date(timeIntervalSince1970: 1_773_000_000)
    static let callID = Value.deferred(.reference(DeferredReference(["call", "b24", "call_id"])))
    static let responsible = Value.deferred(.reference(DeferredReference(["call", "crm", "responsible"])))
    static let fallback = Value.deferred(.fallback(responsible, 1))

    static func intent(_ action: ActionKind, _ arguments: [String: Value], call: String = "c1") -> ActionIntent {
        ActionIntent(ruleID: "r", kind: action, arguments: arguments, binding: nil, callID: call, trigger: "t")
    }

    let finish = intent(.finishCall, ["call": callID, "user": fallback, "duration": 0])
    let hide = intent(.hideCard, ["call": callID, "users": [11]])

    @Test("An intent waiting for a result holds the later ones; the result releases them in order")
    func releasedInOrder() {
        var gate = IntentGate(limit: .seconds(30))
        #expect(gate.submit(finish, now: Self.start) == .waits(for: DeferredReference(["call", "crm", "responsible"])))
        #expect(gate.submit(hide, now: Self.start) == .queued)
        #expect(gate.isHolding("c1"))
        // Another call is not held.
        let other = Self.intent(.hideCard, ["call": Self.callID, "users": [12]], call: "c2")
        #expect(
            gate.submit(other, now: Self.start)
                == .run(.init(intent: other, arguments: ["users": [12]], callReference: .register))
        )

        let released = gate.land("crm", value: ["responsible": 42], in: "c1", now: Self.start.addingTimeInterval(3))
        #expect(released.map(\.intent) == [finish, hide])
        #expect(released.first?.arguments["user"] == 42)
        #expect(!gate.isHolding("c1"))
        #expect(gate.nextDeadline == nil)
    }

    @Test("After exactly the limit the result counts as given up: `a ?? b` takes b and the call goes on")
    func releasedAfterLimit() throws {
        var gate = IntentGate(limit: .seconds(30))
        _ = gate.submit(finish, now: Self.start)
        _ = gate.submit(hide, now: Self.start.addingTimeInterval(5))
        let deadline = Self.start.addingTimeInterval(30)
        #expect(gate.nextDeadline == deadline)
        #expect(gate.tick(now: deadline.addingTimeInterval(-0.001)).isEmpty)
        let expiries = gate.tick(now: deadline)
        #expect(expiries.map(\.binding) == ["crm"])
        #expect(expiries.first?.intent == finish)

        // The driver lands the result as given up (nil), which releases both intents.
        let released = gate.land("crm", value: nil, in: "c1", now: deadline)
        #expect(released.map(\.intent) == [finish, hide])
        #expect(released.first?.arguments["user"] == 1)
        #expect(gate.nextDeadline == nil)
    }

    @Test("A new head starts its own wait")
    func newHeadWaitsAnew() {
        var gate = IntentGate(limit: .seconds(30))
        let second = Self.intent(.log, ["message": .deferred(.reference(DeferredReference(["call", "lead", "id"])))])
        _ = gate.submit(finish, now: Self.start)
        _ = gate.submit(second, now: Self.start)
        let landedAt = Self.start.addingTimeInterval(20)
        #expect(gate.land("crm", value: ["responsible": 7], in: "c1", now: landedAt).map(\.intent) == [finish])
        #expect(gate.nextDeadline == landedAt.addingTimeInterval(30))
    }

    @Test("Results of ended calls are kept for late landings, then dropped")
    func endedCallsForgotten() {
        var gate = IntentGate(limit: .seconds(30), endedCallsKept: 2)
        for call in ["a", "b", "c"] {
            _ = gate.land("crm", value: ["responsible": 1], in: call, now: Self.start)
            gate.callEnded(call)
        }
        #expect(gate.results(of: "a").isEmpty)
        #expect(gate.results(of: "b")["crm"] != nil)
        #expect(gate.results(of: "c")["crm"] != nil)
    }
}
