/// Which way a call goes, decided once per call from the rules' lists (see ``CallPolicy``).
public enum CallDirection: String, Sendable, Hashable, CaseIterable {
    /// From the PSTN into the PBX: the first channel entered the dialplan in one of `inbound_contexts`.
    case inbound
    /// From an internal phone to an external number.
    case outbound
    /// Between two internal numbers (`internal_number_patterns`).
    case `internal`
}
