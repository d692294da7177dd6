/// How an engine queue chooses whom to ring next.
public enum QueueStrategy: String, Sendable, Hashable, CaseIterable, Codable {
    /// The longest-idle available member first; on a miss the next one; a member who missed is not offered again
    /// in that call before every other member who is not logged off was tried.
    case fair
    /// Every available member at once.
    case ringall
    /// Members in the order they are listed, skipping the ones who are not available.
    case linear
    /// A random available member not yet tried in this round.
    case random
}
