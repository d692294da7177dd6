import Foundation

/// A CRM object reference (`CONTACT` 797).
public struct Bitrix24CrmEntityReference: Sendable, Hashable {
    /// `LEAD`, `CONTACT`, `COMPANY` (upper case).
    public let type: String
    /// The entity id.
    public let id: Int
    /// A reference; `type` is upper-cased.
    public init(type: String, id: Int) {
        self.type = type.uppercased()
        self.id = id
    }
}
