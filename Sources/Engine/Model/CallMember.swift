public import RuleDSL

/// A phone of the call: the queue member or dialled device (the catalog's `member` object).
public struct CallMember: Sendable, Hashable, CustomStringConvertible {
    /// The dialled interface, e.g. `Local/201@agents` or `PJSIP/201`.
    public var interface: String
    /// The extension inside the interface, e.g. `201`.
    public var `extension`: String
    /// The ringing channel's name, e.g. `Local/201@agents-00000001;1`.
    public var channel: String
    /// The ringing channel's Uniqueid.
    public var uniqueid: String

    /// Creates a member.
    public init(interface: String, extension: String, channel: String, uniqueid: String) {
        self.interface = interface
        self.extension = `extension`
        self.channel = channel
        self.uniqueid = uniqueid
    }

    /// A member from a dialled channel: the interface is the channel name without its unique suffix
    /// (`Local/201@agents-00000001;1` → `Local/201@agents`) unless `interface` is given (AgentCalled's).
    public init(channel: String, uniqueid: String, interface: String? = nil) {
        let resolved = interface ?? ChannelName.interface(of: channel)
        self.init(
            interface: resolved,
            extension: InterfaceExtension.extract(resolved),
            channel: channel,
            uniqueid: uniqueid
        )
    }

    /// The member as the rules see it: `{interface, extension, channel, uniqueid}`.
    public var value: Value {
        .map([
            "interface": .string(interface), "extension": .string(`extension`),
            "channel": .string(channel), "uniqueid": .string(uniqueid),
        ])
    }

    public var description: String { `extension` }
}
