/// manager.conf `[general]`: whether AMI is on, where it listens, and the options that change every event.
public struct ManagerGeneral: Sendable, Hashable {
    /// `enabled` (default no).
    public var enabled: Bool
    /// `port` (default 5038).
    public var port: Int
    /// `bindaddr` (default 0.0.0.0).
    public var bindAddress: String
    /// `timestampevents` (default no): every event carries `Timestamp:`.
    public var timestampEvents: Bool
    /// Whether `timestampevents` is written at all.
    public var timestampEventsSet: Bool

    /// Reads the settings from `[general]`'s entries (later lines win).
    init(entries: [(key: String, value: String)]) {
        func last(_ key: String) -> String? { entries.last { $0.key.lowercased() == key }?.value }
        enabled = last("enabled").map(Self.isTrue) ?? false
        port = last("port").flatMap { Int($0) } ?? 5038
        bindAddress = last("bindaddr") ?? "0.0.0.0"
        timestampEvents = last("timestampevents").map(Self.isTrue) ?? false
        timestampEventsSet = last("timestampevents") != nil
    }

    /// Asterisk's `ast_true()`: yes, true, y, t, 1, on.
    static func isTrue(_ value: String) -> Bool {
        ["yes", "true", "y", "t", "1", "on"].contains(value.lowercased())
    }
}
