import Foundation
import OrderedCollections

/// A CRM object (lead, contact or company) with its phone and e-mail multifields.
public struct FakeBitrix24CrmEntity: Sendable, Equatable {
    /// `LEAD`, `CONTACT` or `COMPANY`.
    public var type: String
    /// The id (0 when adding = next free id).
    public var id: Int
    /// `TITLE` (leads, companies).
    public var title: String
    /// `NAME`.
    public var name: String
    /// `LAST_NAME`.
    public var lastName: String
    /// Phone numbers as stored (any formatting).
    public var phones: [String]
    /// E-mail addresses.
    public var emails: [String]
    /// `ASSIGNED_BY_ID`: the responsible user.
    public var assignedByID: Int
    /// `SOURCE_ID`.
    public var sourceID: String
    /// `STATUS_ID`.
    public var statusID: String
    /// `COMMENTS`.
    public var comments: String

    /// An entity; only the type is required.
    public init(
        type: String,
        id: Int = 0,
        title: String = "",
        name: String = "",
        lastName: String = "",
        phones: [String] = [],
        emails: [String] = [],
        assignedByID: Int = 1,
        sourceID: String = "",
        statusID: String = "NEW",
        comments: String = ""
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
