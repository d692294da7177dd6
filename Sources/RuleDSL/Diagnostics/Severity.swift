/// How serious a diagnostic is. `error` means the file is not loaded; `warning` means it is loaded
/// but probably wrong (`engine lint --strict` fails on warnings too).
public enum Severity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 2
        case .warning: 1
        case .note: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
