/// One queue of a rule file's `queues:` section, with the source ranges lint points at.
public struct QueueDefinition: Sendable, Hashable {
    /// The queue's name where it is defined.
    public var name: Located<String>
    /// The queue as the engine reads it.
    public var spec: QueueSpec
    /// The member names where they are written, in order.
    public var memberNames: [Located<String>]
    /// Where `overflow:` names another engine queue, if it does.
    public var overflowQueue: Located<String>?
    /// Where `ring:` and `max_wait:` are written, if they are.
    public var ringRange: SourceRange?
    public var maxWaitRange: SourceRange?
}
