/// Which way a call goes, decided once per call from the rules' lists (see ``CallPolicy``).
public enum CallDirection: String, Sendable, Hashable, CaseIterable {
    /// From the PSTN into the PBX: the first channel entered the dialplan in one of `inbound_contexts`.
    case inbound
    /// From an internal phone to an external number.
    case outbound
    /// Between two internal numbers (`internal_number_patterns`).
    case `internal`
    /// Started by the engine because an operator clicked a number in Bitrix24: the operator's phone rings first,
    /// then the client's number is dialled. Bitrix24 already registered it (its CALL_ID is `call.b24_call_id`).
    case clickToCall = "click_to_call"
    /// Started by the engine for a callback a visitor asked for in a CRM form: the manager's phone first, then the
    /// client.
    case callback

    /// Whether the engine started the call for Bitrix24 (click-to-call, callback).
    public var isRequested: Bool { self == .clickToCall || self == .callback }
}
