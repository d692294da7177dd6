public import Foundation
import RuleDSL

/// Calls the engine starts for Bitrix24 (click-to-call, callbacks): the call exists before Asterisk has a channel of
/// it. The executor gives the Originate's channel the call's id as its Uniqueid (`ChannelId`), so Asterisk's events
/// of that channel — Linkedid and all — carry the call's id and land in it: it is never read as a new call.
extension CallModel {
    /// Starts the call `request` asks for, with `id` (the Uniqueid its Originate will give the first channel), and
    /// returns its first event (`click_to_call` or `callback_requested`). Nothing when `id` is already in use.
    public mutating func start(_ request: CRMCallRequest, id: String, at time: Date) -> [EngineEvent] {
        guard calls[id] == nil, legs[id] == nil, !ended.contains(id) else { return [] }
        if !lastEnded.isEmpty { lastEnded.removeAll(keepingCapacity: true) }
        var call = Call(requested: id, direction: request.kind.direction, at: time)
        call.b24CallID = request.callID
        call.b24User = request.user
        call.callee = request.phone
        calls[id] = call
        return [EngineEvent(callID: id, time: time, kind: .requested(request))]
    }

    /// Ends a call the engine started that never got a channel: its Originate was not sent (`not_dialled`: the rules
    /// chose not to dial), or Asterisk refused it or could not be reached (`originate_failed`, or a Q.850 cause).
    /// The call ends with `cause` (no `call.started`: it never started). Nothing when the call has a channel (its
    /// hangups end it) or is gone.
    public mutating func endWithoutChannel(_ id: String, cause: String, at time: Date) -> [EngineEvent] {
        guard let call = calls[id], call.legIDs.isEmpty else { return [] }
        if !lastEnded.isEmpty { lastEnded.removeAll(keepingCapacity: true) }
        var step = Step(time: time)
        calls[id]?.hasStarted = true
        calls[id]?.awaitingChannel = false
        endCall(id, cause: cause, step: &step)
        return step.events
    }

    /// Records that the rules made an `ami.originate` for a call the engine started that awaits its channel.
    public mutating func noteOriginate(in callID: String) {
        guard calls[callID]?.awaitingChannel == true else { return }
        calls[callID]?.originateRequested = true
    }

    /// Claims the one Originate that names the channels of a call the engine started (its `ChannelId` is the call's
    /// id): true the first time, while the call awaits its channel; false after, or for any other call.
    public mutating func claimOriginate(in callID: String) -> Bool {
        guard let call = calls[callID], call.awaitingChannel, !call.originateSent else { return false }
        calls[callID]?.originateSent = true
        return true
    }

    /// The first channel of a call the engine started appeared (its Uniqueid is the call's id): it is the
    /// operator's phone, whose extension is the call's caller; call.started follows.
    mutating func adoptOrigin(_ leg: CallLeg, step: inout Step) {
        guard let call = calls[leg.callID], call.awaitingChannel, leg.uniqueid == call.id else { return }
        calls[leg.callID]?.awaitingChannel = false
        let number = InterfaceExtension.extract(ChannelName.interface(of: leg.channel))
        calls[leg.callID]?.caller = number.isEmpty ? nil : number
        calls[leg.callID]?.callerReported = true
        startIfReady(leg.callID, step: &step)
    }

    /// The Originate dials the first channel of a call the engine started (a DialBegin with only a `Dest` block):
    /// the operator's phone rings. Other Dest-only dials ring nobody of any call.
    mutating func ringOperator(destID: String, channel: String, step: inout Step) {
        guard let leg = legs[destID], let call = calls[leg.callID], call.direction?.isRequested == true,
            destID == call.originUniqueid
        else { return }
        startRinging(CallMember(channel: channel, uniqueid: destID), queue: nil, in: leg.callID, step: &step)
    }

    /// The Originate's dial of the operator's phone ended: answered (the client is dialled next; the call is answered
    /// when the client answers), or not.
    mutating func endOperatorRing(_ destID: String, status: String, step: inout Step) {
        guard let leg = legs[destID], let call = calls[leg.callID], call.direction?.isRequested == true,
            destID == call.originUniqueid, call.rings[destID]?.isRinging == true
        else { return }
        let reason: RingStopReason =
            switch status {
            case "ANSWER": .answered
            case "BUSY": .busy
            case "CHANUNAVAIL", "CONGESTION": .unavailable
            default: .noAnswer
            }
        stopRinging(destID, in: leg.callID, reason: reason, step: &step)
    }
}
