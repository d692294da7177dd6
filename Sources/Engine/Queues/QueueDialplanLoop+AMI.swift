public import AMIProtocol
public import Foundation
import RuleDSL

extension QueueDialplanLoop {
    /// The AMI stream: availability (`DeviceStateChange`, `ExtensionStatus`, `QueueMemberPause`), the answer of a
    /// member the dialplan was told to dial (the caller's `DialEnd` with `ANSWER`: the dialplan does not ask again
    /// after an answered `Dial()`), and hang-ups (the caller's channel: the call is over for the queue; the answering
    /// member's channel: their part is). Other outcomes of a `Dial()` come with the dialplan's next question.
    public mutating func observe(_ message: AMIMessage, at time: Date) -> Step {
        switch message.name {
        case "DeviceStateChange", "ExtensionStatus", "QueueMemberPause":
            return Step(notes: apply(machine.presence(message, at: time)))
        case "DialEnd":
            guard let uniqueid = message["Uniqueid"], let issued = channels[uniqueid]?.issued,
                message["DialStatus"]?.uppercased() == "ANSWER", let destination = message["DestChannel"]
            else { return Step() }
            let device = ChannelName.interface(of: destination)
            channels[uniqueid]?.issued = nil
            if let member = message["DestUniqueid"] {
                channels[uniqueid]?.memberUniqueid = member
                memberChannels[member] = uniqueid
            }
            let known = issued.attempt.members.contains { $0.dial == device || $0.device == device }
            return Step(
                notes: apply(
                    machine.attemptEnded(uniqueid, status: .answer, answeredBy: known ? device : nil, at: time)
                )
            )
        case "Hangup":
            guard let hungUp = message["Uniqueid"] else { return Step() }
            guard let uniqueid = channels[hungUp] != nil ? hungUp : memberChannels[hungUp] else { return Step() }
            let notes = apply(machine.callEnded(uniqueid, at: time))
            close(uniqueid)
            return Step(notes: notes)
        default:
            return Step()
        }
    }
}
