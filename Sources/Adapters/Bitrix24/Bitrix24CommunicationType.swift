/// `type` of `crm.duplicate.findbycomm`.
public enum Bitrix24CommunicationType: String, Sendable {
    case phone = "PHONE"
    case email = "EMAIL"
}
