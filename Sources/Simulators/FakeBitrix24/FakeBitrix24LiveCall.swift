import Foundation
import OrderedCollections

/// A registered call that has not been finished yet.
public struct FakeBitrix24LiveCall: Sendable, Equatable {
    /// `externalCall.<hex>.<unix>`.
    public let callID: String
    /// The user the call is registered for.
    public var userID: Int
    /// Normalised (digits only) customer number.
    public let phone: String
    /// `TYPE` (1 outgoing … 5 information).
    public let type: Int
    /// `LINE_NUMBER` (trimmed, ≤ 50 characters).
    public let lineNumber: String
    /// `EXTERNAL_CALL_ID` (empty when not given).
    public let externalCallID: String
    /// Clock time of registration (for the 30-minute reuse).
    public let createdAt: Double
    /// The number is an active user's extension: no CRM.
    public let isInternal: Bool
    /// The bound entity's type.
    public var crmEntityType: String?
    /// The bound entity's id.
    public var crmEntityID: Int?
    /// Entities auto-created for this call (`CRM_CREATE`), reassigned on finish.
    public var createdEntities: [FakeBitrix24EntityRef]
}
