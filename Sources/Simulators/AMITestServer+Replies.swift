public import AMIProtocol
import Adapters
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
                state.logins += 1
                let booted = AMIMessage([
                    AMIHeader("Event", "FullyBooted"), AMIHeader("Privilege", "system,all"),
                    AMIHeader("Uptime", "91"), AMIHeader("LastReload", "91"),
                    AMIHeader("Status", "Fully Booted"),
                ])
                return (
                    [
                        response([
                            AMIHeader("Response", "Success"),
                            AMIHeader("Message", "Authentication accepted"),
                        ]), booted,
                    ], false, nil
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
            if let scripted = state.scripts[name] {
                return (scripted.messages(for: action), false, nil)
            }
            switch name {
            case "ping":
                guard state.answersPing else { return ([], false, nil) }
                return (
                    [
                        response([
                            AMIHeader("Response", "Success"), AMIHeader("Ping", "Pong"),
                            AMIHeader("Timestamp", "1795564211.512953"),
                        ])
                    ], false, nil
                )
            case "events":
                let off = ["off", "no", "false"].contains((action["EventMask"] ?? "").lowercased())
                return (
                    [response([AMIHeader("Response", "Success"), AMIHeader("Events", off ? "Off" : "On")])],
                    false, nil
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
