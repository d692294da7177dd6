public import Foundation

extension CallModel {
    /// The caller of channel `uniqueid` entered engine queue `queue` (the dialplan's first `queue` FastAGI request,
    /// or an overflow into another engine queue): as app_queue's `QueueCallerJoin`, `call.queue_joined`, and the
    /// phones its `Dial()`s ring carry the queue. A caller already in another queue leaves it first (`overflow`).
    /// Nothing for a channel the model does not know.
    public mutating func engineQueueJoined(
        uniqueid: String,
        queue: String,
        position: Int,
        at time: Date
    ) -> [EngineEvent] {
        guard let callID = legs[uniqueid]?.callID, calls[callID] != nil else { return [] }
        if !lastEnded.isEmpty { lastEnded.removeAll(keepingCapacity: true) }
        var step = Step(time: time)
        if let current = calls[callID]?.queue, current != queue {
            calls[callID]?.queue = nil
            emit(.queueLeft(queue: current, reason: .overflow), in: callID, step: &step)
        }
        guard calls[callID]?.queue != queue else { return step.events }
        calls[callID]?.queue = queue
        calls[callID]?.lastQueue = queue
        calls[callID]?.engineQueue = true
        emit(.queueJoined(queue: queue, position: position), in: callID, step: &step)
        return step.events
    }

    /// The caller of channel `uniqueid` left engine queue `queue` without an answer: its maximum wait passed and the
    /// dialplan goes on elsewhere (`timeout`), or into another engine queue (`overflow`). An answer is reported by
    /// the phone that answers (see ``answer(_:in:step:)``), a hang-up by the call's end.
    public mutating func engineQueueLeft(
        uniqueid: String,
        queue: String,
        reason: QueueLeaveReason,
        at time: Date
    ) -> [EngineEvent] {
        guard let callID = legs[uniqueid]?.callID, calls[callID]?.queue == queue else { return [] }
        if !lastEnded.isEmpty { lastEnded.removeAll(keepingCapacity: true) }
        var step = Step(time: time)
        calls[callID]?.queue = nil
        calls[callID]?.engineQueue = false
        emit(.queueLeft(queue: queue, reason: reason), in: callID, step: &step)
        return step.events
    }

    /// A phone rung by an engine queue answered: the caller leaves the queue, answered (app_queue says so with
    /// `AgentConnect`, before the answer).
    mutating func leaveEngineQueueAnswered(_ ringID: String, in callID: String, step: inout Step) {
        guard let call = calls[callID], call.engineQueue, let queue = call.queue, call.rings[ringID]?.queue == queue
        else { return }
        calls[callID]?.queue = nil
        calls[callID]?.engineQueue = false
        emit(.queueLeft(queue: queue, reason: .answered), in: callID, step: &step)
    }
}
