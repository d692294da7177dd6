import Foundation
import OrderedCollections

/// A `(type, id)` pair.
public struct FakeBitrix24EntityRef: Sendable, Hashable {
    /// `LEAD`, `CONTACT` or `COMPANY`.
    public let type: String
    /// The entity id.
    public let id: Int
}
