/// One question of the dialplan to an engine queue: `AGI(agi://…/queue?name=sales&status=${DIALSTATUS})` from the
/// caller's channel.
public struct QueueAsk: Sendable, Hashable {
    /// The asking channel's Uniqueid (`agi_uniqueid`): the caller, as AMI names it.
    public var uniqueid: String
    /// The queue the dialplan names (`name=`); read on the channel's first question only.
    public var queue: String
    /// `DIALSTATUS` as the dialplan passed it (`status=`): how the attempt it was last told to dial ended. Empty or
    /// absent on the first question.
    public var dialStatus: String?

    /// A question.
    public init(uniqueid: String, queue: String, dialStatus: String? = nil) {
        self.uniqueid = uniqueid
        self.queue = queue
        self.dialStatus = dialStatus
    }
}
