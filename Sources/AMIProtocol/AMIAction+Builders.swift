extension AMIAction {
    /// `Action: Ping`.
    public static var ping: AMIAction { AMIAction("Ping") }

    /// `Action: Logoff`.
    public static var logoff: AMIAction { AMIAction("Logoff") }

    /// `Action: Challenge` / `AuthType: MD5`.
    public static var md5Challenge: AMIAction { AMIAction("Challenge", ["AuthType": "MD5"]) }

    /// `Action: Login` with a plain secret.
    public static func login(username: String, secret: AMISecret, events: AMIEventMask) -> AMIAction {
        AMIAction("Login", ["Username": username, "Secret": secret.revealed, "Events": events.headerValue])
    }

    /// `Action: Login` answering an MD5 challenge with `key`, the digest of the challenge and the secret.
    public static func login(username: String, key: String, events: AMIEventMask) -> AMIAction {
        AMIAction("Login", ["AuthType": "MD5", "Username": username, "Key": key, "Events": events.headerValue])
    }

    /// `Action: Events` / `EventMask:`.
    public static func events(_ mask: AMIEventMask) -> AMIAction {
        AMIAction("Events", ["EventMask": mask.headerValue])
    }

    /// `Action: Redirect` (moves a channel, pulling it out of its bridge).
    public static func redirect(channel: String, context: String, exten: String, priority: Int = 1) -> AMIAction {
        AMIAction("Redirect", ["Channel": channel, "Context": context, "Exten": exten, "Priority": String(priority)])
    }

    /// `Action: Setvar`; without a channel it sets a global variable.
    public static func setvar(channel: String?, variable: String, value: String) -> AMIAction {
        var headers: [AMIHeader] = []
        if let channel { headers.append(AMIHeader("Channel", channel)) }
        headers.append(AMIHeader("Variable", variable))
        headers.append(AMIHeader("Value", value))
        return AMIAction("Setvar", headers)
    }

    /// `Action: Getvar`.
    public static func getvar(channel: String?, variable: String) -> AMIAction {
        var headers: [AMIHeader] = []
        if let channel { headers.append(AMIHeader("Channel", channel)) }
        headers.append(AMIHeader("Variable", variable))
        return AMIAction("Getvar", headers)
    }

    /// `Action: Hangup`, with an optional Q.850 cause.
    public static func hangup(channel: String, cause: Int? = nil) -> AMIAction {
        var headers = [AMIHeader("Channel", channel)]
        if let cause { headers.append(AMIHeader("Cause", String(cause))) }
        return AMIAction("Hangup", headers)
    }

    /// `Action: CoreShowChannels` (a list action ending with `CoreShowChannelsComplete`).
    public static var coreShowChannels: AMIAction { AMIAction("CoreShowChannels") }

    /// `Action: QueueStatus` (a list action ending with `QueueStatusComplete`).
    public static func queueStatus(queue: String? = nil) -> AMIAction {
        AMIAction("QueueStatus", queue.map { [AMIHeader("Queue", $0)] } ?? [])
    }
}
