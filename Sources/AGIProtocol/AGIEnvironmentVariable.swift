/// One line of the environment block Asterisk sends first (`agi_channel: PJSIP/201-00000001`).
public struct AGIEnvironmentVariable: Sendable, Hashable {
    /// The name as sent, e.g. `agi_channel`.
    public var name: String
    /// The value, as sent (may be empty).
    public var value: String

    /// A variable.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
