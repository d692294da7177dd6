import AMIProtocol
import Foundation

extension CallModel {
    /// QueueCallerJoin: the caller waits in a queue. Joining another queue right after a timeout is an overflow.
    mutating func handleQueueJoin(_ message: AMIMessage, step: inout Step) {
        guard let callID = callID(of: message), let queue = message["Queue"] else { return }
        resolvePendingQueueTimeout(callID, as: .overflow, step: &step)
        calls[callID]?.queue = queue
        calls[callID]?.engineQueue = false
        calls[callID]?.lastQueue = queue
        calls[callID]?.abandonedQueues.remove(queue)
        emit(
            .queueJoined(queue: queue, position: message["Position"].flatMap { Int($0) } ?? 0),
            in: callID,
            step: &step
        )
    }

    /// AgentRingNoAnswer: the member rang out (RingTime in milliseconds here, unlike AgentConnect's seconds).
    mutating func handleAgentRingNoAnswer(_ message: AMIMessage, step: inout Step) {
        guard let callID = callID(of: message), let destID = message["DestUniqueid"] else { return }
        stopRinging(destID, in: callID, reason: .noAnswer, step: &step)
    }

    /// AgentConnect: the member answered the queue call.
    mutating func handleAgentConnect(_ message: AMIMessage, step: inout Step) {
        guard let callID = callID(of: message), let destID = message["DestUniqueid"] else { return }
        if calls[callID]?.rings[destID] == nil, let channel = message["DestChannel"] {
            startRinging(
                CallMember(channel: channel, uniqueid: destID, interface: message["Interface"]),
                queue: message["Queue"],
                in: callID,
                step: &step
            )
        }
        if let queue = calls[callID]?.queue, queue == message["Queue"] {
            calls[callID]?.queue = nil
            emit(.queueLeft(queue: queue, reason: .answered), in: callID, step: &step)
        }
        answer(destID, in: callID, step: &step)
    }

    /// QueueCallerAbandon: the caller hung up while waiting — or, a quirk, the queue timed out. Which one it
    /// was is told by whether the caller's channel is going; a timeout may still turn into an overflow.
    mutating func handleQueueAbandon(_ message: AMIMessage, step: inout Step) {
        guard let callID = callID(of: message), let queue = message["Queue"], let call = calls[callID] else { return }
        calls[callID]?.abandonedQueues.insert(queue)
        let reason: RingStopReason = call.callerGone ? .callerGone : .queueTimeout
        for ringID in call.ringOrder where call.rings[ringID]?.isRinging == true && call.rings[ringID]?.queue == queue {
            stopRinging(ringID, in: callID, reason: reason, step: &step)
        }
        guard calls[callID]?.queue == queue else { return }
        calls[callID]?.queue = nil
        if call.callerGone {
            emit(.queueLeft(queue: queue, reason: .abandoned), in: callID, step: &step)
        } else {
            calls[callID]?.pendingQueueTimeout = queue
        }
    }

    /// QueueCallerLeave: sent for every way out of a queue; it adds something only when nothing else said why.
    mutating func handleQueueLeave(_ message: AMIMessage, step: inout Step) {
        guard let callID = callID(of: message), let queue = message["Queue"], let call = calls[callID],
            call.queue == queue, !call.abandonedQueues.contains(queue)
        else { return }
        let answered = call.rings.values.contains { $0.queue == queue && ($0.answerPending || $0.hasAnswered) }
        guard answered else { return }  // AgentConnect, a transfer or the hangup will tell
        calls[callID]?.queue = nil
        emit(.queueLeft(queue: queue, reason: .answered), in: callID, step: &step)
    }

    /// Reports a queue left on a timeout once it is known what followed.
    mutating func resolvePendingQueueTimeout(_ callID: String, as reason: QueueLeaveReason, step: inout Step) {
        guard let queue = calls[callID]?.pendingQueueTimeout else { return }
        calls[callID]?.pendingQueueTimeout = nil
        emit(.queueLeft(queue: queue, reason: reason == .answered ? .timeout : reason), in: callID, step: &step)
    }
}
