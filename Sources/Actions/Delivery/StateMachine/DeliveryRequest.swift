public import Adapters

/// One command as it goes on the wire: its batch key, the method actually called (a lead's duplicate check or
/// add) and its parameters with bindings resolved.
public struct PlannedCommand: Sendable, Equatable {
    /// The outbox row.
    public let entry: OutboxEntry
    /// Its key in a `batch` (`c<outbox id>`), by which its answer is reported.
    public let key: String
    /// The REST method called.
    public let method: String
    /// The parameters, bindings filled in (or `$result[key][…]` for a step travelling in the same batch).
    public let params: [String: Bitrix24Value]
    /// The batch key of a command in the same batch whose result this one reads (`$result[key]…`).
    public let dependsOnKey: String?
}

/// One HTTP request the state machine asks its driver to send: a direct call when it carries one command, a
/// `batch` (`halt=0`) when it carries several.
public struct DeliveryRequest: Sendable, Equatable {
    /// Identifies the request in ``DeliveryStateMachine/requestAnswered(_:outcomes:now:)`` and its siblings.
    public let id: Int
    /// The commands, in the order the portal runs them.
    public let commands: [PlannedCommand]

    /// Whether it goes as a `batch`.
    public var isBatch: Bool { commands.count > 1 }
}

/// What became of one command of an answered request.
public enum DeliveryCommandOutcome: Sendable {
    /// The portal ran it: its result.
    case success(Bitrix24Value)
    /// The portal refused it.
    case failure(Bitrix24Error)
    /// Not run, or run with a reference to a failed command (no effect): it stays queued as it was.
    case notRun

    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
