/// How fast the test server replays a capture's events.
public enum AMIReplaySpeed: Sendable, Hashable {
    /// All at once, in one write.
    case instant
    /// Following the recorded `Timestamp:` headers, divided by `factor` (1 = real time, 10 = ten times faster).
    /// Events without a Timestamp follow their predecessor immediately.
    case scaled(Double)
}
