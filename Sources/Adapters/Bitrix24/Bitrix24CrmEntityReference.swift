import Foundation

/// A CRM object reference (`CONTACT` 797).
public struct Bitrix24CrmEntityReference: Sendable, Hashable {
    /// `LEAD`, `CONTACT`, `COMPANY` (upper case).
    public let type: String
    public let id: Int
    public init(type: String, id: Int) {
        self.type = type.uppercased()
        self.id = id
    }
}
