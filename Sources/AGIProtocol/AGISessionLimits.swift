/// What one FastAGI session may send before it is closed as garbage.
public struct AGISessionLimits: Sendable, Hashable {
    /// The longest line in bytes (Asterisk's own buffer, `AGI_BUF_LEN`, is 8 KiB).
    public var maxLineLength: Int
    /// The most environment lines (Asterisk sends about 25, plus one per AGI() argument, at most 127).
    public var maxEnvironmentVariables: Int

    /// Limits; the defaults fit every request Asterisk can make.
    public init(maxLineLength: Int = 8192, maxEnvironmentVariables: Int = 256) {
        self.maxLineLength = maxLineLength
        self.maxEnvironmentVariables = maxEnvironmentVariables
    }
}
