import AMIProtocol
import Foundation
import RuleDSL

extension CallModel {
    /// The call an event with a caller block (and a `Dest` block) belongs to.
    func callID(of message: AMIMessage) -> String? {
        for prefix in ["", "Dest"] {
            if let uniqueid = message[prefix + "Uniqueid"], let leg = legs[uniqueid] { return leg.callID }
        }
        return nil
    }

    /// DialBegin: a dial from a channel of a call rings a phone. Dest-only dials (Originate, AMI or ARI) ring
    /// nobody of the call: at the start of the captures that is the recording tool's own Originate.
    mutating func handleDialBegin(_ message: AMIMessage, step: inout Step) {
        observeChannel(message, prefix: "Dest", name: "DialBegin", step: &step)
        if message["Channel"] == nil, let destID = message["DestUniqueid"], let destChannel = message["DestChannel"] {
            ringOperator(destID: destID, channel: destChannel, step: &step)
            return
        }
        guard message["Channel"] != nil, let callerID = message["Uniqueid"], let callerLeg = legs[callerID],
            let destID = message["DestUniqueid"], let destChannel = message["DestChannel"]
        else { return }
        let callID = callerLeg.callID
        guard let call = calls[callID] else { return }
        // A member's Local channel dialling its device (`Local/201@from-queue` → `PJSIP/201`) is the same phone
        // ringing: the hop's own DialBegin/DialEnd from the caller tell the story.
        // The operator's phone of a call the engine started, once it stopped ringing, dials the client: no hop.
        if let hop = call.ringOrder.first(where: { ringID in
            guard let ring = call.rings[ringID] else { return false }
            if call.direction?.isRequested == true, ringID == call.originUniqueid, !ring.isRinging { return false }
            return ChannelName.base(of: ring.member.channel) == callerLeg.base
        }) {
            let device = shared(uniqueid: destID)
            calls[callID]?.rings[hop]?.deviceUniqueids.insert(device)
            return
        }
        if calls[callID]?.direction == nil {
            let exten = message["Exten"] ?? callerLeg.exten
            let dialled =
                exten.isEmpty || exten == "s"
                ? InterfaceExtension.extractDialString(message["DialString"] ?? "") : exten
            decideByDial(callID, dialled: dialled, step: &step)
        }
        let queue = calls[callID]?.queue
        var member = CallMember(channel: destChannel, uniqueid: destID)
        // The number dialled names the phone better than a trunk's channel name (`9898@trunk` → 9898).
        if let dialString = message["DialString"], !dialString.isEmpty {
            let dialled = InterfaceExtension.extractDialString(dialString)
            if !dialled.isEmpty { member.extension = dialled }
        }
        startRinging(member, queue: queue, in: callID, step: &step)
    }

    /// AgentCalled: a queue member's phone rings (the same ring as the DialBegin that goes with it). The member is
    /// named by `Interface`, never by `DestExten`, which in queue events holds the caller's number.
    mutating func handleAgentCalled(_ message: AMIMessage, step: inout Step) {
        observeChannel(message, prefix: "Dest", name: "AgentCalled", step: &step)
        guard let callID = callID(of: message), let destID = message["DestUniqueid"],
            let destChannel = message["DestChannel"]
        else { return }
        let member = CallMember(channel: destChannel, uniqueid: destID, interface: message["Interface"])
        startRinging(member, queue: message["Queue"], in: callID, step: &step)
    }

    mutating func startRinging(_ member: CallMember, queue: String?, in callID: String, step: inout Step) {
        guard calls[callID] != nil else { return }
        let member = shared(member)
        if var ring = calls[callID]?.rings[member.uniqueid] {
            // AgentCalled and DialBegin name the same ring; keep the richer description.
            if ring.queue == nil, let queue { ring.queue = queue }
            if ring.member.interface != member.interface, member.interface.contains("/") {
                ring.member.interface = member.interface
            }
            calls[callID]?.rings[member.uniqueid] = ring
            return
        }
        calls[callID]?.rings[member.uniqueid] = Call.Ring(member: member, queue: queue)
        calls[callID]?.ringOrder.append(member.uniqueid)
        emit(.ringing(member: member, queue: queue), in: callID, step: &step)
    }

    /// Stops a ring with `reason` (once; later reports of the same ring, such as the second CANCEL, do nothing).
    mutating func stopRinging(_ ringID: String, in callID: String, reason: RingStopReason, step: inout Step) {
        guard var ring = calls[callID]?.rings[ringID], ring.isRinging else { return }
        ring.isRinging = false
        calls[callID]?.rings[ringID] = ring
        emit(.ringStopped(member: ring.member, reason: reason, queue: ring.queue), in: callID, step: &step)
    }

    /// DialEnd: the ring's outcome. ANSWER waits for AgentConnect or the phone's BridgeEnter to count as answered.
    mutating func handleDialEnd(_ message: AMIMessage, step: inout Step) {
        if let callID = callID(of: message), let status = message["DialStatus"], !status.isEmpty {
            calls[callID]?.dialStatus = status.uppercased()
        }
        if message["Channel"] == nil, let destID = message["DestUniqueid"] {
            endOperatorRing(destID, status: (message["DialStatus"] ?? "").uppercased(), step: &step)
            return
        }
        guard message["Channel"] != nil, let destID = message["DestUniqueid"], let callID = callID(of: message),
            var ring = calls[callID]?.rings[destID]
        else { return }
        switch (message["DialStatus"] ?? "").uppercased() {
        case "ANSWER":
            ring.answerPending = true
            calls[callID]?.rings[destID] = ring
        case "NOANSWER": stopRinging(destID, in: callID, reason: .noAnswer, step: &step)
        case "BUSY": stopRinging(destID, in: callID, reason: .busy, step: &step)
        case "CHANUNAVAIL", "CONGESTION": stopRinging(destID, in: callID, reason: .unavailable, step: &step)
        case "CANCEL":
            // Dial cancelled the ring; why is told by what comes next: another phone's ANSWER (which may be
            // reported after the CANCEL), the ringing channel's hangup cause (26, answered elsewhere), the
            // caller going, or the queue giving up. The ring stops when its channel hangs up.
            if defaultStopReason(callID, except: destID) != .noAnswer {
                stopRinging(destID, in: callID, reason: defaultStopReason(callID, except: destID), step: &step)
            } else {
                ring.cancelled = true
                calls[callID]?.rings[destID] = ring
            }
        default: stopRinging(destID, in: callID, reason: defaultStopReason(callID, except: destID), step: &step)
        }
    }

    /// Why a ring stops on CANCEL: another phone answered, the caller went, the queue gave up, or no answer.
    func defaultStopReason(_ callID: String, except ringID: String) -> RingStopReason {
        guard let call = calls[callID] else { return .noAnswer }
        if call.rings.contains(where: { $0.key != ringID && ($0.value.answerPending || $0.value.hasAnswered) }) {
            return .answeredElsewhere
        }
        if call.callerGone { return .callerGone }
        if let queue = call.rings[ringID]?.queue, call.abandonedQueues.contains(queue) { return .queueTimeout }
        return .noAnswer
    }

    /// A phone answered: its ring stops with `answered`, then call.answered.
    mutating func answer(_ ringID: String, in callID: String, step: inout Step) {
        guard var ring = calls[callID]?.rings[ringID], !ring.hasAnswered else { return }
        leaveEngineQueueAnswered(ringID, in: callID, step: &step)
        if ring.isRinging { stopRinging(ringID, in: callID, reason: .answered, step: &step) }
        ring.isRinging = false
        ring.hasAnswered = true
        ring.answerPending = false
        calls[callID]?.rings[ringID] = ring
        resolvePendingQueueTimeout(callID, as: .answered, step: &step)
        if calls[callID]?.firstAnsweredAt == nil { calls[callID]?.firstAnsweredAt = step.time }
        // The operator who placed the call (from their phone, or by clicking in Bitrix24) is the one who talks.
        let placed = calls[callID]?.direction == .outbound || calls[callID]?.direction?.isRequested == true
        let operatorOfOutbound = placed ? calls[callID]?.caller : nil
        calls[callID]?.answeredBy = operatorOfOutbound ?? ring.member.extension
        calls[callID]?.answeringMember = ring.member
        calls[callID]?.transferInProgress = false
        emit(.answered(member: ring.member, queue: ring.queue), in: callID, step: &step)
    }

    /// BridgeEnter of a phone whose dial ended with ANSWER (ring groups, direct dial, follow-me, transfers).
    mutating func handleBridgeEnter(_ message: AMIMessage, step: inout Step) {
        guard let uniqueid = message["Uniqueid"], let leg = legs[uniqueid], let call = calls[leg.callID] else { return }
        for ringID in call.ringOrder {
            guard let ring = call.rings[ringID], ring.answerPending,
                ChannelName.base(of: ring.member.channel) == leg.base
            else { continue }
            answer(ringID, in: leg.callID, step: &step)
        }
    }
}

extension InterfaceExtension {
    /// The number inside a dial string: `trunk/79161234567` → `79161234567`, `201@agents` → `201`.
    static func extractDialString(_ dialString: String) -> String {
        let lastPart = dialString.split(separator: "/").last.map(String.init) ?? dialString
        return extract(lastPart)
    }
}
