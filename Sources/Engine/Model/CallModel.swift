public import AMIProtocol
public import Foundation
public import RuleDSL

/// The call model: a pure, synchronous state machine fed with AMI events (and, after a link gap, the
/// `CoreShowChannels` result), returning the engine events they mean. No clock of its own: times come from
/// each event's `Timestamp:` header, or the arrival time given with it.
///
/// Calls are tracked by `Linkedid` and legs by `Uniqueid`; the two halves of a Local channel (`;1`/`;2`)
/// are folded by their shared name; a channel whose Linkedid changes (bridged channels adopt the oldest one)
/// moves to that call with its rings. See docs.asterisk.org (AMI events, Linkedid).
public struct CallModel: Sendable {
    /// Events that tell the model nothing: no channel (device and member states, Cdr, CEL), or nothing a call's
    /// story needs that other events of the same channel do not also carry. Skipped before any header is read.
    static let ignoredEvents: Set<String> = [
        "DeviceStateChange", "QueueMemberStatus", "QueueMemberPause", "QueueMemberAdded", "QueueMemberRemoved",
        "Cdr", "CEL", "FullyBooted", "SuccessfulAuth", "DialState", "NewConnectedLine", "LocalBridge", "BridgeCreate",
        "BridgeDestroy", "MusicOnHoldStart", "MusicOnHoldStop", "DTMFBegin", "DTMFEnd", "SoftHangupRequest",
        "AgentComplete", "Hold", "Unhold", "OriginateResponse", "PeerStatus", "ContactStatus", "Registry",
    ]

    /// The policy deciding directions; replace it when the rules are reloaded (calls keep their direction).
    public var policy: CallPolicy
    /// Calls in progress, by Linkedid.
    public internal(set) var calls: [String: Call] = [:]
    /// Channels in progress, by Uniqueid.
    public internal(set) var legs: [String: CallLeg] = [:]
    /// Calls that ended recently (late events such as Cdr, BridgeLeave or AgentComplete name them).
    var ended = RecentSet(capacity: 4096)
    /// Calls that ended during the last ``handle(_:arrival:)`` (or resync), still readable for the rules on call.ended.
    public internal(set) var lastEnded: [String: Call] = [:]
    /// Events handled so far.
    public private(set) var handledCount = 0
    /// What was known when the pending resynchronisation was requested (see ``beginResynchronization()``).
    var resyncBaseline: ResyncBaseline?

    /// Creates a model with `policy`.
    public init(policy: CallPolicy = CallPolicy()) {
        self.policy = policy
    }

    /// Feeds one AMI message; returns the engine events it causes, in order. Responses and unrelated
    /// events return nothing.
    public mutating func handle(_ message: AMIMessage, arrival: Date) -> [EngineEvent] {
        guard message.kind == .event, let name = message.name else { return [] }
        handledCount += 1
        if !lastEnded.isEmpty { lastEnded.removeAll(keepingCapacity: true) }
        if Self.ignoredEvents.contains(name) { return [] }
        if name == "VarSet", message["Variable"] != "MIXMONITOR_FILENAME" { return [] }
        var context = Step(message: message, arrival: arrival)
        observeChannel(message, prefix: "", name: name, step: &context)
        switch name {
        case "Newchannel", "NewCallerid", "Newstate", "Newexten", "VarSet":
            handleChannelUpdate(message, name: name, step: &context)
        case "DialBegin": handleDialBegin(message, step: &context)
        case "DialEnd": handleDialEnd(message, step: &context)
        case "AgentCalled": handleAgentCalled(message, step: &context)
        case "AgentRingNoAnswer": handleAgentRingNoAnswer(message, step: &context)
        case "AgentConnect": handleAgentConnect(message, step: &context)
        case "QueueCallerJoin": handleQueueJoin(message, step: &context)
        case "QueueCallerAbandon": handleQueueAbandon(message, step: &context)
        case "QueueCallerLeave": handleQueueLeave(message, step: &context)
        case "BridgeEnter": handleBridgeEnter(message, step: &context)
        case "BridgeLeave": handleBridgeLeave(message, step: &context)
        case "BlindTransfer": handleBlindTransfer(message, step: &context)
        case "AttendedTransfer": handleAttendedTransfer(message, step: &context)
        case "MixMonitorStart": handleMixMonitor(message, started: true, step: &context)
        case "MixMonitorStop": handleMixMonitor(message, started: false, step: &context)
        case "HangupRequest": handleHangupRequest(message, step: &context)
        case "Hangup": handleHangup(message, step: &context)
        default: break
        }
        return context.events
    }

    /// The call a channel belongs to now.
    public func call(ofChannel uniqueid: String) -> Call? {
        legs[uniqueid].flatMap { calls[$0.callID] }
    }

    /// Binds an `as:` result name to the call (as a deferred reference until ``setBinding(_:to:in:)``).
    public mutating func bind(_ name: String, in callID: String) {
        let reference = Value.deferred(.reference(DeferredReference(["call", name])))
        if calls[callID] != nil, calls[callID]?.bindings[name] == nil { calls[callID]?.bindings[name] = reference }
        if lastEnded[callID] != nil, lastEnded[callID]?.bindings[name] == nil {
            lastEnded[callID]?.bindings[name] = reference
        }
    }

    /// Sets a bound result once it has landed.
    public mutating func setBinding(_ name: String, to value: Value, in callID: String) {
        calls[callID]?.bindings[name] = value
        lastEnded[callID]?.bindings[name] = value
    }

    /// What one message's handling accumulates. The message's time is read only when an event needs it.
    struct Step {
        private let message: AMIMessage?
        private let arrival: Date
        private var resolvedTime: Date?
        var events: [EngineEvent] = []

        init(message: AMIMessage, arrival: Date) {
            self.message = message
            self.arrival = arrival
        }

        init(time: Date) {
            self.message = nil
            self.arrival = time
            self.resolvedTime = time
        }

        var time: Date {
            mutating get {
                if let resolvedTime { return resolvedTime }
                let time = message.map { AMITime.of($0, arrival: arrival) } ?? arrival
                resolvedTime = time
                return time
            }
        }
    }
}
