/// An engine queue as declared under `queues:` in the rules: checked by lint, read by the queue state machine.
public struct QueueSpec: Sendable, Hashable, Codable {
    /// The queue's name (`AGI(agi://…/queue?name=sales)`).
    public var name: String
    /// How the next member is chosen.
    public var strategy: QueueStrategy
    /// The members, in the order listed.
    public var members: [QueueMemberSpec]
    /// How long one attempt rings, in seconds.
    public var ringSeconds: Int
    /// How long a caller waits in this queue before the overflow, in seconds.
    public var maxWaitSeconds: Int
    /// How long a member rests after a call before being offered the next one, in seconds.
    public var wrapUpSeconds: Int
    /// Where the call goes after the maximum wait; `nil`: the dialplan continues after the AGI call.
    public var overflow: QueueOverflow?

    /// The defaults documented in the README.
    public static let defaultRingSeconds = 15
    public static let defaultMaxWaitSeconds = 120
    public static let defaultWrapUpSeconds = 0

    /// Creates a queue.
    public init(
        name: String,
        strategy: QueueStrategy = .fair,
        members: [QueueMemberSpec],
        ringSeconds: Int = QueueSpec.defaultRingSeconds,
        maxWaitSeconds: Int = QueueSpec.defaultMaxWaitSeconds,
        wrapUpSeconds: Int = QueueSpec.defaultWrapUpSeconds,
        overflow: QueueOverflow? = nil
    ) {
        self.name = name
        self.strategy = strategy
        self.members = members
        self.ringSeconds = ringSeconds
        self.maxWaitSeconds = maxWaitSeconds
        self.wrapUpSeconds = wrapUpSeconds
        self.overflow = overflow
    }
}
