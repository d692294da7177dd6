import AMIProtocol
public import Foundation

extension CallEngine {
    /// The call an AMI event concerns now: the call of the first channel it names that the model knows.
    func callID(of message: AMIMessage) -> String? {
        for header in ["Uniqueid", "DestUniqueid", "TransfereeUniqueid", "OrigTransfererUniqueid"] {
            if let uniqueid = message[header], let leg = model.legs[uniqueid] { return leg.callID }
        }
        return nil
    }

    /// Records an AMI event and what the rules made of it. The event belongs to the call of its channel as it was
    /// before the event (a Hangup removes the channel) or after it (a Newchannel makes one), or else to the call its
    /// `Linkedid` names, when the model knows that call.
    mutating func trace(
        _ message: AMIMessage,
        of knownCall: String?,
        arrival: Date,
        entries: [TimelineEntry],
        generation: RuleGeneration
    ) {
        var callID = knownCall ?? callID(of: message)
        if callID == nil, let linkedid = message["Linkedid"],
            model.calls[linkedid] != nil || model.lastEnded[linkedid] != nil || traces?.calls[linkedid] != nil
        {
            callID = linkedid
        }
        if let callID { traces?.record(.ami(message, at: AMITime.of(message, arrival: arrival)), of: callID) }
        for entry in entries {
            guard let owner = entry.callID ?? callID else { continue }
            traces?.record(
                .evaluation(TraceEvaluation(entry: entry, generation: generation.number)),
                of: owner,
                generation: generation
            )
        }
    }

    /// Records events the rules evaluated outside an AMI event (a result landing, a resync).
    mutating func trace(_ entries: [TimelineEntry], generation: RuleGeneration) {
        for entry in entries {
            guard let callID = entry.callID else { continue }
            traces?.record(
                .evaluation(TraceEvaluation(entry: entry, generation: generation.number)),
                of: callID,
                generation: generation
            )
        }
    }

    /// Records an intent the executor ran (no-op when traces are off).
    public mutating func trace(_ execution: TraceExecution, of callID: String) {
        traces?.record(.execution(execution), of: callID, opens: false)
    }

    /// Records the portal's answer to a command of a call (no-op when traces are off).
    public mutating func trace(_ answer: TracePortalAnswer, of callID: String) {
        traces?.record(.portal(answer), of: callID, opens: false)
    }
}
