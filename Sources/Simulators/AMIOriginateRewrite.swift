public import AMIProtocol
import Adapters
import Foundation

/// Rewrites a recorded call so that it answers a live Originate, letting a test prove correlation.
///
/// The mapping (recorded → received):
/// 1. ActionID: the capture's `OriginateResponse` ActionID → the received Originate's `ActionID`;
/// 2. originated Uniqueid: the capture's `OriginateResponse` Uniqueid (the `;1` leg, also every `Linkedid` equal to
///    it; when the Originate failed and that is `<unknown>`, the first Newchannel of the requested channel) → the
///    received `ChannelId`, when given;
/// 3. the `;2` half of a Local channel: the Uniqueid of the recorded `Newchannel` whose Channel is the
///    OriginateResponse Channel with `;1` → `;2` → the received `OtherChannelId`, or else `<ChannelId>;2` as Asterisk
///    does;
/// 4. every header value exactly equal to a recorded value above becomes the received one (Uniqueid, Linkedid,
///    DestUniqueid, …); a recorded Uniqueid inside a longer value (a MixMonitor file name such as
///    `/var/spool/asterisk/monitor/1795564359.52.wav`) is replaced too when no digit touches it on either side;
/// 5. channel variables: for each received `Variable: NAME=VALUE`, a `VarSet` event with `Variable: NAME` gets
///    `Value: VALUE`, and `ChanVariable…` headers whose value starts with `NAME=` become `NAME=VALUE`.
///
/// Only the events recorded after the capture's reply to its Originate are replayed (the recording session's own
/// login events and Responses are skipped).
public struct AMIOriginateRewrite: Sendable {
    /// Recorded value → received value.
    public let replacements: [String: String]
    /// Channel variable name → received value.
    public let variables: [String: String]
    /// Recorded Uniqueids (→ received ones) that are also replaced inside longer values.
    public let embeddedUniqueIDs: [String: String]

    /// Derives the mapping from a capture and a received Originate.
    public init(capture: AMICapture, originate: AMIMessage) {
        var replacements: [String: String] = [:]
        let outcome = capture.messages.first { $0.kind == .event && $0.name == "OriginateResponse" }
        if let recorded = outcome?.actionID, let received = originate.actionID {
            replacements[recorded] = received
        }
        if let channelID = originate["ChannelId"], let outcome,
            let recorded = Self.originatedChannel(in: capture, outcome: outcome)
        {
            replacements[recorded.uniqueid] = channelID
            if recorded.channel.hasSuffix(";1") {
                let otherChannel = String(recorded.channel.dropLast()) + "2"
                let recordedOther = capture.messages.first {
                    $0.kind == .event && $0.name == "Newchannel" && $0["Channel"] == otherChannel
                }?["Uniqueid"]
                if let recordedOther {
                    replacements[recordedOther] = originate["OtherChannelId"] ?? channelID + ";2"
                }
            }
        }
        embeddedUniqueIDs = replacements.filter { $0.key != outcome?.actionID }
        var variables: [String: String] = [:]
        for assignment in originate.values(named: "Variable") {
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            variables[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        self.replacements = replacements
        self.variables = variables
    }

    /// The recorded first channel of the Originate: the OriginateResponse's Uniqueid and Channel — or, when the
    /// Originate failed and Asterisk reported `Uniqueid: <unknown>` (the channel was gone by then), the first
    /// Newchannel of the requested channel (`Local/201@agents` → `Local/201@agents-0000001c;1`).
    static func originatedChannel(in capture: AMICapture, outcome: AMIMessage) -> (channel: String, uniqueid: String)? {
        guard let requested = outcome["Channel"] else { return nil }
        if let uniqueid = outcome["Uniqueid"], uniqueid != "<unknown>" { return (requested, uniqueid) }
        let created = capture.messages.first { message in
            guard message.kind == .event, message.name == "Newchannel", let channel = message["Channel"],
                channel.hasPrefix(requested + "-")
            else { return false }
            return !channel.contains(";") || channel.hasSuffix(";1")
        }
        guard let channel = created?["Channel"], let uniqueid = created?["Uniqueid"] else { return nil }
        return (channel, uniqueid)
    }

    /// The events to replay for the Originate, rewritten.
    public func events(of capture: AMICapture) -> [AMIMessage] {
        let recordedID = capture.originateActionID
        var startIndex = 0
        if let recordedID,
            let ack = capture.messages.firstIndex(where: { $0.kind == .response && $0.actionID == recordedID })
        {
            startIndex = ack + 1
        }
        return capture.messages[startIndex...].filter { $0.kind == .event }.map(rewrite)
    }

    /// Applies the mapping to one message.
    public func rewrite(_ message: AMIMessage) -> AMIMessage {
        let isVarSet = message.name == "VarSet"
        let variableName = isVarSet ? message["Variable"] : nil
        let headers = message.headers.map { header -> AMIHeader in
            if let replacement = replacements[header.value] { return AMIHeader(header.name, replacement) }
            if let embedded = replaceEmbedded(in: header.value) { return AMIHeader(header.name, embedded) }
            if let variableName, header.name.lowercased() == "value", let value = variables[variableName] {
                return AMIHeader(header.name, value)
            }
            if header.name.hasPrefix("ChanVariable") || header.name.hasSuffix("ChanVariable"),
                let equals = header.value.firstIndex(of: "="),
                let value = variables[String(header.value[..<equals])]
            {
                return AMIHeader(header.name, "\(header.value[..<equals])=\(value)")
            }
            return header
        }
        return AMIMessage(headers)
    }

    private func replaceEmbedded(in value: String) -> String? {
        var result = value
        var changed = false
        for (recorded, received) in embeddedUniqueIDs where result.contains(recorded) {
            var searchStart = result.startIndex
            while let range = result.range(of: recorded, range: searchStart..<result.endIndex) {
                let before = range.lowerBound > result.startIndex ? result[result.index(before: range.lowerBound)] : nil
                let after = range.upperBound < result.endIndex ? result[range.upperBound] : nil
                if before?.isNumber == true || after?.isNumber == true {
                    searchStart = range.upperBound
                    continue
                }
                let offset = result.distance(from: result.startIndex, to: range.lowerBound)
                result.replaceSubrange(range, with: received)
                searchStart = result.index(result.startIndex, offsetBy: offset + received.count)
                changed = true
            }
        }
        return changed ? result : nil
    }
}
