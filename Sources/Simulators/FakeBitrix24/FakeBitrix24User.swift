import Foundation
import OrderedCollections

/// A portal user as `user.get` sees it.
public struct FakeBitrix24User: Sendable, Equatable {
    /// `ID`.
    public var id: Int
    /// `NAME`.
    public var name: String
    /// `LAST_NAME`.
    public var lastName: String
    /// `EMAIL`.
    public var email: String
    /// `UF_PHONE_INNER`, the extension (`nil` = not set).
    public var phoneInner: String?
    /// `ACTIVE`.
    public var active: Bool
    /// `employee`, `extranet` or `email`.
    public var userType: String
    /// `PERSONAL_MOBILE`.
    public var personalMobile: String
    /// `WORK_PHONE`.
    public var workPhone: String
    /// Time-tracking state reported by `searchCrmEntities` (`OPENED`, `CLOSED`, …).
    public var timemanStatus: String

    /// A user; only id and name are required.
    public init(
        id: Int,
        name: String,
        lastName: String = "",
        email: String = "",
        phoneInner: String? = nil,
        active: Bool = true,
        userType: String = "employee",
        personalMobile: String = "",
        workPhone: String = "",
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
