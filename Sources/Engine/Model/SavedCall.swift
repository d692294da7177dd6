// PLACEHOLDER — replaced by the state branch at merge.
public import RuleDSL
public struct SavedCall: Sendable, Equatable {
    public var id: String
    public var bindings: [String: Value]
}
extension Call { public var saved: SavedCall { SavedCall(id: id, bindings: bindings) } }
extension CallModel { public mutating func restore(_ calls: [SavedCall]) {} }
