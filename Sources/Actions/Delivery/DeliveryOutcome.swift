public import Adapters

/// What became of a command: reported by ``PortalScheduler/outcomes`` once, when it is settled.
///
/// Indirect (one pointer): outcomes queue in the stream while the pipeline is busy, and the stream's buffer keeps the
/// size it grew to, so a burst of 20,000 outcomes leaves 160 kB behind instead of megabytes.
public indirect enum DeliveryOutcome: Sendable {
    /// The portal acknowledged it, with this result.
    case delivered(DeliveryCommand, result: Bitrix24Value)
    /// Given up (moved to the dead letters), with the reason.
    case gaveUp(DeliveryCommand, reason: String)

    /// The command.
    public var command: DeliveryCommand {
        switch self {
        case .delivered(let command, _), .gaveUp(let command, _): command
        }
    }
}
