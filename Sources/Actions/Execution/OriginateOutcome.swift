import AMIProtocol
import Engine

/// How an Originate of a call the engine started is tied to the call, and how its failure ends it.
enum OriginateOutcome {
    /// The cause of a call whose Originate could not be sent or was refused before dialling (AMI down, an action
    /// error, arguments the encoder refused).
    static let failed = "originate_failed"

    /// The name of the channel variable carrying Bitrix24's CALL_ID. The two leading `_` make Asterisk copy it to
    /// every channel the call creates, so the dialplan reads `${B24_CALL_ID}` on the client's leg too.
    static let callIDVariable = "__B24_CALL_ID"

    /// Names the Originate's channels after `call`: `ChannelId` is the call's id (so its Uniqueid and Linkedid are the
    /// call's, and the call model recognises its events), `OtherChannelId` the id with `-2` (a Local channel's `;2`
    /// half); the CALL_ID Bitrix24 gave the call rides along as ``callIDVariable``.
    static func identify(_ originate: inout AMIOriginate, as call: Call) {
        originate.channelID = call.id
        originate.otherChannelID = call.id + "-2"
        if let callID = call.b24CallID, !originate.variables.contains(where: { $0.name == callIDVariable }) {
            originate.variables.append((callIDVariable, callID))
        }
    }

    /// The cause a call ends with when its Originate failed with OriginateResponse `Reason` (a Q.850 cause the
    /// status maps already know): 1 hung up → 21 (rejected), 3 no answer → 19, 5 busy → 17, 8 congestion → 34,
    /// anything else → `originate_failed`.
    static func cause(ofReason reason: Int?) -> String {
        switch reason {
        case 1: "21"
        case 3: "19"
        case 5: "17"
        case 8: "34"
        default: failed
        }
    }
}
