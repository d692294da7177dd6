/// What a command does, as far as ordering and idempotency care.
public enum DeliveryCommandKind: String, Codable, Sendable {
    /// `telephony.externalcall.register`: carries `EXTERNAL_CALL_ID`; never sent again once a CALL_ID is known.
    case register
    /// `telephony.externalcall.show`: `false` means the call is gone (done, not an error).
    case show
    /// `telephony.externalcall.hide`: as show.
    case hide
    /// `telephony.externalcall.finish`: "Call is not found…" after an attempt that may have landed counts as done.
    case finish
    /// `telephony.externalcall.attachrecord`: after finish, and always in a request of its own.
    case attachRecord
    /// `crm.lead.add`: sent only after `crm.duplicate.findbycomm` found nothing for the phone.
    case leadAdd
    /// Anything else: plain at-least-once.
    case other

    /// Whether the planner sends it in a request of its own (never in a `batch`): an attachRecord carries a file
    /// (inline or by the two-step upload, ``DeliveryUpload``), which would hold the bucket up for everyone.
    public var sendsAlone: Bool { self == .attachRecord }

    /// Whether it shows or hides cards (their order per user matters).
    public var isCard: Bool { self == .show || self == .hide }

    /// The kind of a REST method (case-insensitive).
    public init(method: String) {
        switch method.lowercased() {
        case "telephony.externalcall.register": self = .register
        case "telephony.externalcall.show": self = .show
        case "telephony.externalcall.hide": self = .hide
        case "telephony.externalcall.finish": self = .finish
        case "telephony.externalcall.attachrecord": self = .attachRecord
        case "crm.lead.add": self = .leadAdd
        default: self = .other
        }
    }
}
