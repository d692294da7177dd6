/// A member's device state as Asterisk reports it (`DeviceStateChange` `State:`, `ExtensionStatus` `Status:`).
public enum QueueDeviceState: String, Sendable, Hashable, Codable, CaseIterable {
    case unknown = "UNKNOWN"
    case notInUse = "NOT_INUSE"
    case inUse = "INUSE"
    case busy = "BUSY"
    case invalid = "INVALID"
    case unavailable = "UNAVAILABLE"
    case ringing = "RINGING"
    case ringInUse = "RINGINUSE"
    case onHold = "ONHOLD"

    /// Free for a new call. `UNKNOWN` counts as free, as in app_queue: a device never reported is offered.
    public var isFree: Bool { self == .notInUse || self == .unknown }
    /// Logged off: no point waiting for this member.
    public var isAbsent: Bool { self == .unavailable || self == .invalid }
    /// Talking (not merely ringing): leaving this state ends a call, so idle time starts again.
    public var isTalking: Bool { self == .inUse || self == .busy || self == .onHold || self == .ringInUse }

    /// The state of an `ExtensionStatus` `Status:` (a bit set: 1 in use, 2 busy, 4 unavailable, 8 ringing,
    /// 16 on hold; 0 idle; negative: the hint is gone).
    public init(extensionStatus status: Int) {
        switch status {
        case 0: self = .notInUse
        case let value where value < 0: self = .invalid
        case let value where value & 4 != 0: self = .unavailable
        case let value where value & 8 != 0: self = value & 1 != 0 ? .ringInUse : .ringing
        case let value where value & 16 != 0: self = .onHold
        case let value where value & 2 != 0: self = .busy
        default: self = .inUse
        }
    }
}
