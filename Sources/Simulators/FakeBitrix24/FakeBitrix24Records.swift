import OrderedCollections
public import Foundation

/// A portal user as `user.get` sees it.
public struct FakeBitrix24User: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var lastName: String
    public var email: String
    /// `UF_PHONE_INNER`, the extension (`nil` = not set).
    public var phoneInner: String?
    public var active: Bool
    /// `employee`, `extranet` or `email`.
    public var userType: String
    public var personalMobile: String
    public var workPhone: String
    /// Time-tracking state reported by `searchCrmEntities` (`OPENED`, `CLOSED`, …).
    public var timemanStatus: String

    public init(
        id: Int, name: String, lastName: String = "", email: String = "", phoneInner: String? = nil,
        active: Bool = true, userType: String = "employee", personalMobile: String = "", workPhone: String = "",
        timemanStatus: String = "OPENED"
    ) {
        self.id = id
        self.name = name
        self.lastName = lastName
        self.email = email
        self.phoneInner = phoneInner
        self.active = active
        self.userType = userType
        self.personalMobile = personalMobile
        self.workPhone = workPhone
        self.timemanStatus = timemanStatus
    }
}

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

/// A registered call that has not been finished yet.
public struct FakeBitrix24LiveCall: Sendable, Equatable {
    public let callID: String
    public var userID: Int
    /// Normalised (digits only) customer number.
    public let phone: String
    public let type: Int
    public let lineNumber: String
    public let externalCallID: String
    public let createdAt: Double
    public let isInternal: Bool
    public var crmEntityType: String?
    public var crmEntityID: Int?
    /// Entities auto-created for this call (`CRM_CREATE`), reassigned on finish.
    public var createdEntities: [FakeBitrix24EntityRef]
}

/// A `(type, id)` pair.
public struct FakeBitrix24EntityRef: Sendable, Hashable {
    public let type: String
    public let id: Int
}

/// A finished call (a row of the statistics table).
public struct FakeBitrix24FinishedCall: Sendable, Equatable {
    public let statisticID: Int
    public let call: FakeBitrix24LiveCall
    public let userID: Int
    public let duration: Int
    public let statusCode: String
    public let activityID: Int?
    public var record: FakeBitrix24Record?
}

/// A record attached to a finished call.
public struct FakeBitrix24Record: Sendable, Equatable {
    public let fileID: Int
    public let filename: String
    /// The file bytes (inline or uploaded), or empty for `RECORD_URL` mode.
    public let content: Data
    /// The URL the portal was asked to fetch (`RECORD_URL` mode).
    public let sourceURL: String?
}
