import Adapters
import Foundation

/// One change the scheduler makes to the outbox after an answer; a request's changes are applied together.
enum OutboxChange: Sendable {
    /// Done: the row is removed and its result kept (so the step is never sent again and later steps can read it).
    case acknowledge(OutboxEntry, result: Bitrix24Value)
    /// Still pending, with new attempts / stage / back-off.
    case update(OutboxEntry)
    /// Given up: moved to the dead-letter table.
    case deadLetter(OutboxEntry, reason: String)
}
