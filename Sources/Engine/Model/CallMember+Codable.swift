/// A member is saved as `{interface, extension, channel, uniqueid}` (the rules' `member` object).
extension CallMember: Codable {
    enum CodingKeys: String, CodingKey {
        case interface, `extension`, channel, uniqueid
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            interface: try container.decode(String.self, forKey: .interface),
            extension: try container.decode(String.self, forKey: .extension),
            channel: try container.decode(String.self, forKey: .channel),
            uniqueid: try container.decode(String.self, forKey: .uniqueid)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(interface, forKey: .interface)
        try container.encode(`extension`, forKey: .extension)
        try container.encode(channel, forKey: .channel)
        try container.encode(uniqueid, forKey: .uniqueid)
    }
}

/// A direction is saved as its name (`inbound`, `outbound`, `internal`).
extension CallDirection: Codable {}
