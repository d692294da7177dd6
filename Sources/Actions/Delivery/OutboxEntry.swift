public import Foundation

/// A command waiting in the outbox, with its delivery state.
public struct OutboxEntry: Sendable, Equatable {
    /// Where a lead command stands: duplicate check first, then the add.
    public enum LeadStage: String, Sendable {
        /// Next: `crm.duplicate.findbycomm`.
        case check
        /// The check found nothing; next: `crm.lead.add`.
        case create
    }

    /// Row id: the global enqueue order.
    public let id: Int64
    /// The command.
    public let command: DeliveryCommand
    /// Failed attempts so far.
    public var attempts: Int
    /// Whether an earlier attempt may have taken effect although no answer confirmed it.
    public var mayHaveLanded: Bool
    /// For lead commands.
    public var leadStage: LeadStage
    /// Not sent before this moment (retry back-off).
    public var notBefore: Date
    /// The last failure, for the dead-letter table and the operator.
    public var lastError: String?

    /// An entry as the outbox holds it.
    public init(
        id: Int64,
        command: DeliveryCommand,
        attempts: Int = 0,
        mayHaveLanded: Bool = false,
        leadStage: LeadStage = .check,
        notBefore: Date,
        lastError: String? = nil
    ) {
        self.id = id
        self.command = command
        self.attempts = attempts
        self.mayHaveLanded = mayHaveLanded
        self.leadStage = leadStage
        self.notBefore = notBefore
        self.lastError = lastError
    }
}
