public import AGIProtocol
public import Adapters

/// What a FastAGI request needs next, as the pipeline sees it.
public enum AGIStep: Sendable, Hashable {
    /// Look these up (ahead of the outbox), then land them with ``CallPipeline/landLookups(_:session:)``.
    case lookups([LookupRequest])
    /// The answer is complete (or nothing more can come): send it.
    case answer(AGIDecision)
}

/// A CRM lookup a FastAGI decision waits for: the rule's `b24.search_crm` with `as:`.
public struct LookupRequest: Sendable, Hashable {
    /// The call (Linkedid) the result lands in.
    public var callID: String
    /// The `as:` name.
    public var binding: String
    /// The number to search.
    public var phone: String

    /// A request.
    public init(callID: String, binding: String, phone: String) {
        self.callID = callID
        self.binding = binding
        self.phone = phone
    }
}

/// A lookup's outcome: the portal's result, or why there is none.
public struct LookupOutcome: Sendable {
    /// What was asked.
    public var request: LookupRequest
    /// The portal's raw result, or the failure's description.
    public var result: Result<Bitrix24Value, LookupFailure>

    /// An outcome.
    public init(request: LookupRequest, result: Result<Bitrix24Value, LookupFailure>) {
        self.request = request
        self.result = result
    }
}

/// Why a lookup gave nothing (the portal failed, or the deadline passed first).
public struct LookupFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, without secrets.
    public var description: String

    /// A failure saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
