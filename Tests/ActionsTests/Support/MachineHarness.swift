import Actions
import Adapters
import Foundation
import TestSupport

/// Plays the driver of a ``DeliveryStateMachine`` without any I/O: an in-memory outbox (row ids, acknowledged
/// results, dead letters), writes that always succeed unless told otherwise, and time that moves only when the test
/// says. Records every request sent, outcome landed, notice and the current wake-up time.
struct MachineHarness {
    var machine: DeliveryStateMachine
    private(set) var now: Date
    private var nextID: Int64 = 1
    /// What the outbox's `delivered` table holds: call → step → result.
    private(set) var delivered: [String: [String: Bitrix24Value]] = [:]
    /// What its `dead_letters` table holds, in order.
    private(set) var deadLetters: [(OutboxEntry, String)] = []
    /// Every request sent, in order.
    private(set) var sent: [DeliveryRequest] = []
    /// Every outcome landed, in order.
    private(set) var landed: [DeliveryOutcome] = []
    private(set) var notices: [DeliveryNotice] = []
    /// When the machine asked to be woken (nil: nothing waits for time).
    private(set) var wake: Date?
    /// Urgent requests granted, in order.
    private(set) var granted: [Int] = []
    /// Writes made, in order.
    private(set) var writes: [OutboxWrite] = []
    /// When set, the next write fails with this reason.
    var failNextWrite: String?

    static let start = Date(timeIntervalSince1970: 1_773_000_000)

    init(_ configuration: DeliveryConfiguration = .init(), seed: UInt64 = 7) {
        machine = DeliveryStateMachine(configuration: configuration, random: SplitMix64(seed: seed))
        now = Self.start
    }

    /// The jitter values the machine will draw, in order (the same generator, seeded alike).
    static func jitter(seed: UInt64 = 7, count: Int) -> [Double] {
        var jitter = DeliveryJitter(SplitMix64(seed: seed))
        return (0..<count).map { _ in jitter.next() }
    }

    /// Starts the machine on an empty outbox, or on `pending` rows.
    @discardableResult
    mutating func start(
        pending: [OutboxEntry] = [],
        results: [String: [String: Bitrix24Value]] = [:]
    )
        -> [DeliveryRequest]
    {
        nextID = max(nextID, (pending.map(\.id).max() ?? 0) + 1)
        delivered = results
        let actions = machine.restored(pending: pending, results: results, now: now)
        return absorb(actions)
    }

    /// An outbox row for `command`, as the outbox would write it now.
    mutating func row(_ command: DeliveryCommand) -> OutboxEntry {
        defer { nextID += 1 }
        return OutboxEntry(id: nextID, command: command, notBefore: now)
    }

    /// Enqueues `commands` (skipping steps already delivered); returns the requests sent at once.
    @discardableResult
    mutating func enqueue(_ commands: [DeliveryCommand]) -> [DeliveryRequest] {
        var entries: [OutboxEntry] = []
        var results: [String: [String: Bitrix24Value]] = [:]
        for command in commands where delivered[command.callKey]?[command.step] == nil {
            for binding in command.bindings.values {
                if let result = delivered[command.callKey]?[binding.step] {
                    results[command.callKey, default: [:]][binding.step] = result
                }
            }
            entries.append(row(command))
        }
        let actions = machine.queued(entries, results: results, now: now)
        return absorb(actions)
    }

    /// Answers `request`: each command's outcome from `outcome` (by default: success with a plausible result).
    @discardableResult
    mutating func answer(
        _ request: DeliveryRequest,
        _ outcome: (PlannedCommand) -> DeliveryCommandOutcome = { .success(MachineHarness.result(of: $0)) }
    ) -> [DeliveryRequest] {
        var outcomes: [String: DeliveryCommandOutcome] = [:]
        for command in request.commands { outcomes[command.key] = outcome(command) }
        let actions = machine.requestAnswered(request.id, outcomes: outcomes, now: now)
        return absorb(actions)
    }

    /// Fails `request` as a whole with `error`.
    @discardableResult
    mutating func fail(_ request: DeliveryRequest, _ error: Bitrix24Error) -> [DeliveryRequest] {
        let actions = machine.requestFailed(request.id, error: error, now: now)
        return absorb(actions)
    }

    /// Moves time to `date` and ticks when it passed the wake-up time; returns the requests sent.
    @discardableResult
    mutating func advance(to date: Date) -> [DeliveryRequest] {
        now = date
        let actions = machine.tick(now: now)
        return absorb(actions)
    }

    /// Moves time by `seconds`.
    @discardableResult
    mutating func advance(by seconds: TimeInterval) -> [DeliveryRequest] {
        advance(to: now.addingTimeInterval(seconds))
    }

    /// Pauses the portal by hand.
    @discardableResult
    mutating func pause(reason: String) -> [DeliveryRequest] {
        let actions = machine.pausePortal(reason: reason, now: now)
        return absorb(actions)
    }

    /// Resumes the portal by hand.
    @discardableResult
    mutating func resume() -> [DeliveryRequest] {
        let actions = machine.resumePortal(now: now)
        return absorb(actions)
    }

    /// Asks for urgent request `id`.
    @discardableResult
    mutating func requestUrgent(_ id: Int) -> [DeliveryRequest] {
        let actions = machine.urgentRequested(id, now: now)
        return absorb(actions)
    }

    /// Reports urgent request `id` answered.
    @discardableResult
    mutating func finishUrgent(_ id: Int, _ outcome: DeliveryUrgentOutcome = .answered) -> [DeliveryRequest] {
        let actions = machine.urgentFinished(id, outcome: outcome, now: now)
        return absorb(actions)
    }

    /// Answers every request in flight successfully, in order, until none is left; returns how many were answered.
    @discardableResult
    mutating func answerAll(_ requests: [DeliveryRequest]) -> Int {
        var queue = requests
        var count = 0
        while !queue.isEmpty {
            let next = queue.removeFirst()
            count += 1
            queue += answer(next)
        }
        return count
    }

    /// Performs an input's actions as the driver would: writes applied to the in-memory outbox (and reported).
    mutating func absorb(_ actions: [DeliveryAction]) -> [DeliveryRequest] {
        var sentNow: [DeliveryRequest] = []
        var actions = actions
        while true {
            var write: OutboxWrite?
            var due: Date?
            for action in actions {
                switch action {
                case .send(let request):
                    sent.append(request)
                    sentNow.append(request)
                case .write(let next): write = next
                case .land(let outcome): landed.append(outcome)
                case .wake(let at): due = at
                case .notice(let notice): notices.append(notice)
                case .runUrgent(let id): granted.append(id)
                }
            }
            wake = due
            guard let write else { return sentNow }
            writes.append(write)
            if let reason = failNextWrite {
                failNextWrite = nil
                actions = machine.writeFailed(write.id, reason: reason, now: now)
                continue
            }
            for change in write.changes {
                switch change {
                case .acknowledge(let entry, let result):
                    delivered[entry.command.callKey, default: [:]][entry.command.step] = result
                case .deadLetter(let entry, let reason): deadLetters.append((entry, reason))
                case .update: break
                }
            }
            actions = machine.written(write.id, now: now)
        }
    }

    /// A result shaped like the portal's: a CALL_ID for a register, `true` for a show/hide, and so on.
    static func result(of command: PlannedCommand) -> Bitrix24Value {
        switch command.method {
        case "telephony.externalcall.register":
            ["CALL_ID": .string("externalCall.\(command.entry.command.callKey)"), "CRM_CREATED_LEAD": .null]
        case "crm.duplicate.findbycomm": .array([])
        case "crm.lead.add": .int(Int(command.entry.id))
        case "telephony.externalcall.searchcrmentities": .array([])
        default: .bool(true)
        }
    }
}

/// Errors as the client classifies them.
enum PortalErrors {
    static let rateLimited = Bitrix24Error(
        method: "batch",
        reason: .portal(status: 503, code: "QUERY_LIMIT_EXCEEDED", description: "Too many requests"),
        action: .retryLater
    )
    static let serverError = Bitrix24Error(
        method: "batch",
        reason: .portal(status: 500, code: "INTERNAL_SERVER_ERROR", description: "Internal server error"),
        action: .retryLater
    )
    static let unauthorized = Bitrix24Error(
        method: "batch",
        reason: .portal(status: 401, code: "INVALID_CREDENTIALS", description: "Invalid request credentials"),
        action: .pausePortal(reason: "the webhook's credentials were refused")
    )
    static let refused = Bitrix24Error(
        method: "batch",
        reason: .transport(.cannotConnect("connection refused")),
        action: .retryLater
    )
    static func userNotFound(_ method: String) -> Bitrix24Error {
        Bitrix24Error(
            method: method,
            reason: .portal(status: 400, code: "", description: "User is not found or is not active"),
            action: .giveUp
        )
    }
    static func timeLimit(_ method: String, until: Date) -> Bitrix24Error {
        Bitrix24Error(
            method: method,
            reason: .portal(status: 429, code: "OPERATION_TIME_LIMIT", description: "Method is blocked"),
            action: .backOffMethod(until: until)
        )
    }
    static func callNotFound(_ method: String) -> Bitrix24Error {
        Bitrix24Error(
            method: method,
            reason: .portal(
                status: 400,
                code: "",
                description: "Call is not found (call should be registered prior to finishing"
            ),
            action: .giveUp
        )
    }
}
