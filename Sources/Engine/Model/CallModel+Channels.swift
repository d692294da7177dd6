import AMIProtocol
import Foundation

extension CallModel {
    /// Records the channel snapshot block with `prefix` (`""`, `Dest`, …): creates the leg (and its call) on first
    /// sight, updates context/exten/caller id, and moves the leg when its Linkedid changed.
    mutating func observeChannel(_ message: AMIMessage, prefix: String, name: String, step: inout Step) {
        guard let uniqueid = message[prefix + "Uniqueid"], uniqueid != "<unknown>", uniqueid != "none" else { return }
        if var leg = legs[uniqueid] {
            guard !leg.hungUp else { return }
            // The snapshot repeats itself in every event; only these change the parts the model reads.
            if prefix.isEmpty,
                name == "Newexten" || name == "NewCallerid" || name == "Newstate" || name == "CoreShowChannel"
            {
                leg.context = message["Context"] ?? leg.context
                leg.exten = message["Exten"] ?? leg.exten
                leg.callerIDNum = message["CallerIDNum"] ?? leg.callerIDNum
                legs[uniqueid] = leg
            }
            if let linkedid = message[prefix + "Linkedid"], leg.callID != linkedid, !ended.contains(linkedid) {
                move(uniqueid, to: linkedid, step: &step)
            }
            return
        }
        guard let linkedid = message[prefix + "Linkedid"], let channel = message[prefix + "Channel"],
            !ended.contains(linkedid)
        else { return }
        let leg = CallLeg(
            uniqueid: uniqueid,
            channel: channel,
            callID: linkedid,
            context: message[prefix + "Context"] ?? "",
            exten: message[prefix + "Exten"] ?? "",
            callerIDNum: message[prefix + "CallerIDNum"] ?? ""
        )
        legs[uniqueid] = leg
        if calls[linkedid] == nil {
            // The caller's leg is the channel whose Uniqueid is the Linkedid when we see it, else the first one seen.
            calls[linkedid] = Call(id: linkedid, origin: leg, at: step.time)
        } else if uniqueid == linkedid {
            calls[linkedid]?.originUniqueid = uniqueid
            calls[linkedid]?.originBase = String(leg.base)
        }
        calls[linkedid]?.legIDs.insert(uniqueid)
        if calls[linkedid]?.awaitingChannel == true { adoptOrigin(leg, step: &step) }
        decideInbound(linkedid, step: &step)
    }

    /// A channel adopted another Linkedid: it moves with its rings; a call left without channels ends.
    mutating func move(_ uniqueid: String, to linkedid: String, step: inout Step) {
        guard var leg = legs[uniqueid] else { return }
        let oldID = leg.callID
        leg.callID = linkedid
        legs[uniqueid] = leg
        if calls[linkedid] == nil { calls[linkedid] = Call(id: linkedid, origin: leg, at: step.time) }
        calls[linkedid]?.legIDs.insert(uniqueid)
        guard var old = calls[oldID] else { return }
        old.legIDs.remove(uniqueid)
        // The rings of this channel (or of the Local hop that dialled this device) move with it.
        let moving = old.ringOrder.filter {
            $0 == uniqueid || old.rings[$0]?.deviceUniqueids.contains(uniqueid) == true
        }
        for ringID in moving {
            guard let ring = old.rings.removeValue(forKey: ringID) else { continue }
            old.ringOrder.removeAll { $0 == ringID }
            if calls[linkedid]?.rings[ringID] == nil { calls[linkedid]?.ringOrder.append(ringID) }
            calls[linkedid]?.rings[ringID] = ring
        }
        calls[oldID] = old
        moveRecordings(of: uniqueid, from: oldID, to: linkedid)
        if old.legIDs.allSatisfy({ legs[$0]?.hungUp ?? true }) {
            endCall(oldID, cause: "merged", step: &step)
        }
    }

    /// Snapshot-only events: caller id, recording file, and the redirect evidence of a caller moving on.
    /// The most frequent events (VarSet, Newexten): only what can change is looked at.
    mutating func handleChannelUpdate(_ message: AMIMessage, name: String, step: inout Step) {
        guard let uniqueid = message["Uniqueid"], let leg = legs[uniqueid], !leg.hungUp,
            let call = calls[leg.callID]
        else { return }
        if name == "VarSet" {
            if message["Variable"] == "MIXMONITOR_FILENAME", let file = message["Value"], !file.isEmpty {
                noteRecordingFile(file, uniqueid: uniqueid, channel: leg.channel, in: leg.callID)
            }
            return
        }
        if !call.callerReported, leg.base == call.originBase,
            name == "NewCallerid" || CallerNumber.isReported(leg.callerIDNum)
        {
            calls[leg.callID]?.callerReported = true
            calls[leg.callID]?.caller = CallerNumber.presented(leg.callerIDNum)
            startIfReady(leg.callID, step: &step)
        }
        if name == "Newexten", var redirect = call.redirect, redirect.callerUniqueid == uniqueid,
            leg.context != redirect.context, redirect.newExten == nil
        {
            redirect.newExten = leg.exten
            calls[leg.callID]?.redirect = redirect
            completeRedirect(leg.callID, step: &step)
        }
    }

    /// A HangupRequest (the far end hung up) on the caller's channel means the caller is going. SoftHangupRequest
    /// says nothing of the kind: Asterisk sends it whenever a channel's dialplan ends.
    mutating func handleHangupRequest(_ message: AMIMessage, step: inout Step) {
        guard let uniqueid = message["Uniqueid"], let leg = legs[uniqueid], let call = calls[leg.callID],
            leg.base == call.originBase
        else { return }
        calls[leg.callID]?.callerGone = true
    }

    /// A channel hung up: its rings stop, a redirect may complete, and the call ends with its last channel.
    mutating func handleHangup(_ message: AMIMessage, step: inout Step) {
        guard let uniqueid = message["Uniqueid"], var leg = legs[uniqueid], !leg.hungUp else { return }
        leg.hungUp = true
        leg.cause = message["Cause"]
        legs[uniqueid] = leg
        let callID = leg.callID
        guard var call = calls[callID] else { return }
        if leg.base == call.originBase { call.callerGone = true }
        if var redirect = call.redirect, ChannelName.base(of: redirect.from.channel) == leg.base {
            redirect.partnerGone = true
            call.redirect = redirect
        }
        calls[callID] = call
        completeRedirect(callID, step: &step)
        // A ringing phone whose channel hung up without a DialEnd stopped ringing.
        for ringID in call.ringOrder {
            guard let ring = calls[callID]?.rings[ringID], ring.isRinging,
                ChannelName.base(of: ring.member.channel) == leg.base
            else { continue }
            let reason: RingStopReason =
                if leg.cause == "26" {
                    .answeredElsewhere
                } else if call.direction?.isRequested == true, ringID == call.originUniqueid {
                    .ofOriginatedHangup(cause: leg.cause)
                } else {
                    defaultStopReason(callID, except: ringID)
                }
            stopRinging(ringID, in: callID, reason: reason, step: &step)
        }
        if calls[callID]?.legIDs.allSatisfy({ legs[$0]?.hungUp ?? true }) ?? false {
            let origin = calls[callID].flatMap { legs[$0.originUniqueid]?.cause }
            endCall(callID, cause: origin ?? leg.cause ?? "0", step: &step)
        }
    }

    /// Ends a call: open rings stop, a pending queue timeout is reported, then call.ended and a call.recorded per
    /// recording; the call is forgotten.
    mutating func endCall(_ callID: String, cause: String, lostLink: Bool = false, step: inout Step) {
        guard calls[callID] != nil else { return }
        startIfReady(callID, force: true, step: &step)
        for ringID in calls[callID]?.ringOrder ?? [] where calls[callID]?.rings[ringID]?.isRinging == true {
            stopRinging(
                ringID,
                in: callID,
                reason: lostLink ? .lost : defaultStopReason(callID, except: ringID),
                step: &step
            )
        }
        resolvePendingQueueTimeout(callID, as: .timeout, step: &step)
        if let queue = calls[callID]?.queue, !lostLink {
            calls[callID]?.queue = nil
            let reason: QueueLeaveReason = (calls[callID]?.callerGone ?? false) ? .abandoned : .timeout
            emit(.queueLeft(queue: queue, reason: reason), in: callID, step: &step)
        }
        guard let call = calls.removeValue(forKey: callID) else { return }
        lastEnded[callID] = call
        step.events.append(
            EngineEvent(
                callID: callID,
                time: step.time,
                kind: .ended(
                    cause: cause,
                    answered: call.isAnswered,
                    talkSeconds: call.talkSeconds(at: step.time)
                )
            )
        )
        step.events += recordedEvents(of: call, at: step.time)
        for uniqueid in call.legIDs where legs[uniqueid]?.callID == callID { legs.removeValue(forKey: uniqueid) }
        ended.insert(callID)
    }
}
