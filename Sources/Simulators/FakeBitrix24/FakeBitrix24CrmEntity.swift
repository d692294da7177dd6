import OrderedCollections
import Foundation

/// A CRM object (lead, contact or company) with its phone and e-mail multifields.
public struct FakeBitrix24CrmEntity: Sendable, Equatable {
    /// `LEAD`, `CONTACT` or `COMPANY`.
    public var type: String
    public var id: Int
    public var title: String
    public var name: String
    public var lastName: String
    public var phones: [String]
    public var emails: [String]
    public var assignedByID: Int
    public var sourceID: String
    public var statusID: String
    public var comments: String

    public init(
        type: String, id: Int = 0, title: String = "", name: String = "", lastName: String = "",
        phones: [String] = [], emails: [String] = [], assignedByID: Int = 1, sourceID: String = "",
        statusID: String = "NEW", comments: String = ""
    ) {
        self.type = type
        self.id = id
        self.title = title
        self.name = name
        self.lastName = lastName
        self.phones = phones
        self.emails = emails
        self.assignedByID = assignedByID
        self.sourceID = sourceID
        self.statusID = statusID
        self.comments = comments
    }
}
