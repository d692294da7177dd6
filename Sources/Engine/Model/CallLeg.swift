/// One channel of a call (one Uniqueid), as last reported.
public struct CallLeg: Sendable, Hashable {
    /// The channel's Uniqueid.
    public var uniqueid: String
    /// The channel name.
    public var channel: String
    /// The call it belongs to now (its Linkedid; changes when bridged channels adopt an older one).
    public var callID: String
    /// The dialplan context of the last snapshot that can change it (Newexten, NewCallerid, Newstate).
    public var context: String
    /// The extension of that snapshot.
    public var exten: String
    /// The raw `CallerIDNum` of the last snapshot.
    public var callerIDNum: String
    /// Whether the leg hung up (kept until the call ends, so late events do not revive it).
    public var hungUp = false
    /// The Q.850 cause of its Hangup.
    public var cause: String?

    /// The Local-folded name both halves share.
    public var base: Substring { ChannelName.base(of: channel) }
}
