import Engine
import Foundation
import RuleDSL

/// A queue state machine on a virtual clock: tests move the clock and feed inputs; every action is recorded.
struct QueueScenario {
    var machine: QueueStateMachine
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    private(set) var elapsed: TimeInterval = 0
    private(set) var actions: [QueueAction] = []

    init(_ queues: [QueueSpec]) {
        machine = QueueStateMachine(queues: queues)
    }

    var now: Date { start.addingTimeInterval(elapsed) }

    /// The dial actions so far, as the dialled member names joined by `&`.
    var offers: [String] {
        actions.compactMap {
            guard case .dial(let attempt) = $0 else { return nil }
            return attempt.members.map(\.name).joined(separator: "&")
        }
    }

    /// The last dial action.
    var lastAttempt: QueueAttempt? {
        actions.reversed().lazy.compactMap {
            guard case .dial(let attempt) = $0 else { return nil }
            return attempt
        }.first
    }

    mutating func at(_ seconds: TimeInterval) {
        precondition(seconds >= elapsed, "the virtual clock only moves forward")
        elapsed = seconds
    }

    @discardableResult
    mutating func arrive(_ call: String, queue: String) -> [QueueAction] {
        record(machine.callArrived(call, queue: queue, at: now))
    }

    @discardableResult
    mutating func outcome(_ call: String, _ status: QueueDialStatus, answeredBy: String? = nil) -> [QueueAction] {
        record(machine.attemptEnded(call, status: status, answeredBy: answeredBy, at: now))
    }

    @discardableResult
    mutating func end(_ call: String) -> [QueueAction] {
        record(machine.callEnded(call, at: now))
    }

    @discardableResult
    mutating func device(_ device: String, _ state: QueueDeviceState) -> [QueueAction] {
        record(machine.deviceStateChanged(device, to: state, at: now))
    }

    @discardableResult
    mutating func pause(_ device: String, _ paused: Bool) -> [QueueAction] {
        record(machine.pauseChanged(device, paused: paused, at: now))
    }

    @discardableResult
    mutating func tick() -> [QueueAction] {
        record(machine.timePassed(to: now))
    }

    private mutating func record(_ new: [QueueAction]) -> [QueueAction] {
        actions += new
        return new
    }

    /// Members `names`, dialled as `PJSIP/<name>`.
    static func members(_ names: [String]) -> [QueueMemberSpec] {
        names.map { QueueMemberSpec(name: $0, dial: "PJSIP/\($0)") }
    }
}
