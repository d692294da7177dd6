import Engine
import Foundation
import RuleDSL
import TestSupport

/// A discrete-event simulation of callers and members around a ``QueueStateMachine`` on a virtual clock, driven by a
/// seeded generator: arrivals, members answering with a probability after a few seconds, talking, hanging up.
/// It keeps its own record of who is free and idle since when, to check every offer against idle-time fairness.
struct QueueFairnessSimulation {
    struct Member {
        var name: String
        var answerProbability: Double
        /// Seconds a call with this member lasts, drawn uniformly from this range.
        var talk: ClosedRange<Double>
    }

    struct Outcome {
        var answered: [String: Int] = [:]
        var offers: [String: Int] = [:]
        /// The most times one member was offered within one call.
        var mostOffersInOneCall: [String: Int] = [:]
        var overflowed = 0
        /// Offers that did not go to the longest-idle member free and not yet tried in the call.
        var unfairOffers: [String] = []
        /// Seconds from the first arrival to the last event.
        var span: TimeInterval = 0
    }

    private enum Event {
        case arrival(Int)
        case attemptEnded(call: String, status: QueueDialStatus)
        case hangUp(call: String)
        case wakeUp
    }

    let members: [Member]
    let spec: QueueSpec
    var random: SplitMix64

    private var machine: QueueStateMachine
    private var events: [(time: Date, order: Int, event: Event)] = []
    private var order = 0
    private let epoch = Date(timeIntervalSince1970: 1_800_000_000)
    private var now = Date(timeIntervalSince1970: 1_800_000_000)
    /// The simulation's own view: end of each member's last call, who is busy, who rests until when. Times are
    /// `Date`s computed as the machine computes them (a `TimeInterval` offset rounds differently, and an oracle that
    /// rounds otherwise than the machine sees a member still resting at the very instant the machine offers them).
    private var idleSince: [String: Date] = [:]
    private var busy: Set<String> = []
    private var restsUntil: [String: Date] = [:]
    private var offeredInCall: [String: [String: Int]] = [:]
    private var talkingMember: [String: String] = [:]
    /// The member ringing for each call, until the attempt's end is processed (an attempt that ends at the instant
    /// of another input is still ringing for that input, as it is for the machine).
    private var ringingFor: [String: String] = [:]
    private var outcome = Outcome()

    init(members: [Member], ringSeconds: Int, maxWaitSeconds: Int, wrapUpSeconds: Int, seed: UInt64) {
        self.members = members
        self.spec = QueueSpec(
            name: "sales",
            strategy: .fair,
            members: members.map { QueueMemberSpec(name: $0.name, dial: "PJSIP/\($0.name)") },
            ringSeconds: ringSeconds,
            maxWaitSeconds: maxWaitSeconds,
            wrapUpSeconds: wrapUpSeconds,
            overflow: .dialplan(context: "voicemail", extension: "s", priority: 1)
        )
        self.random = SplitMix64(seed: seed)
        self.machine = QueueStateMachine(queues: [spec])
    }

    /// Runs `calls` arrivals with exponentially distributed gaps of `meanGap` seconds, to the end.
    mutating func run(calls: Int, meanGap: Double) -> Outcome {
        var time: TimeInterval = 0
        for index in 0..<calls {
            schedule(.arrival(index), at: epoch.addingTimeInterval(time))
            time += -meanGap * log(1 - uniform())
        }
        while !events.isEmpty {
            let next = events.removeFirst()
            now = next.time
            let date = now
            switch next.event {
            case .arrival(let index):
                apply(machine.callArrived("call-\(index)", queue: "sales", at: date))
            case .attemptEnded(let call, let status):
                ringingFor[call] = nil
                apply(machine.attemptEnded(call, status: status, at: date))
            case .hangUp(let call):
                if let member = talkingMember.removeValue(forKey: call) {
                    busy.remove(member)
                    idleSince[member] = now
                    restsUntil[member] = now.addingTimeInterval(TimeInterval(spec.wrapUpSeconds))
                }
                apply(machine.callEnded(call, at: date))
            case .wakeUp:
                apply(machine.timePassed(to: date))
            }
        }
        outcome.span = now.timeIntervalSince(epoch)
        return outcome
    }

    private mutating func apply(_ actions: [QueueAction]) {
        for action in actions {
            switch action {
            case .dial(let attempt):
                offer(attempt)
            case .connected(let call, _, let member):
                outcome.answered[member.name, default: 0] += 1
                talkingMember[call] = member.name
                busy.insert(member.name)
                let talk = members.first { $0.name == member.name }?.talk ?? 60...60
                schedule(.hangUp(call: call), at: now.addingTimeInterval(uniform(in: talk)))
            case .overflow, .giveUp:
                outcome.overflowed += 1
            case .hold, .movedToQueue:
                break
            }
        }
        if let wake = machine.nextWakeUp, wake > now {
            schedule(.wakeUp, at: wake)
        }
    }

    private mutating func offer(_ attempt: QueueAttempt) {
        let name = attempt.members[0].name
        checkFairness(of: name, for: attempt.callID)
        outcome.offers[name, default: 0] += 1
        offeredInCall[attempt.callID, default: [:]][name, default: 0] += 1
        let count = offeredInCall[attempt.callID]?[name] ?? 0
        outcome.mostOffersInOneCall[name] = max(outcome.mostOffersInOneCall[name] ?? 0, count)
        ringingFor[attempt.callID] = name
        let probability = members.first { $0.name == name }?.answerProbability ?? 0
        if uniform() < probability {
            let longest = min(8, Double(attempt.seconds))
            let delay = uniform(in: min(2, longest)...longest)
            schedule(.attemptEnded(call: attempt.callID, status: .answer), at: now.addingTimeInterval(delay))
        } else {
            let end = now.addingTimeInterval(TimeInterval(attempt.seconds))
            schedule(.attemptEnded(call: attempt.callID, status: .noAnswer), at: end)
        }
    }

    /// The offered member must be the longest-idle among those free, rested and not yet offered in this call.
    private mutating func checkFairness(of name: String, for call: String) {
        let tried = Set(offeredInCall[call]?.keys.map { $0 } ?? [])
        let candidates = members.map(\.name).filter { member in
            let ringing = ringingFor.values.contains(member)
            return !tried.contains(member) && !busy.contains(member) && !ringing
                && (restsUntil[member] ?? .distantPast) <= now
        }
        let expected = candidates.enumerated().min { lhs, rhs in
            let left = idleSince[lhs.element] ?? .distantPast
            let right = idleSince[rhs.element] ?? .distantPast
            return left == right ? lhs.offset < rhs.offset : left < right
        }?.element
        if expected != name {
            let at = now.timeIntervalSince(epoch)
            outcome.unfairOffers.append("\(call) at \(at): \(name), expected \(expected ?? "nobody")")
        }
    }

    private mutating func schedule(_ event: Event, at time: Date) {
        order += 1
        let entry = (time: time, order: order, event: event)
        let index = events.firstIndex { ($0.time, $0.order) > (time, order) } ?? events.count
        events.insert(entry, at: index)
    }

    private mutating func uniform() -> Double {
        Double(random.next() >> 11) / Double(1 << 53)
    }

    private mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }
}
