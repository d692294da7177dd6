import Foundation
import RuleDSL

extension QueueStateMachine {
    /// Offers members to every waiting call, oldest caller first; a call past its maximum wait overflows.
    mutating func dispatchWaiting() -> [QueueAction] {
        let waiting = calls.values.filter(\.isWaiting).sorted { ($0.joinedAt, $0.id) < ($1.joinedAt, $1.id) }
        var actions: [QueueAction] = []
        for call in waiting {
            actions += dispatch(call.id)
        }
        return actions
    }

    private mutating func dispatch(_ callID: String) -> [QueueAction] {
        guard var call = calls[callID], case .waiting(let holding) = call.state else { return [] }
        guard let spec = queues[call.queue] else {
            calls[callID] = nil
            return [.giveUp(callID: callID, queue: call.queue)]
        }
        let remaining = Int(call.deadline.timeIntervalSince(now).rounded(.down))
        guard remaining >= 1 else { return expire(callID) }
        let chosen = choose(for: &call, in: spec)
        guard !chosen.isEmpty else {
            calls[callID] = call
            guard !holding else { return [] }
            calls[callID]?.state = .waiting(holding: true)
            return [.hold(callID: callID, queue: call.queue)]
        }
        let attempt = QueueAttempt(
            callID: callID,
            queue: call.queue,
            members: chosen,
            seconds: min(spec.ringSeconds, remaining)
        )
        for member in chosen {
            members[member.device]?.engagedCall = callID
            members[member.device]?.ringEndPending = false
            call.triedThisRound.insert(member.device)
        }
        call.lastOffered = chosen.last?.device
        call.state = .ringing(attempt)
        calls[callID] = call
        return [.dial(attempt)]
    }

    /// The maximum wait is over: on to the overflow queue (once per queue), a dialplan place, or give up.
    private mutating func expire(_ callID: String) -> [QueueAction] {
        guard var call = calls.removeValue(forKey: callID) else { return [] }
        let from = call.queue
        let overflow = queues[from]?.overflow
        if case .queue(let next)? = overflow, !call.visited.contains(next), let spec = queues[next] {
            call.queue = next
            call.visited.append(next)
            call.deadline = now.addingTimeInterval(TimeInterval(spec.maxWaitSeconds))
            call.triedThisRound = []
            call.lastOffered = nil
            call.state = .waiting(holding: false)
            calls[callID] = call
            return [.movedToQueue(callID: callID, from: from, to: next)] + dispatch(callID)
        }
        if case .dialplan(let context, let exten, let priority)? = overflow {
            return [.overflow(callID: callID, queue: from, context: context, extension: exten, priority: priority)]
        }
        return [.giveUp(callID: callID, queue: from)]
    }

    /// The members to ring next for `call`, by the queue's strategy; empty: nobody now.
    ///
    /// A round is the set of members offered in this call so far. Members offered in the round are not offered
    /// again until every member who is not absent (paused or logged off) was offered; a member who is busy still
    /// counts, so the caller waits for them rather than ringing a member who already missed. A new round does not
    /// start with the member offered last.
    private mutating func choose(for call: inout QueueCall, in spec: QueueSpec) -> [QueueMemberSpec] {
        let present = spec.members.filter { members[$0.device].map { !$0.isAbsent } ?? false }
        if spec.strategy == .ringall {
            return present.filter { isOfferable($0) }
        }
        var untried = present.filter { !call.triedThisRound.contains($0.device) }
        if untried.isEmpty, !present.isEmpty {
            call.triedThisRound = []
            untried = present.count > 1 ? present.filter { $0.device != call.lastOffered } : present
        }
        let offerable = untried.filter { isOfferable($0) }
        guard !offerable.isEmpty else { return [] }
        switch spec.strategy {
        case .fair:
            let indexed = offerable.enumerated().map { (index: $0.offset, member: $0.element) }
            let longestIdle = indexed.min { lhs, rhs in
                let left = members[lhs.member.device]?.idleSince ?? .distantPast
                let right = members[rhs.member.device]?.idleSince ?? .distantPast
                return left == right ? lhs.index < rhs.index : left < right
            }
            return longestIdle.map { [$0.member] } ?? []
        case .linear, .ringall:
            return [offerable[0]]
        case .random:
            return [offerable[Int(nextRandom() % UInt64(offerable.count))]]
        }
    }

    private func isOfferable(_ member: QueueMemberSpec) -> Bool {
        members[member.device]?.isOfferable(at: now) ?? false
    }

    /// SplitMix64.
    private mutating func nextRandom() -> UInt64 {
        randomState &+= 0x9E37_79B9_7F4A_7C15
        var z = randomState
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
