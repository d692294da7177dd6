public import Adapters

/// One change to a pending command in the outbox; a request's changes are applied together.
public enum OutboxChange: Sendable, Equatable {
    /// Done: the row is removed and its result kept (so the step is never sent again and later steps can read it).
    case acknowledge(OutboxEntry, result: Bitrix24Value)
    /// Still pending, with new attempts / stage / back-off; no longer in flight.
    case update(OutboxEntry)
    /// Given up: moved to the dead-letter table.
    case deadLetter(OutboxEntry, reason: String)

    /// The command's row.
    public var entry: OutboxEntry {
        switch self {
        case .acknowledge(let entry, _), .update(let entry), .deadLetter(let entry, _): entry
        }
    }
}
