public import AMIProtocol
import Adapters
import Foundation
import Synchronization

extension AMITestServer {
    /// What the server sends for `action`, whether it then closes the session, and what it replays afterwards.
    /// Login, Challenge and Logoff behave as in Asterisk's manager.c; before login every other action gets
    /// `Permission denied`; scripted replies come next; then built-in Ping, Events, CoreShowChannels and Originate;
    /// anything else is an unknown command.
    func reply(
        to action: AMIMessage,
        named name: String,
        sessionID: Int
    )
        -> ([AMIMessage], close: Bool, replay: (events: [AMIMessage], speed: AMIReplaySpeed)?)
    {
        let id = action.actionID
        func response(_ headers: [AMIHeader]) -> AMIMessage { AMIScriptedReply.withActionID(headers, id) }
        return state.withLock { state in
            guard var session = state.sessions[sessionID] else { return ([], false, nil) }
            defer { state.sessions[sessionID] = session }
            switch name {
            case "challenge":
                let challenge = String(UInt32.random(in: 100_000_000...999_999_999))
                session.challenge = challenge
                return ([response([AMIHeader("Response", "Success"), AMIHeader("Challenge", challenge)])], false, nil)
            case "login":
                let configuration = state.configuration
                let proven: Bool
                if action["AuthType"]?.lowercased() == "md5", let challenge = session.challenge {
                    proven = action["Key"] == AMILoginDigest.key(challenge: challenge, secret: configuration.secret)
                } else {
                    proven = action["Secret"] == configuration.secret.revealed
                }
                guard proven, action["Username"] == configuration.username, configuration.acceptsLogin else {
                    state.failedLogins += 1
                    return (
                        [
                            response([
                                AMIHeader("Response", "Error"),
                                AMIHeader("Message", "Authentication failed"),
                            ])
                        ], true, nil
                    )
                }
                session.loggedIn = true
                session.eventMask = action["Events"].map(Self.eventMask) ?? .all
                state.logins += 1
                let booted = AMIMessage([
                    AMIHeader("Event", "FullyBooted"), AMIHeader("Privilege", "system,all"),
                    AMIHeader("Uptime", "91"), AMIHeader("LastReload", "91"),
                    AMIHeader("Status", "Fully Booted"),
                ])
                let greeting = configuration.eventsAfterLogin.compactMap {
                    Self.deliverable($0, to: session, configuration)
                }
                return (
                    [
                        response([
                            AMIHeader("Response", "Success"),
                            AMIHeader("Message", "Authentication accepted"),
                        ]), booted,
                    ] + greeting, false, nil
                )
            case "logoff":
                return (
                    [
                        response([
                            AMIHeader("Response", "Goodbye"),
                            AMIHeader("Message", "Thanks for all the fish."),
                        ])
                    ], true, nil
                )
            default:
                break
            }
            guard session.loggedIn else {
                return (
                    [response([AMIHeader("Response", "Error"), AMIHeader("Message", "Permission denied")])],
                    false, nil
                )
            }
            if let needed = AMIActionAuthority.writeClasses(for: name), !needed.isEmpty,
                !state.configuration.writeClasses.containsAny(of: needed)
            {
                return (
                    [response([AMIHeader("Response", "Error"), AMIHeader("Message", "Permission denied")])],
                    false, nil
                )
            }
            if let scripted = state.scripts[name] {
                return (scripted.messages(for: action), false, nil)
            }
            if let missing = Self.missingHeaderError(name, action) {
                return ([response([AMIHeader("Response", "Error"), AMIHeader("Message", missing)])], false, nil)
            }
            switch name {
            case "ping":
                guard state.answersPing else { return ([], false, nil) }
                let stamp =
                    switch state.configuration.pingClock {
                    case .recorded: "1795564211.512953"
                    case .wallClock(let offset): String(format: "%.6f", Date().timeIntervalSince1970 + offset)
                    }
                return (
                    [
                        response([
                            AMIHeader("Response", "Success"), AMIHeader("Ping", "Pong"),
                            AMIHeader("Timestamp", stamp),
                        ])
                    ], false, nil
                )
            case "events":
                let mask = Self.eventMask(action["EventMask"] ?? "")
                session.eventMask = mask
                return (
                    [
                        response([
                            AMIHeader("Response", "Success"), AMIHeader("Events", mask == .none ? "Off" : "On"),
                        ])
                    ],
                    false, nil
                )
            case "coresettings":
                return (
                    [
                        response([
                            AMIHeader("Response", "Success"), AMIHeader("AMIversion", "11.0.0"),
                            AMIHeader("AsteriskVersion", state.configuration.asteriskVersion),
                            AMIHeader("SystemName", ""), AMIHeader("CoreMaxCalls", "0"),
                        ])
                    ], false, nil
                )
            case "coreshowchannels":
                return (Self.coreShowChannels(state.channels, actionID: id), false, nil)
            case "originate":
                let ack = response([
                    AMIHeader("Response", "Success"),
                    AMIHeader("Message", "Originate successfully queued"),
                ])
                guard let scripted = state.originateCapture else { return ([ack], false, nil) }
                let rewrite = AMIOriginateRewrite(capture: scripted.capture, originate: action)
                return ([ack], false, (rewrite.events(of: scripted.capture), scripted.speed))
            default:
                return (
                    [
                        response([
                            AMIHeader("Response", "Error"),
                            AMIHeader(
                                "Message",
                                "Invalid/unknown command: \(action.name ?? ""). "
                                    + "Use Action: ListCommands to show available commands."
                            ),
                        ])
                    ],
                    false, nil
                )
            }
        }
    }

    /// The error Asterisk's handler gives an action sent without the header it cannot do without (it gives it after
    /// the permission check, and does nothing): Originate, Redirect and Hangup without `Channel`, Setvar and Getvar
    /// without `Variable`, the queue member actions without their queue or interface.
    static func missingHeaderError(_ name: String, _ action: AMIMessage) -> String? {
        func missing(_ header: String) -> Bool { (action[header] ?? "").isEmpty }
        switch name {
        case "originate", "redirect": return missing("Channel") ? "Channel not specified" : nil
        case "hangup": return missing("Channel") ? "No channel specified" : nil
        case "setvar", "getvar": return missing("Variable") ? "No variable specified" : nil
        case "queueadd": return missing("Queue") ? "'Queue' not specified." : nil
        case "queueremove":
            return missing("Queue") || missing("Interface") ? "Need 'Queue' and 'Interface' parameters." : nil
        case "queuepause":
            return missing("Interface") || missing("Paused") ? "Need 'Interface' and 'Paused' parameters." : nil
        default: return nil
        }
    }

    /// A login's `Events:` or `Action: Events`' `EventMask:` as classes (manager.c `strings_to_mask()`).
    static func eventMask(_ value: String) -> AMIClassSet {
        let lowered = value.lowercased()
        if !lowered.isEmpty, lowered.allSatisfy(\.isNumber) { return Int(lowered) == 0 ? .none : .all }
        if lowered.isEmpty || ["on", "yes", "true", "y", "t"].contains(lowered) { return .all }
        if ["off", "no", "false", "n", "f"].contains(lowered) { return .none }
        return AMIClassSet.parse(value).classes
    }

    /// Asterisk 22's `CoreShowChannels` list (manager_channels.c `action_coreshowchannels`): the acknowledgement,
    /// one `CoreShowChannel` item per channel (ActionID, no Privilege, then the snapshot), and
    /// `CoreShowChannelsComplete` with `ListItems`.
    public static func coreShowChannels(_ channels: [AMIMessage], actionID: String?) -> [AMIMessage] {
        let id = actionID.map { [AMIHeader("ActionID", $0)] } ?? []
        var messages = [
            AMIMessage(
                [AMIHeader("Response", "Success")] + id
                    + [AMIHeader("EventList", "start"), AMIHeader("Message", "Channels will follow")]
            )
        ]
        let replaced: Set<String> = ["event", "actionid", "privilege"]
        for channel in channels {
            let snapshot = channel.headers.filter { !replaced.contains($0.name.lowercased()) }
            messages.append(AMIMessage([AMIHeader("Event", "CoreShowChannel")] + id + snapshot))
        }
        messages.append(
            AMIMessage(
                [AMIHeader("Event", "CoreShowChannelsComplete")] + id
                    + [AMIHeader("EventList", "Complete"), AMIHeader("ListItems", String(channels.count))]
            )
        )
        return messages
    }
}
