public import AMIProtocol

extension QueueDialplanLoop {
    /// The AMI events engine queues read beyond the call model's (``CallModel/amiInputs``, which has `DialEnd` and
    /// `Hangup`): members' availability. Needed when the rules declare queues (`engine asterisk manager-conf`,
    /// `engine doctor`).
    public static let amiInputs: [AMIEventNeed] = [
        AMIEventNeed("DeviceStateChange", for: "engine queues: members' device state"),
        AMIEventNeed("ExtensionStatus", for: "engine queues: members' device state (hints)"),
        AMIEventNeed("QueueMemberPause", for: "engine queues: members paused"),
    ]

    /// Every AMI event ``observe(_:at:)`` reads.
    public static let observedEvents: Set<String> = Set(amiInputs.map(\.event)).union(["DialEnd", "Hangup"])
}
