public import Adapters

/// The portal reads a decision waits for (a FastAGI request's `b24.search_crm`): answered at once, never through the
/// durable outbox, and never retried (the dialplan waits at most `agi.deadline_ms`).
public protocol PortalLookup: Sendable {
    /// `telephony.externalcall.searchCrmEntities` for `phone`: the portal's result (a list, possibly empty).
    /// - Throws: ``Bitrix24Error`` from the portal or the transport, `CancellationError` when the caller gave up.
    func searchCRM(phone: String) async throws -> Bitrix24Value
}
