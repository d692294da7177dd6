public import Adapters

/// What became of a command: reported by ``PortalScheduler/outcomes`` once, when it is settled.
public enum DeliveryOutcome: Sendable {
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
