import OrderedCollections
import Foundation

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
