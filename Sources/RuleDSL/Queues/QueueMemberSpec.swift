/// One member of an engine queue as declared in `queues:`.
public struct QueueMemberSpec: Sendable, Hashable, Codable {
    /// The member's name in logs, metrics and the admin API (the key of `members:`).
    public var name: String
    /// What the dialplan dials for this member, e.g. `PJSIP/201` or `Local/201@agents`.
    public var dial: String
    /// The device whose state (AMI `DeviceStateChange`) says whether the member is free: defaults to `dial`.
    /// The member's identity: idle time and pause are kept per device, across queues.
    public var device: String
    /// The member's internal number, when declared.
    public var extensionNumber: String?
    /// The member's Bitrix24 user id, when declared.
    public var user: Int?

    /// Creates a member.
    public init(name: String, dial: String, device: String? = nil, extensionNumber: String? = nil, user: Int? = nil) {
        self.name = name
        self.dial = dial
        self.device = device ?? dial
        self.extensionNumber = extensionNumber
        self.user = user
    }
}
