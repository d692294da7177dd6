public import Foundation
public import RuleDSL

/// What the call model derives from the AMI stream: one event of one call, at the time Asterisk stamped it.
public struct EngineEvent: Sendable, Hashable {
    /// The event and its payload.
    public enum Kind: Sendable, Hashable {
        /// The call has a direction and a caller id (once per call); `caller` is nil when withheld.
        case started(direction: CallDirection, caller: String?)
        /// A phone of the call started ringing.
        case ringing(member: CallMember, queue: String?)
        /// A phone stopped ringing.
        case ringStopped(member: CallMember, reason: RingStopReason, queue: String?)
        /// A phone answered the call.
        case answered(member: CallMember, queue: String?)
        /// The call was transferred.
        case transferred(kind: TransferKind, from: CallMember?, to: CallMember?, target: String?)
        /// The caller joined a queue at `position`.
        case queueJoined(queue: String, position: Int)
        /// The caller left a queue.
        case queueLeft(queue: String, reason: QueueLeaveReason)
        /// The last leg of the call hung up. `cause` is the Q.850 cause of the caller's leg (`lost` after a
        /// resync found the call gone); `talkSeconds` runs from the first answer to the end.
        case ended(cause: String, answered: Bool, talkSeconds: Int)
        /// After `ended`, once per recording of the call (`index` of `count`, in the order they started); `queue`
        /// is the last queue the caller joined.
        case recorded(recording: CallRecording, index: Int, count: Int, queue: String?)
        /// The result of an `as:` action arrived (`ok`), or the action was given up (`error`).
        case result(name: String, action: String, ok: Bool, error: String?)
        /// Bitrix24 asked for the call (click-to-call, callback); the engine started it.
        case requested(CRMCallRequest)
    }

    /// The call (its Linkedid).
    public var callID: String
    /// The event's time: the AMI `Timestamp:` header, or the arrival time without one.
    public var time: Date
    /// What happened.
    public var kind: Kind

    /// Creates an event.
    public init(callID: String, time: Date, kind: Kind) {
        self.callID = callID
        self.time = time
        self.kind = kind
    }

    /// The name rules use in `on:`, e.g. `call.ringing`.
    public var name: String {
        switch kind {
        case .started: "call.started"
        case .ringing: "call.ringing"
        case .ringStopped: "call.ring_stopped"
        case .answered: "call.answered"
        case .transferred: "call.transferred"
        case .queueJoined: "call.queue_joined"
        case .queueLeft: "call.queue_left"
        case .ended: "call.ended"
        case .recorded: "call.recorded"
        case .result: "call.result"
        case .requested(let request): request.kind.rawValue
        }
    }

    /// The payload as rules read it (`event.*`), exactly the catalog's schema; optional fields left out when absent.
    public var payload: Value {
        var fields: [String: Value] = [:]
        switch kind {
        case .started(let direction, let caller):
            fields["direction"] = .string(direction.rawValue)
            fields["caller"] = caller.map(Value.string)
        case .ringing(let member, let queue), .answered(let member, let queue):
            fields["member"] = member.value
            fields["queue"] = queue.map(Value.string)
        case .ringStopped(let member, let reason, let queue):
            fields["member"] = member.value
            fields["reason"] = .string(reason.rawValue)
            fields["queue"] = queue.map(Value.string)
        case .transferred(let kind, let from, let to, let target):
            fields["kind"] = .string(kind.rawValue)
            fields["from"] = from?.value
            fields["to"] = to?.value
            fields["target"] = target.map(Value.string)
        case .queueJoined(let queue, let position):
            fields["queue"] = .string(queue)
            fields["position"] = .int(position)
        case .queueLeft(let queue, let reason):
            fields["queue"] = .string(queue)
            fields["reason"] = .string(reason.rawValue)
        case .ended(let cause, let answered, let talkSeconds):
            fields["cause"] = .string(cause)
            fields["answered"] = .bool(answered)
            fields["talk_seconds"] = .int(talkSeconds)
        case .recorded(let recording, let index, let count, let queue):
            fields["file"] = recording.file.map(Value.string)
            fields["uniqueid"] = .string(recording.uniqueid)
            fields["channel"] = .string(recording.channel)
            fields["index"] = .int(index)
            fields["count"] = .int(count)
            fields["queue"] = queue.map(Value.string)
        case .result(let name, let action, let ok, let error):
            fields["name"] = .string(name)
            fields["action"] = .string(action)
            fields["ok"] = .bool(ok)
            fields["error"] = error.map(Value.string)
        case .requested(let request):
            return request.payload
        }
        return .map(fields)
    }
}
