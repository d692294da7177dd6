import AMIProtocol
import Adapters
import RuleDSL

/// What `engine doctor` learned from Asterisk over AMI.
public struct AMIProbeResult: Sendable {
    /// How an action the engine sends fared when tried in a harmless form (without the header that would make it
    /// do something).
    public enum WriteProbe: Sendable, Hashable {
        /// Asterisk ran the action (it then complained about the missing header): the user may send it.
        case allowed
        /// `Permission denied`: the user's `write =` lacks the action's class.
        case denied
        /// Asterisk does not know the action (its module is not loaded).
        case unknownAction
        /// Not tried: no harmless form is known for this action.
        case notTried
        /// The action could not be tried (connection lost, time-out).
        case failed(String)
    }

    /// `host:port`.
    public var address: String
    /// Why the TCP connection (or the greeting) failed, if it did.
    public var connectError: String?
    /// Why Asterisk refused the login, if it did.
    public var loginError: String?
    /// The greeting, `Asterisk Call Manager/11.0.0`.
    public var banner: String?
    /// `CoreSettings`' `AsteriskVersion`, e.g. `22.10.1`.
    public var version: String?
    /// Asterisk's clock minus this host's, in seconds, from Ping's `Timestamp` (midpoint of the round trip).
    public var clockSkew: Double?
    /// The round trip of that Ping, in seconds.
    public var pingRoundTrip: Double?
    /// Why Ping failed, if it did.
    public var pingError: String?
    /// Each AMI action the engine sends, by name, and how its probe fared.
    public var writeProbes: [String: WriteProbe] = [:]
    /// Queue members seen with `QueueStatus`: extension → the queues it is a member of.
    public var queueMembers: [String: [String]] = [:]
    /// Why `QueueStatus` failed, if it did.
    public var queueStatusError: String?
    /// Events received after login (the inline `FullyBooted` aside), and how many carried `Timestamp:`.
    public var eventsSeen = 0
    public var eventsWithTimestamp = 0

    /// Whether the login succeeded.
    public var loggedIn: Bool { connectError == nil && loginError == nil }

    /// The Asterisk major version: from `CoreSettings`, else from the AMI version in the banner.
    public var asteriskMajor: Int? {
        if let version, let major = Int(version.prefix { $0.isNumber }) { return major }
        guard let banner, let slash = banner.lastIndex(of: "/") else { return nil }
        let ami = banner[banner.index(after: slash)...].prefix { $0.isNumber }
        return Int(ami).flatMap { Self.asteriskMajor(ofAMIMajor: $0) }
    }

    /// AMI major → Asterisk major (ami-protocol.md §1.1): 5 → 16, 7 → 18, 9 → 20, 10 → 21, 11 → 22, 12 → 23.
    static func asteriskMajor(ofAMIMajor ami: Int) -> Int? {
        let table = [2: 13, 3: 14, 4: 15, 5: 16, 6: 17, 7: 18, 8: 19, 9: 20, 10: 21, 11: 22, 12: 23]
        return table[ami]
    }
}
