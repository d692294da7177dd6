public import Adapters
public import Foundation

/// How an urgent request ended.
public enum DeliveryUrgentOutcome: Sendable {
    /// The portal answered (whatever it said): one request counted.
    case answered
    /// The portal answered 503 `QUERY_LIMIT_EXCEEDED`: counted, the bucket believed full, the portal backed off.
    case rateLimited(Bitrix24Error)
    /// It never left (it could not connect, or its caller did not send it): nothing counted.
    case notSent
}

extension DeliveryStateMachine {
    /// Someone needs one request to the portal now, ahead of every queued command — a CRM lookup while a call is
    /// being routed — within the portal's rate limit and pauses, not durable. Granted
    /// (``DeliveryAction/runUrgent(_:)``) with the next place in the bucket, before any queued command; the in-flight
    /// limit does not apply.
    public mutating func urgentRequested(_ id: Int, now: Date) -> [DeliveryAction] {
        urgentWaiting.append(id)
        var actions: [DeliveryAction] = []
        plan(now: now, into: &actions)
        return actions
    }

    /// The urgent request `id` is done.
    public mutating func urgentFinished(_ id: Int, outcome: DeliveryUrgentOutcome, now: Date) -> [DeliveryAction] {
        guard urgentGranted.remove(id) != nil else { return [] }
        var actions: [DeliveryAction] = []
        switch outcome {
        case .answered:
            bucket.add(at: now)
            statistics.urgentRequests += 1
        case .rateLimited(let error):
            bucket.add(at: now)
            bucket.fill(at: now)
            statistics.urgentRequests += 1
            statistics.rateLimitedAnswers += 1
            actions.append(.notice(.rateLimited))
            if state != .idle { backOff(error, now: now, into: &actions) }
        case .notSent:
            break
        }
        plan(now: now, into: &actions)
        return actions
    }

    /// The urgent request `id` is no longer wanted (its caller stopped waiting); a place granted and unused is given
    /// back.
    public mutating func urgentWithdrawn(_ id: Int, now: Date) -> [DeliveryAction] {
        urgentWaiting.removeAll { $0 == id }
        urgentGranted.remove(id)
        var actions: [DeliveryAction] = []
        plan(now: now, into: &actions)
        return actions
    }

    /// Grants waiting urgent requests the next places in the bucket, in the order they asked.
    mutating func grantUrgent(now: Date, deadline: inout Date?, into actions: inout [DeliveryAction]) {
        while let id = urgentWaiting.first {
            let admission = bucket.nextAdmission(after: now, reserving: inFlight.count + urgentGranted.count)
            guard admission <= now else {
                deadline = min(deadline ?? admission, admission)
                return
            }
            urgentWaiting.removeFirst()
            urgentGranted.insert(id)
            actions.append(.runUrgent(id))
        }
    }
}
