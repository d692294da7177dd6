/// An `Async: true` Originate. Its outcome arrives later as an `OriginateResponse` event with the same ActionID.
public struct AMIOriginate: Sendable, Hashable {
    /// Where the call goes once the channel answers.
    public enum Destination: Sendable, Hashable {
        /// `Context` / `Exten` / `Priority`.
        case dialplan(context: String, exten: String, priority: Int)
        /// `Application` / `Data`.
        case application(name: String, data: String)
    }

    /// The channel to dial, e.g. `Local/201@agents`.
    public var channel: String
    /// Dialplan or application destination.
    public var destination: Destination
    /// `Timeout` in milliseconds (Asterisk's default is 30000).
    public var timeoutMilliseconds: Int?
    /// `CallerID`, e.g. `"Ivan" <201>`.
    public var callerID: String?
    /// Channel variables, one `Variable: name=value` line each. Asterisk still splits each line on commas, so the
    /// encoder refuses names and values it would misread (see ``AMIVariable``).
    public var variables: [(name: String, value: String)]
    /// `ChannelId`: the Uniqueid of the new channel, so its events can be matched before OriginateResponse.
    public var channelID: String?
    /// `OtherChannelId`: the Uniqueid of the `;2` half of a Local channel.
    public var otherChannelID: String?
    /// `Account`.
    public var account: String?

    /// Creates an Originate.
    public init(
        channel: String,
        destination: Destination,
        timeoutMilliseconds: Int? = nil,
        callerID: String? = nil,
        variables: [(name: String, value: String)] = [],
        channelID: String? = nil,
        otherChannelID: String? = nil,
        account: String? = nil
    ) {
        self.channel = channel
        self.destination = destination
        self.timeoutMilliseconds = timeoutMilliseconds
        self.callerID = callerID
        self.variables = variables
        self.channelID = channelID
        self.otherChannelID = otherChannelID
        self.account = account
    }

    /// The action, with `Async: true`.
    public var action: AMIAction {
        var headers = [AMIHeader("Channel", channel)]
        switch destination {
        case .dialplan(let context, let exten, let priority):
            headers += [
                AMIHeader("Context", context), AMIHeader("Exten", exten), AMIHeader("Priority", String(priority)),
            ]
        case .application(let name, let data):
            headers += [AMIHeader("Application", name), AMIHeader("Data", data)]
        }
        if let timeoutMilliseconds { headers.append(AMIHeader("Timeout", String(timeoutMilliseconds))) }
        if let callerID { headers.append(AMIHeader("CallerID", callerID)) }
        if let account { headers.append(AMIHeader("Account", account)) }
        if let channelID { headers.append(AMIHeader("ChannelId", channelID)) }
        if let otherChannelID { headers.append(AMIHeader("OtherChannelId", otherChannelID)) }
        headers.append(AMIHeader("Async", "true"))
        for variable in variables { headers.append(AMIHeader("Variable", "\(variable.name)=\(variable.value)")) }
        return AMIAction("Originate", headers)
    }

    public static func == (lhs: AMIOriginate, rhs: AMIOriginate) -> Bool { lhs.action == rhs.action }
    public func hash(into hasher: inout Hasher) { hasher.combine(action) }
}
