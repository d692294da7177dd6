import Adapters

/// One command as it goes on the wire: its batch key, the method actually called (a lead's duplicate check
/// or add) and its parameters with bindings resolved.
struct PlannedCommand: Sendable {
    let entry: OutboxEntry
    let key: String
    let method: String
    let params: [String: Bitrix24Value]
    /// The batch key of a command in the same batch whose result this one reads (`$result[key]…`).
    let dependsOnKey: String?
}

/// The next HTTP request to a portal.
enum PlannedRequest: Sendable {
    /// One command, called directly.
    case single(PlannedCommand)
    /// Several commands in one `batch` (halt=0).
    case batch([PlannedCommand])

    var commands: [PlannedCommand] {
        switch self {
        case .single(let command): [command]
        case .batch(let commands): commands
        }
    }
}

/// What became of one command of a request.
enum CommandOutcome: Sendable {
    case success(Bitrix24Value)
    case failure(Bitrix24Error)
    /// Not run, or run with a reference to a failed command (no effect): stays queued as it was.
    case notRun

    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
