public import Foundation
public import RuleDSL

/// The dialplan loop of engine queues, pure: the dialplan asks (`AGI(agi://…/queue?name=sales&status=${DIALSTATUS})`),
/// is told what to dial and for how long (or to wait, or where to go on), dials, and asks again with the outcome,
/// until a member answers or the queue gives up. Around a ``QueueStateMachine`` it keeps, per caller's channel, what
/// the dialplan was told and what waits to be told: the machine decides at once (a member freed while the caller hears
/// music on hold is offered to that caller at once, and held for them), the dialplan learns it at its next question.
///
/// Inputs: ``ask(_:at:)`` (a question), ``observe(_:at:)`` (the AMI stream: availability, the answer of a member,
/// hang-ups) and ``timePassed(to:)`` (at ``nextWakeUp``). Each returns a ``Step``: the answer to the question, and
/// what the call model is told (``QueueNote``). No clock, no I/O.
///
/// The dialplan is not trusted to come back: an attempt it does not report within its ring time and
/// ``graceSeconds`` counts as unanswered, and a waiting caller who does not ask again within ``waitSeconds`` and
/// ``graceSeconds`` is gone (their hang-up was missed), so a member is never held for nobody.
public struct QueueDialplanLoop: Sendable {
    /// What one input produced.
    public struct Step: Sendable, Hashable {
        /// The answer to the question (``ask(_:at:)`` only).
        public var answer: QueueAnswer?
        /// What the call model is told, in order.
        public var notes: [QueueNote] = []

        /// A step.
        public init(answer: QueueAnswer? = nil, notes: [QueueNote] = []) {
            self.answer = answer
            self.notes = notes
        }
    }

    /// The queues' state machine.
    public internal(set) var machine: QueueStateMachine
    /// The callers' channels being served, by Uniqueid.
    var channels: [String: QueueChannel] = [:]
    /// The channel of each answering member's channel.
    var memberChannels: [String: String] = [:]
    /// Channels whose call was answered and is over, or whose caller hung up: a late question is told `done`.
    var finished = RecentSet(capacity: 4096)
    /// The longest music on hold before the next question, when nobody can be rung now.
    public let waitSeconds: Int
    /// How late the dialplan may be with its next question before the engine stops waiting for it.
    public let graceSeconds: Int

    /// A loop over `machine`; a waiting caller asks again every `waitSeconds` (at least 1).
    public init(machine: QueueStateMachine, waitSeconds: Int = 2, graceSeconds: Int = 10) {
        self.machine = machine
        self.waitSeconds = max(1, waitSeconds)
        self.graceSeconds = max(1, graceSeconds)
    }

    /// Callers being served now.
    public var activeChannels: Int { channels.count }

    /// Applies reloaded queues (see ``QueueStateMachine/reconfigure(queues:)``).
    public mutating func reconfigure(queues: [QueueSpec]) {
        machine.reconfigure(queues: queues)
    }

    /// Puts saved member state back (see ``QueueStateMachine/restore(_:)``).
    public mutating func restore(_ records: [QueueMemberRecord]) {
        machine.restore(records)
    }

    /// The dialplan asks: a new caller enters the queue; a caller who was told to dial reports the outcome; a caller
    /// who waited asks again.
    public mutating func ask(_ question: QueueAsk, at time: Date) -> Step {
        let uniqueid = question.uniqueid
        var step = Step()
        guard var channel = channels[uniqueid] else {
            if finished.contains(uniqueid) { return Step(answer: .done(queue: question.queue)) }
            channels[uniqueid] = QueueChannel(queue: question.queue, lastAsk: time)
            let actions = machine.callArrived(uniqueid, queue: question.queue, at: time)
            if machine.queues[question.queue] != nil {
                let position = machine.callCount(in: question.queue)
                step.notes.append(.joined(uniqueid: uniqueid, queue: question.queue, position: position))
            }
            step.notes += apply(actions)
            step.answer = answer(uniqueid, at: time)
            return step
        }
        channel.lastAsk = time
        channels[uniqueid] = channel
        if channel.connected {
            // Asked again after an answered call (`Dial()` with `g`): the call is over.
            step.notes += apply(machine.callEnded(uniqueid, at: time))
            close(uniqueid)
            return Step(answer: .done(queue: channel.queue), notes: step.notes)
        }
        guard channel.issued != nil else {
            step.notes += apply(machine.timePassed(to: time))
            step.answer = answer(uniqueid, at: time)
            return step
        }
        channels[uniqueid]?.issued = nil
        let status = question.dialStatus.flatMap(QueueDialStatus.init(dialStatus:)) ?? .noAnswer
        step.notes += apply(machine.attemptEnded(uniqueid, status: status, at: time))
        switch status {
        case .answer:
            step.notes += apply(machine.callEnded(uniqueid, at: time))
            close(uniqueid)
            step.answer = .done(queue: channel.queue)
        case .cancel:
            close(uniqueid)
            step.answer = .done(queue: channel.queue)
        default:
            step.answer = answer(uniqueid, at: time)
        }
        return step
    }

    /// Time passed (call it at ``nextWakeUp``): callers past their maximum wait overflow, members whose wrap-up ended
    /// are offered, and the dialplan's overdue questions are given up on.
    public mutating func timePassed(to time: Date) -> Step {
        var step = Step(notes: apply(machine.timePassed(to: time)))
        for uniqueid in channels.keys.sorted() {
            guard let channel = channels[uniqueid], !channel.connected else { continue }
            if let issued = channel.issued {
                guard time >= issued.at.addingTimeInterval(TimeInterval(issued.attempt.seconds + graceSeconds)) else {
                    continue
                }
                channels[uniqueid]?.issued = nil
                step.notes += apply(machine.attemptEnded(uniqueid, status: .noAnswer, at: time))
            } else if time >= channel.lastAsk.addingTimeInterval(TimeInterval(waitSeconds + graceSeconds)) {
                step.notes += apply(machine.callEnded(uniqueid, at: time))
                close(uniqueid)
            }
        }
        return step
    }

    /// When ``timePassed(to:)`` is next needed: the state machine's next wake-up, or the moment an expected question
    /// is overdue.
    public var nextWakeUp: Date? {
        var times = machine.nextWakeUp.map { [$0] } ?? []
        for channel in channels.values where !channel.connected {
            if let issued = channel.issued {
                times.append(issued.at.addingTimeInterval(TimeInterval(issued.attempt.seconds + graceSeconds)))
            } else {
                times.append(channel.lastAsk.addingTimeInterval(TimeInterval(waitSeconds + graceSeconds)))
            }
        }
        return times.min()
    }

    // MARK: internals

    /// Takes what is pending for the channel as its answer; nothing pending: wait.
    mutating func answer(_ uniqueid: String, at time: Date) -> QueueAnswer {
        guard var channel = channels[uniqueid] else { return .done(queue: "") }
        switch channel.pending {
        case .dial(let attempt)?:
            channel.pending = nil
            channel.issued = (attempt, time)
            channels[uniqueid] = channel
            return .dial(attempt)
        case .goto(let queue, let context, let exten, let priority)?:
            channels[uniqueid] = nil
            return .goto(queue: queue, context: context, extension: exten, priority: priority)
        case .giveUp(let queue)?:
            channels[uniqueid] = nil
            return .giveUp(queue: queue)
        case nil:
            guard let deadline = machine.deadline(of: uniqueid) else {
                channels[uniqueid] = nil
                return .giveUp(queue: channel.queue)
            }
            let left = Int(deadline.timeIntervalSince(time).rounded(.up))
            return .wait(queue: channel.queue, seconds: min(waitSeconds, max(1, left)))
        }
    }

    /// Records what the machine decided; returns what the call model is told.
    mutating func apply(_ actions: [QueueAction]) -> [QueueNote] {
        var notes: [QueueNote] = []
        for action in actions {
            switch action {
            case .dial(let attempt):
                channels[attempt.callID]?.pending = .dial(attempt)
            case .hold:
                break
            case .connected(let callID, _, _):
                channels[callID]?.connected = true
                channels[callID]?.issued = nil
            case .movedToQueue(let callID, _, let to):
                channels[callID]?.queue = to
                notes.append(.joined(uniqueid: callID, queue: to, position: machine.callCount(in: to)))
            case .overflow(let callID, let queue, let context, let exten, let priority):
                channels[callID]?.pending = .goto(queue: queue, context: context, extension: exten, priority: priority)
                notes.append(.left(uniqueid: callID, queue: queue, reason: .timeout))
            case .giveUp(let callID, let queue):
                channels[callID]?.pending = .giveUp(queue: queue)
                notes.append(.left(uniqueid: callID, queue: queue, reason: .timeout))
            }
        }
        // An answered call the machine let go (the member's device went free): over for the loop too.
        for (uniqueid, channel) in channels where channel.connected && machine.queue(of: uniqueid) == nil {
            close(uniqueid)
        }
        return notes
    }

    /// Forgets the channel; a late question is told `done`.
    mutating func close(_ uniqueid: String) {
        if let member = channels.removeValue(forKey: uniqueid)?.memberUniqueid { memberChannels[member] = nil }
        finished.insert(uniqueid)
    }
}
