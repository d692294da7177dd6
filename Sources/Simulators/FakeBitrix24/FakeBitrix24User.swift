import OrderedCollections
import Foundation

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
