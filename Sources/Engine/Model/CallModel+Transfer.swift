import AMIProtocol
import Foundation

extension CallModel {
    /// The member whose channel is `uniqueid` (or the other half of its Local channel).
    func member(matching uniqueid: String?, channel: String?, in callID: String) -> CallMember? {
        guard let call = calls[callID] else { return nil }
        if let uniqueid, let ring = call.rings[uniqueid] { return ring.member }
        if let uniqueid, let ring = call.rung.last(where: { $0.deviceUniqueids.contains(uniqueid) }) {
            return ring.member
        }
        guard let channel else { return nil }
        let base = ChannelName.base(of: channel)
        if let ring = call.rung.last(where: { ChannelName.base(of: $0.member.channel) == base }) { return ring.member }
        // Not a phone that was rung (e.g. the caller's own phone transferring): described by its channel.
        return uniqueid.map { CallMember(channel: channel, uniqueid: $0) }
    }

    /// The call of the first of `uniqueids` that is a known channel.
    func firstCall(of uniqueids: [String]) -> String? {
        for uniqueid in uniqueids { if let leg = legs[uniqueid] { return leg.callID } }
        return nil
    }

    /// Phones still ringing when the call is transferred or redirected stop with that reason.
    mutating func stopAllRinging(_ callID: String, reason: RingStopReason, step: inout Step) {
        for ringID in calls[callID]?.ringOrder ?? [] where calls[callID]?.rings[ringID]?.isRinging == true {
            stopRinging(ringID, in: callID, reason: reason, step: &step)
        }
    }

    /// BlindTransfer (Result Success): the transferer sent the caller to `Context`/`Extension`.
    mutating func handleBlindTransfer(_ message: AMIMessage, step: inout Step) {
        guard message["Result"] == "Success" else { return }
        let ids = [message["TransfererUniqueid"], message["TransfereeUniqueid"]].compactMap { $0 }
        guard let callID = firstCall(of: ids), calls[callID] != nil else { return }
        let from = member(matching: message["TransfererUniqueid"], channel: message["TransfererChannel"], in: callID)
        calls[callID]?.transferInProgress = true
        stopAllRinging(callID, reason: .transferred, step: &step)
        emit(.transferred(kind: .blind, from: from, to: nil, target: message["Extension"]), in: callID, step: &step)
    }

    /// AttendedTransfer (Result Success): the transferer joined the caller to the phone it consulted.
    mutating func handleAttendedTransfer(_ message: AMIMessage, step: inout Step) {
        guard message["Result"] == "Success" else { return }
        let ids = [
            "OrigTransfererUniqueid", "TransfereeUniqueid", "SecondTransfererUniqueid", "TransferTargetUniqueid",
        ]
        .compactMap { message[$0] }
        guard let callID = firstCall(of: ids), let call = calls[callID] else { return }
        let from = member(
            matching: message["OrigTransfererUniqueid"],
            channel: message["OrigTransfererChannel"],
            in: callID
        )
        var to = member(
            matching: message["TransferTargetUniqueid"],
            channel: message["TransferTargetChannel"],
            in: callID
        )
        if to == nil, let second = message["SecondTransfererUniqueid"], let consultID = legs[second]?.callID,
            consultID != callID, let consultation = calls[consultID]
        {
            // The transferer consulted the target in a call of its own: the target is the phone that answered there.
            to = consultation.rung.last { $0.hasAnswered }?.member
        }
        if to == nil {
            to = call.rung.last { $0.hasAnswered && $0.member.uniqueid != from?.uniqueid }?.member
        }
        calls[callID]?.transferInProgress = true
        stopAllRinging(callID, reason: .transferred, step: &step)
        emit(.transferred(kind: .attended, from: from, to: to, target: to?.extension), in: callID, step: &step)
        if let to {
            calls[callID]?.answeredBy = to.extension
            calls[callID]?.answeringMember = to
        }
    }

    /// BridgeLeave of the caller from an answered phone, with no transfer event: the start of a possible redirect.
    mutating func handleBridgeLeave(_ message: AMIMessage, step: inout Step) {
        guard let uniqueid = message["Uniqueid"], let leg = legs[uniqueid], var call = calls[leg.callID],
            !call.transferInProgress, let partner = call.answeringMember,
            ChannelName.base(of: partner.channel) != leg.base,
            !call.rings.values.contains(where: { ChannelName.base(of: $0.member.channel) == leg.base }),
            !(legs.values.contains { $0.base == ChannelName.base(of: partner.channel) && $0.hungUp })
        else { return }
        call.redirect = Call.RedirectEvidence(from: partner, callerUniqueid: uniqueid, context: leg.context)
        calls[leg.callID] = call
    }

    /// A redirect is complete when the caller left the bridge, its dialplan moved to another context and the
    /// partner hung up, in any order.
    mutating func completeRedirect(_ callID: String, step: inout Step) {
        guard let redirect = calls[callID]?.redirect, redirect.partnerGone, let target = redirect.newExten else {
            return
        }
        calls[callID]?.redirect = nil
        stopAllRinging(callID, reason: .redirected, step: &step)
        emit(.transferred(kind: .redirect, from: redirect.from, to: nil, target: target), in: callID, step: &step)
    }
}
