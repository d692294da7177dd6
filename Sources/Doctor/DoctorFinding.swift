import AMIProtocol
import Adapters
import RuleDSL

/// The outcome of one check: a status, one line saying what was found, and what to do about it.
public struct DoctorFinding: Sendable, Hashable, Codable {
    /// The check's id, e.g. `ami.login`.
    public var check: String
    public var status: DoctorStatus
    /// What was found, in one line (no secrets).
    public var message: String
    /// What to change, when something is wrong.
    public var fix: String?
    /// Further lines (the events a filter drops, the extensions without a user).
    public var details: [String]

    /// A finding.
    public init(check: String, status: DoctorStatus, message: String, fix: String? = nil, details: [String] = []) {
        self.check = check
        self.status = status
        self.message = message
        self.fix = fix
        self.details = details
    }
}
