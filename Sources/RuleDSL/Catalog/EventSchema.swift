/// An event rules can react to (`on:`): an AMI event as Asterisk sends it, or an engine event that the
/// call model derives from them.
public struct EventSchema: Sendable, Hashable {
    /// Where the event comes from.
    public enum Origin: String, Sendable, Hashable {
        /// Straight from the AMI stream (`on: AgentConnect`); field names as on the wire.
        case ami
        /// Derived by the call model (`on: call.ringing`).
        case engine
        /// Asked by the dialplan over FastAGI (`on: agi.request`); the dialplan waits for the answer.
        case agi
    }

    /// The exact name used in `on:`.
    public var name: String
    public var origin: Origin
    /// What the event means.
    public var doc: String
    /// Its fields, read as `event.<field>`.
    public var payload: CatalogObject

    /// Creates an event schema.
    public init(_ name: String, _ origin: Origin, doc: String, fields: [FieldSchema], isOpen: Bool = false) {
        self.name = name
        self.origin = origin
        self.doc = doc
        self.payload = CatalogObject(name: name, fields: fields, isOpen: isOpen)
    }
}
