import OrderedCollections
import Foundation

/// A `(type, id)` pair.
public struct FakeBitrix24EntityRef: Sendable, Hashable {
    public let type: String
    public let id: Int
}
