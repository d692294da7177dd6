/// An AMI event the engine reads, narrowed to one header value where it reads a noisy event for that value only
/// (`VarSet` for `Variable: MIXMONITOR_FILENAME`). The manager.conf the engine asks for lets exactly these through.
public struct AMIEventNeed: Sendable, Hashable, CustomStringConvertible {
    /// The event name.
    public var event: String
    /// The header whose value narrows it, if any.
    public var header: String?
    /// The value that header must have.
    public var value: String?
    /// What needs it, for the operator (`the call model: calls ringing in queues`).
    public var purpose: String

    /// An event needed whole, or only where `header` is `value`.
    public init(_ event: String, header: String? = nil, value: String? = nil, for purpose: String) {
        self.event = event
        self.header = header
        self.value = value
        self.purpose = purpose
    }

    /// The include filter that lets it through.
    public var includeFilter: AMIEventFilter {
        guard let header, let value else { return AMIEventFilter(.include, name: event) }
        return AMIEventFilter(.include, name: event, header: header, method: .exact, pattern: value)
    }

    /// The event's class (`read =` label), if known.
    public var eventClass: String? { AMIEventClasses.of(event) }

    /// `VarSet (Variable: MIXMONITOR_FILENAME)` or `Hangup`.
    public var description: String {
        guard let header, let value else { return event }
        return "\(event) (\(header): \(value))"
    }
}
