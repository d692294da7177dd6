/// Why a phone stopped ringing (the catalog's `call.ring_stopped` reasons).
public enum RingStopReason: String, Sendable, Hashable, CaseIterable {
    /// This phone answered.
    case answered
    /// The phone rang out (AgentRingNoAnswer, DialEnd NOANSWER).
    case noAnswer = "no_answer"
    /// Another phone answered first.
    case answeredElsewhere = "answered_elsewhere"
    /// The caller hung up while it rang.
    case callerGone = "caller_gone"
    /// The queue's timeout ended the ringing.
    case queueTimeout = "queue_timeout"
    /// DialEnd BUSY.
    case busy
    /// DialEnd CHANUNAVAIL or CONGESTION.
    case unavailable
    /// The call was transferred while it rang.
    case transferred
    /// The call was redirected elsewhere while it rang.
    case redirected
    /// The link to Asterisk was lost and the call was gone after the resync.
    case lost

    /// Why a phone the engine rang itself (an Originate's first channel) stopped, from its channel's hangup cause:
    /// 17 busy; 16, 18, 19, 21 or none: no answer; anything else: unavailable.
    static func ofOriginatedHangup(cause: String?) -> RingStopReason {
        switch cause {
        case "17": .busy
        case nil, "0", "16", "18", "19", "21": .noAnswer
        default: .unavailable
        }
    }
}

/// Why the caller left a queue (the catalog's `call.queue_left` reasons).
public enum QueueLeaveReason: String, Sendable, Hashable, CaseIterable {
    /// A member answered.
    case answered
    /// The caller hung up while waiting.
    case abandoned
    /// The queue timed out and the call went on to something other than another queue.
    case timeout
    /// The queue timed out and the caller joined another queue.
    case overflow
    /// The caller was transferred out of the queue.
    case transferred
}

/// How a call was transferred.
public enum TransferKind: String, Sendable, Hashable, CaseIterable {
    /// BlindTransfer.
    case blind
    /// AttendedTransfer.
    case attended
    /// An AMI Redirect (no event of its own: recognised from BridgeLeave, the caller's dialplan moving to
    /// another context and the partner's hangup).
    case redirect
}
