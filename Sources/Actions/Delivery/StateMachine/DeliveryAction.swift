public import Foundation

/// What the delivery state machine asks its driver to do. The driver performs an input's actions in order.
public enum DeliveryAction: Sendable {
    /// Mark the request's commands in flight in the outbox (durably), then send it; report the answer with
    /// ``DeliveryStateMachine/requestAnswered(_:outcomes:requestsMade:now:)`` or
    /// ``DeliveryStateMachine/requestFailed(_:error:requestsMade:now:)``, or
    /// ``DeliveryStateMachine/requestNotSent(_:reason:now:)`` when the mark could not be written.
    case send(DeliveryRequest)
    /// Apply these changes to the outbox in one transaction, then report ``DeliveryStateMachine/written(_:now:)``
    /// (or ``DeliveryStateMachine/writeFailed(_:reason:now:)``). Nothing they decide is visible before.
    case write(OutboxWrite)
    /// A command is settled, durably: hand its outcome to whoever lands results.
    case land(DeliveryOutcome)
    /// Call ``DeliveryStateMachine/tick(now:)`` at this moment. An input's last `wake` replaces the previous one;
    /// an input without one means nothing waits for time.
    case wake(at: Date)
    /// Something worth a log line and a metric.
    case notice(DeliveryNotice)
    /// Urgent request `id` may go now (it holds a place in the bucket); report it with
    /// ``DeliveryStateMachine/urgentFinished(_:outcome:now:)``.
    case runUrgent(Int)
}

/// Outbox changes decided together, applied in one transaction.
public struct OutboxWrite: Sendable {
    /// Identifies the write in ``DeliveryStateMachine/written(_:now:)``.
    public let id: Int
    /// The changes.
    public let changes: [OutboxChange]
}
