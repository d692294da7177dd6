/// What one FastAGI session may send before it is closed as garbage.
public struct AGISessionLimits: Sendable, Hashable {
    /// The longest line in bytes (Asterisk's own buffer, `AGI_BUF_LEN`, is 8 KiB).
    public var maxLineLength: Int
    /// The most environment lines (Asterisk sends about 25, plus one per AGI() argument, at most 127).
    public var maxEnvironmentVariables: Int
    /// The largest environment block in bytes (Asterisk's is about 600 bytes plus the arguments), so a thousand open
    /// sessions can never hold more than a few tens of megabytes.
    public var maxEnvironmentBytes: Int

    /// Limits; the defaults fit every request Asterisk can make.
    public init(maxLineLength: Int = 8192, maxEnvironmentVariables: Int = 256, maxEnvironmentBytes: Int = 32 << 10) {
        self.maxLineLength = maxLineLength
        self.maxEnvironmentVariables = maxEnvironmentVariables
        self.maxEnvironmentBytes = maxEnvironmentBytes
    }
}
