import AMIProtocol
import Engine
import Foundation
import Simulators
import TestSupport
import Testing

/// What engine queues tell the call model: the caller joins and leaves the queue as with app_queue, the rings of the
/// dialplan's `Dial()` carry the queue, and an answer takes the caller out of it.
@Suite struct EngineQueueCallModelTests {
    static let arrival = Date(timeIntervalSince1970: 1_795_564_211)

    /// answered.ami up to the caller joining app_queue's `sales`: the caller's channels, no queue yet.
    static func callerArrives() throws -> CallModel {
        var model = CallModel()
        let events = try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events
        for event in events.prefix(while: { $0.name != "QueueCallerJoin" }) {
            _ = model.handle(event, arrival: arrival)
        }
        return model
    }

    static func names(_ events: [EngineEvent]) -> [String] { events.map(\.name) }

    @Test func joinedRingsCarryTheQueueAndTheAnswerLeavesIt() throws {
        var model = try Self.callerArrives()
        let caller = "1795564212.1"
        let joined = model.engineQueueJoined(uniqueid: caller, queue: "sales", position: 1, at: Self.arrival)
        #expect(Self.names(joined) == ["call.queue_joined"])
        #expect(model.call(ofChannel: caller)?.queue == "sales")
        let ring = AMIMessage([
            "Event": "DialBegin", "Channel": "Local/79161234567@incoming-00000000;2", "Uniqueid": caller,
            "Linkedid": "1795564212.0", "DestChannel": "Local/202@agents-00000009;1", "DestUniqueid": "1795564212.40",
            "DestLinkedid": "1795564212.0", "DialString": "202@agents",
        ])
        let ringing = model.handle(ring, arrival: Self.arrival)
        guard case .ringing(let member, let queue)? = ringing.last?.kind else { throw Failure("no ring") }
        #expect(member.extension == "202" && queue == "sales")
        let answer = AMIMessage([
            "Event": "DialEnd", "Channel": "Local/79161234567@incoming-00000000;2", "Uniqueid": caller,
            "Linkedid": "1795564212.0", "DestChannel": "Local/202@agents-00000009;1", "DestUniqueid": "1795564212.40",
            "DestLinkedid": "1795564212.0", "DialStatus": "ANSWER",
        ])
        _ = model.handle(answer, arrival: Self.arrival)
        let bridged = model.handle(
            AMIMessage([
                "Event": "BridgeEnter", "Channel": "Local/202@agents-00000009;1", "Uniqueid": "1795564212.40",
                "Linkedid": "1795564212.0",
            ]),
            arrival: Self.arrival
        )
        #expect(Self.names(bridged) == ["call.queue_left", "call.ring_stopped", "call.answered"])
        #expect(bridged.first?.kind == .queueLeft(queue: "sales", reason: .answered))
        #expect(model.call(ofChannel: caller)?.queue == nil)
    }

    @Test func anOverflowLeavesOneQueueForTheOtherAndATimeoutLeavesIt() throws {
        var model = try Self.callerArrives()
        let caller = "1795564212.1"
        _ = model.engineQueueJoined(uniqueid: caller, queue: "sales", position: 1, at: Self.arrival)
        let moved = model.engineQueueJoined(uniqueid: caller, queue: "support", position: 2, at: Self.arrival)
        #expect(Self.names(moved) == ["call.queue_left", "call.queue_joined"])
        #expect(moved.first?.kind == .queueLeft(queue: "sales", reason: .overflow))
        let left = model.engineQueueLeft(uniqueid: caller, queue: "support", reason: .timeout, at: Self.arrival)
        #expect(Self.names(left) == ["call.queue_left"])
        #expect(model.call(ofChannel: caller)?.lastQueue == "support")
        // A channel the model does not know, or a queue the caller is not in: nothing.
        #expect(model.engineQueueJoined(uniqueid: "nope", queue: "sales", position: 1, at: Self.arrival).isEmpty)
        #expect(model.engineQueueLeft(uniqueid: caller, queue: "sales", reason: .timeout, at: Self.arrival).isEmpty)
    }
}
