public import Foundation
public import RuleDSL

/// One call as the call model keeps it: everything sharing one Linkedid.
public struct Call: Sendable {
    /// A phone rung for this call.
    public struct Ring: Sendable, Hashable {
        /// The phone.
        public var member: CallMember
        /// The queue that rang it, if any.
        public var queue: String?
        /// Still ringing.
        public var isRinging = true
        /// DialEnd ANSWER seen; `answered` follows on AgentConnect or BridgeEnter.
        public var answerPending = false
        /// DialEnd CANCEL seen; the reason is settled when its channel hangs up.
        public var cancelled = false
        /// Channels the member's Local channel dialled in turn (the device behind a `Local/…` hop): the same phone.
        public var deviceUniqueids: Set<String> = []
        /// call.answered was emitted for it.
        public var hasAnswered = false
    }

    /// The Linkedid.
    public let id: String
    /// The Uniqueid of the channel that started the call (the caller's leg).
    public internal(set) var originUniqueid: String
    /// The Local-folded name of the caller's channel.
    public internal(set) var originBase: String
    /// The direction, once decided.
    public internal(set) var direction: CallDirection?
    /// The caller number; nil when withheld or unknown.
    public internal(set) var caller: String?
    /// Whether the caller id was reported (a withheld number counts as reported).
    public internal(set) var callerReported = false
    /// The dialled number of an outbound (or internal) call.
    public internal(set) var callee: String?
    /// The line (DID) an inbound call came in on.
    public internal(set) var did: String?
    /// The queue the caller is in now.
    public internal(set) var queue: String?
    /// ``queue`` is an engine queue (`queues:` in the rules, served over FastAGI), not app_queue's. Not saved across a
    /// restart.
    public internal(set) var engineQueue = false
    /// When the first channel appeared.
    public internal(set) var startedAt: Date
    /// Whether call.started was emitted.
    public internal(set) var hasStarted = false
    /// When a phone first answered.
    public internal(set) var firstAnsweredAt: Date?
    /// The extension of the phone that answered last (for an outbound call: the operator who placed it).
    public internal(set) var answeredBy: String?
    /// The member that answered last.
    public internal(set) var answeringMember: CallMember? {
        get { answeringMemberStorage.value }
        set { answeringMemberStorage = OutOfLine(newValue) }
    }
    private var answeringMemberStorage = OutOfLine<CallMember>.none
    /// The status of the call's last Dial (`DialEnd`'s DialStatus: ANSWER, BUSY, NOANSWER, CANCEL, CHANUNAVAIL, …).
    public internal(set) var dialStatus: String?
    /// The last MixMonitor file reported (`call.recording`).
    public internal(set) var recording: String?
    /// Every MixMonitor recording of the call's channels, in the order they started.
    public internal(set) var recordings: [CallRecording] = []
    /// The last queue the caller joined (kept after the caller left it).
    public internal(set) var lastQueue: String?
    /// Phones rung, by the ringing channel's Uniqueid, in order of ringing.
    public internal(set) var rings: [String: Ring] = [:]
    /// The keys of ``rings`` in order of ringing.
    public internal(set) var ringOrder: [String] = []
    /// Uniqueids of the call's channels.
    public internal(set) var legIDs: Set<String> = []
    /// The caller hung up (or asked to).
    public internal(set) var callerGone = false
    /// Results bound with `as:` (deferred until set) and values stored by rules, readable as `call.<name>`.
    public internal(set) var bindings: [String: Value] = [:]
    /// Values stored with `call.set` (`call.vars`).
    public internal(set) var vars: [String: Value] = [:]
    /// Users whose card the rules showed and did not hide yet (`call.shown`), in order of showing.
    public internal(set) var shown: [Value] = []
    /// The CALL_ID Bitrix24 gave the call it asked for (click-to-call).
    public internal(set) var b24CallID: String?
    /// The Bitrix24 user who asked for the call (the operator who clicked).
    public internal(set) var b24User: Int?
    /// A call the engine started whose first channel has not appeared yet: a resync leaves it alone (the Originate's
    /// outcome settles it).
    public internal(set) var awaitingChannel = false
    /// The rules made an `ami.originate` for this call while it awaited its channel.
    public internal(set) var originateRequested = false
    /// An Originate naming the call's channels (`ChannelId`) was sent: there is one such Originate per call.
    public internal(set) var originateSent = false
    /// A transfer event was seen for the current bridge (so its BridgeLeave is no redirect).
    var transferInProgress = false
    /// The queue the caller left on a timeout, waiting to learn whether it overflowed into another queue.
    var pendingQueueTimeout: String?
    /// Queues that reported QueueCallerAbandon (their QueueCallerLeave says nothing more).
    var abandonedQueues: Set<String> = []
    /// A possible redirect: the caller left the bridge with `from` (no transfer event).
    var redirect: RedirectEvidence? {
        get { redirectStorage.value }
        set { redirectStorage = OutOfLine(newValue) }
    }
    private var redirectStorage = OutOfLine<RedirectEvidence>.none

    struct RedirectEvidence: Sendable {
        var from: CallMember
        var callerUniqueid: String
        var context: String
        var newExten: String?
        var partnerGone = false
    }

    init(id: String, origin: CallLeg, at time: Date) {
        self.id = id
        self.originUniqueid = origin.uniqueid
        self.originBase = String(origin.base)
        self.startedAt = time
    }

    /// A call the engine starts for Bitrix24 before Asterisk has any channel of it: its Linkedid will be `id`, the
    /// Uniqueid the engine gives the Originate's channel (`ChannelId`).
    init(requested id: String, direction: CallDirection, at time: Date) {
        self.id = id
        self.originUniqueid = id
        self.originBase = ""
        self.startedAt = time
        self.direction = direction
        self.awaitingChannel = true
    }

    /// Whether the call was answered.
    public var isAnswered: Bool { firstAnsweredAt != nil }

    /// Phones rung, in order.
    public var rung: [Ring] { ringOrder.compactMap { rings[$0] } }

    /// Whole seconds from the first answer to `end` (0 when never answered).
    public func talkSeconds(at end: Date) -> Int {
        guard let firstAnsweredAt else { return 0 }
        return max(0, Int((end.timeIntervalSince(firstAnsweredAt)).rounded()))
    }
}
