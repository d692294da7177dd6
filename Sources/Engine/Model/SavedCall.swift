public import Foundation
public import RuleDSL

/// What a ``Call`` keeps across a restart: enough to rebuild it with ``CallModel/restore(_:)`` so that the rules can
/// finish it (hide its cards, finish it for the user who talked, with its talk time and its `as:` results).
///
/// Not kept: the model's short-lived bookkeeping (a transfer or redirect in progress, a queue timeout waiting to learn
/// whether the caller overflowed, which queues reported an abandon) and the channels' details (names, contexts):
/// after a restore, ``CallModel/resynchronize(channels:at:)`` learns the channels still up from `CoreShowChannels`,
/// and any later event of a channel carries its snapshot anyway.
///
/// Dates use `Date`'s own `Codable` form (seconds since 2001), which round-trips exactly.
public struct SavedCall: Codable, Sendable, Equatable {
    /// A phone rung for the call (``Call/Ring``).
    public struct Ring: Codable, Sendable, Equatable {
        /// The ringing channel's Uniqueid (the ring's key).
        public var id: String
        /// The phone.
        public var member: CallMember
        /// The queue that rang it, if any.
        public var queue: String?
        /// Still ringing.
        public var isRinging: Bool
        /// DialEnd ANSWER seen, `answered` not yet reported.
        public var answerPending: Bool
        /// DialEnd CANCEL seen.
        public var cancelled: Bool
        /// Channels the member's Local channel dialled in turn, sorted.
        public var deviceUniqueids: [String]
        /// call.answered was emitted for it.
        public var hasAnswered: Bool

        /// Creates a saved ring.
        public init(
            id: String,
            member: CallMember,
            queue: String? = nil,
            isRinging: Bool = true,
            answerPending: Bool = false,
            cancelled: Bool = false,
            deviceUniqueids: [String] = [],
            hasAnswered: Bool = false
        ) {
            self.id = id
            self.member = member
            self.queue = queue
            self.isRinging = isRinging
            self.answerPending = answerPending
            self.cancelled = cancelled
            self.deviceUniqueids = deviceUniqueids
            self.hasAnswered = hasAnswered
        }
    }

    /// The Linkedid.
    public var id: String
    /// The Uniqueid of the caller's channel.
    public var originUniqueid: String
    /// The Local-folded name of the caller's channel.
    public var originBase: String
    /// The direction, once decided.
    public var direction: CallDirection?
    /// The caller number; nil when withheld or unknown.
    public var caller: String?
    /// Whether the caller id was reported.
    public var callerReported: Bool
    /// The dialled number of an outbound (or internal) call.
    public var callee: String?
    /// The line (DID) of an inbound call.
    public var did: String?
    /// The queue the caller is in.
    public var queue: String?
    /// When the first channel appeared.
    public var startedAt: Date
    /// Whether call.started was emitted (a call restored without it reports call.started before anything else).
    public var hasStarted: Bool
    /// When a phone first answered.
    public var firstAnsweredAt: Date?
    /// The extension of the phone that answered last.
    public var answeredBy: String?
    /// The member that answered last.
    public var answeringMember: CallMember?
    /// The last MixMonitor file reported.
    public var recording: String?
    /// Every recording of the call's channels (absent in rows saved before recordings were kept: none).
    public var recordings: [CallRecording]?
    /// The last queue the caller joined.
    public var lastQueue: String?
    /// Phones rung, in order of ringing.
    public var rings: [Ring]
    /// Uniqueids of the call's channels, sorted.
    public var legIDs: [String]
    /// The caller hung up (or asked to).
    public var callerGone: Bool
    /// Results bound with `as:` (deferred while pending) and values stored by rules.
    public var bindings: [String: Value]
    /// Values stored with `call.set`.
    public var vars: [String: Value]
    /// Users whose card is shown (`call.shown`).
    public var shown: [Value]
    /// The last Dial's status.
    public var dialStatus: String?
    /// The CALL_ID Bitrix24 gave a call it asked for.
    public var b24CallID: String?
    /// The Bitrix24 user who asked for it.
    public var b24User: Int?

    /// Creates a saved call; what is not given is unknown (not decided, not answered, nothing bound).
    public init(
        id: String,
        originUniqueid: String,
        originBase: String,
        direction: CallDirection? = nil,
        caller: String? = nil,
        callerReported: Bool = false,
        callee: String? = nil,
        did: String? = nil,
        queue: String? = nil,
        startedAt: Date,
        hasStarted: Bool = true,
        firstAnsweredAt: Date? = nil,
        answeredBy: String? = nil,
        answeringMember: CallMember? = nil,
        recording: String? = nil,
        recordings: [CallRecording] = [],
        lastQueue: String? = nil,
        rings: [Ring] = [],
        legIDs: [String],
        callerGone: Bool = false,
        bindings: [String: Value] = [:],
        vars: [String: Value] = [:],
        shown: [Value] = [],
        dialStatus: String? = nil,
        b24CallID: String? = nil,
        b24User: Int? = nil
    ) {
        self.id = id
        self.originUniqueid = originUniqueid
        self.originBase = originBase
        self.direction = direction
        self.caller = caller
        self.callerReported = callerReported
        self.callee = callee
        self.did = did
        self.queue = queue
        self.startedAt = startedAt
        self.hasStarted = hasStarted
        self.firstAnsweredAt = firstAnsweredAt
        self.answeredBy = answeredBy
        self.answeringMember = answeringMember
        self.recording = recording
        self.recordings = recordings.isEmpty ? nil : recordings
        self.lastQueue = lastQueue
        self.rings = rings
        self.legIDs = legIDs
        self.callerGone = callerGone
        self.bindings = bindings
        self.vars = vars
        self.shown = shown
        self.dialStatus = dialStatus
        self.b24CallID = b24CallID
        self.b24User = b24User
    }
}

extension Call {
    /// The call as it is saved (see ``SavedCall``).
    public var saved: SavedCall {
        SavedCall(
            id: id,
            originUniqueid: originUniqueid,
            originBase: originBase,
            direction: direction,
            caller: caller,
            callerReported: callerReported,
            callee: callee,
            did: did,
            queue: queue,
            startedAt: startedAt,
            hasStarted: hasStarted,
            firstAnsweredAt: firstAnsweredAt,
            answeredBy: answeredBy,
            answeringMember: answeringMember,
            recording: recording,
            recordings: recordings,
            lastQueue: lastQueue,
            rings: ringOrder.compactMap { ringID in
                rings[ringID].map { ring in
                    SavedCall.Ring(
                        id: ringID,
                        member: ring.member,
                        queue: ring.queue,
                        isRinging: ring.isRinging,
                        answerPending: ring.answerPending,
                        cancelled: ring.cancelled,
                        deviceUniqueids: ring.deviceUniqueids.sorted(),
                        hasAnswered: ring.hasAnswered
                    )
                }
            },
            legIDs: legIDs.sorted(),
            callerGone: callerGone,
            bindings: bindings,
            vars: vars,
            shown: shown,
            dialStatus: dialStatus,
            b24CallID: b24CallID,
            b24User: b24User
        )
    }

    /// Rebuilds a call from what was saved.
    init(saved: SavedCall) {
        id = saved.id
        originUniqueid = saved.originUniqueid
        originBase = saved.originBase
        direction = saved.direction
        caller = saved.caller
        callerReported = saved.callerReported
        callee = saved.callee
        did = saved.did
        queue = saved.queue
        startedAt = saved.startedAt
        hasStarted = saved.hasStarted
        firstAnsweredAt = saved.firstAnsweredAt
        answeredBy = saved.answeredBy
        answeringMember = saved.answeringMember
        recording = saved.recording
        recordings = saved.recordings ?? []
        lastQueue = saved.lastQueue
        for ring in saved.rings where rings[ring.id] == nil {
            ringOrder.append(ring.id)
            rings[ring.id] = Ring(
                member: ring.member,
                queue: ring.queue,
                isRinging: ring.isRinging,
                answerPending: ring.answerPending,
                cancelled: ring.cancelled,
                deviceUniqueids: Set(ring.deviceUniqueids),
                hasAnswered: ring.hasAnswered
            )
        }
        legIDs = Set(saved.legIDs)
        callerGone = saved.callerGone
        bindings = saved.bindings
        vars = saved.vars
        shown = saved.shown
        dialStatus = saved.dialStatus
        b24CallID = saved.b24CallID
        b24User = saved.b24User
    }
}
