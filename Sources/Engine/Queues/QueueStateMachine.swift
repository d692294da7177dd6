public import Foundation
public import RuleDSL

/// The engine queues as a pure state machine: one `mutating func` per input (a call arrives, an attempt ends, a call
/// ends, a device or pause changes, time passes), each returning the ``QueueAction``s its driver performs. No clock,
/// no I/O: every input carries its time, so tests drive it on a virtual clock.
///
/// Availability has one source of truth: Asterisk's device state (AMI `DeviceStateChange` / `ExtensionStatus`, see
/// ``QueuePresence``) and app_queue's pause (`QueueMemberPause`), held per device in this machine. Between the
/// engine's own `Dial()` and Asterisk's report, the member is held engaged by the machine itself, so one member is
/// never offered to two callers.
public struct QueueStateMachine: Sendable {
    /// The queues by name.
    public private(set) var queues: [String: QueueSpec]
    var members: [String: QueueMemberStatus] = [:]
    var calls: [String: QueueCall] = [:]
    /// The latest time an input carried.
    public private(set) var now: Date = .distantPast
    /// SplitMix64 state for `random`.
    var randomState: UInt64

    /// Creates the machine for `queues`; `seed` makes `random` reproducible.
    public init(queues: [QueueSpec], seed: UInt64 = 0x5EED_0F_0A1E) {
        self.queues = Dictionary(queues.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.randomState = seed
        for queue in queues {
            for member in queue.members where members[member.device] == nil {
                members[member.device] = QueueMemberStatus()
            }
        }
    }

    /// Applies reloaded queues: members keep their state; calls in a queue that is gone give up at their next step.
    public mutating func reconfigure(queues newQueues: [QueueSpec]) {
        queues = Dictionary(newQueues.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for queue in newQueues {
            for member in queue.members where members[member.device] == nil {
                members[member.device] = QueueMemberStatus()
            }
        }
    }

    // MARK: inputs

    /// A caller enters `queue` (the dialplan's first AGI request).
    public mutating func callArrived(_ callID: String, queue: String, at time: Date) -> [QueueAction] {
        advance(to: time)
        var actions = release(callID)
        guard let spec = queues[queue] else { return actions + [.giveUp(callID: callID, queue: queue)] }
        calls[callID] = QueueCall(
            id: callID,
            queue: queue,
            joinedAt: now,
            deadline: now.addingTimeInterval(TimeInterval(spec.maxWaitSeconds)),
            state: .waiting(holding: false),
            visited: [queue]
        )
        actions += dispatchWaiting()
        return actions
    }

    /// The dialplan's `Dial()` of the call's attempt ended with `status`; `answeredBy` names the device that
    /// answered when several were rung (`ringall`).
    public mutating func attemptEnded(
        _ callID: String,
        status: QueueDialStatus,
        answeredBy: String? = nil,
        at time: Date
    ) -> [QueueAction] {
        advance(to: time)
        guard let call = calls[callID], case .ringing(let attempt) = call.state else { return [] }
        for member in attempt.members where members[member.device]?.engagedCall == callID {
            members[member.device]?.engagedCall = nil
        }
        switch status {
        case .answer:
            let answered =
                attempt.members.first { $0.device == answeredBy || $0.dial == answeredBy } ?? attempt.members[0]
            members[answered.device]?.engagedCall = callID
            calls[callID]?.state = .connected(device: answered.device)
            return [.connected(callID: callID, queue: call.queue, member: answered)] + dispatchWaiting()
        case .cancel:
            calls[callID] = nil
            return dispatchWaiting()
        case .noAnswer, .busy, .congestion, .channelUnavailable, .dontCall, .torture, .invalidArguments:
            // A device that reports a ring as in use (a `Local/…` member) goes free when the ring ends: that is
            // the end of a ring, not of a call, so it does not restart the member's idle time.
            for member in attempt.members where members[member.device]?.deviceState.isTalking == true {
                members[member.device]?.ringEndPending = true
            }
            calls[callID]?.state = .waiting(holding: false)
            return dispatchWaiting()
        }
    }

    /// The call is over (the caller hung up, or the answered conversation ended). A member who talked is idle from
    /// now and rests for the queue's wrap-up time.
    public mutating func callEnded(_ callID: String, at time: Date) -> [QueueAction] {
        advance(to: time)
        return release(callID) + dispatchWaiting()
    }

    /// Asterisk reported `device` in `state`. Leaving a talking state ends a call, so idle time starts again.
    public mutating func deviceStateChanged(
        _ device: String,
        to state: QueueDeviceState,
        at time: Date
    )
        -> [QueueAction]
    {
        advance(to: time)
        guard let key = memberKey(device), let old = members[key]?.deviceState else { return [] }
        members[key]?.deviceState = state
        if old.isTalking, !state.isTalking {
            if members[key]?.ringEndPending == true {
                members[key]?.ringEndPending = false
            } else if let callID = members[key]?.engagedCall {
                // The member's device went free in a call the engine connected: their part of it is over (the call
                // ended, or they transferred the caller on), so they rest and are idle from now, as with app_queue.
                if case .connected(let connected)? = calls[callID]?.state, connected == key { _ = release(callID) }
            } else {
                members[key]?.idleSince = now
            }
        }
        return dispatchWaiting()
    }

    /// The member was paused or unpaused (`QueueMemberPause`, or the engine's pause).
    public mutating func pauseChanged(
        _ device: String,
        paused: Bool,
        reason: String? = nil,
        at time: Date
    )
        -> [QueueAction]
    {
        advance(to: time)
        guard let key = memberKey(device) else { return [] }
        members[key]?.isPaused = paused
        members[key]?.pauseReason = paused ? reason : nil
        return dispatchWaiting()
    }

    /// Time passed: waiting calls past their maximum wait overflow, members whose wrap-up ended are offered.
    public mutating func timePassed(to time: Date) -> [QueueAction] {
        advance(to: time)
        return dispatchWaiting()
    }

    // MARK: what the driver reads

    /// When the machine next needs ``timePassed(to:)``: the earliest deadline of a waiting call or end of a wrap-up.
    public var nextWakeUp: Date? {
        let deadlines = calls.values.filter(\.isWaiting).map(\.deadline)
        let rests = members.values.compactMap(\.restsUntil).filter { $0 > now }
        return (deadlines + rests).min()
    }

    /// The calls waiting or ringing, by id.
    public var activeCallIDs: [String] { calls.keys.sorted() }

    /// When the maximum wait of `callID` in its current queue is over (nil: not a call of the machine).
    public func deadline(of callID: String) -> Date? { calls[callID]?.deadline }

    /// The queue `callID` is in now (nil: not a call of the machine).
    public func queue(of callID: String) -> String? { calls[callID]?.queue }

    /// How many callers are in `queue` (waiting, ringing or connected).
    public func callCount(in queue: String) -> Int { calls.values.reduce(0) { $0 + ($1.queue == queue ? 1 : 0) } }

    /// The member state worth keeping across a restart.
    public var memberRecords: [QueueMemberRecord] {
        members.map {
            QueueMemberRecord(
                device: $0.key,
                idleSince: $0.value.idleSince,
                isPaused: $0.value.isPaused,
                pauseReason: $0.value.pauseReason
            )
        }
        .sorted { $0.device < $1.device }
    }

    /// Puts saved member state back (after a restart); records of devices no queue lists are ignored.
    public mutating func restore(_ records: [QueueMemberRecord]) {
        for record in records where members[record.device] != nil {
            members[record.device]?.idleSince = record.idleSince
            members[record.device]?.isPaused = record.isPaused
            members[record.device]?.pauseReason = record.pauseReason
        }
    }

    // MARK: internals

    private mutating func advance(to time: Date) {
        if time > now { now = time }
    }

    /// The member key for a device or, as app_queue names members, a dial string.
    private func memberKey(_ device: String) -> String? {
        if members[device] != nil { return device }
        return queues.values.lazy.flatMap(\.members).first { $0.dial == device }?.device
    }

    /// Forgets the call, freeing its member(s); a member who talked rests for the wrap-up.
    private mutating func release(_ callID: String) -> [QueueAction] {
        guard let call = calls.removeValue(forKey: callID) else { return [] }
        switch call.state {
        case .waiting: break
        case .ringing(let attempt):
            for member in attempt.members where members[member.device]?.engagedCall == callID {
                members[member.device]?.engagedCall = nil
            }
        case .connected(let device):
            members[device]?.engagedCall = nil
            members[device]?.idleSince = now
            let wrapUp = queues[call.queue]?.wrapUpSeconds ?? 0
            members[device]?.restsUntil = wrapUp > 0 ? now.addingTimeInterval(TimeInterval(wrapUp)) : nil
        }
        return []
    }
}
