import AMIProtocol
import Adapters
import RuleDSL

/// How one check came out.
public enum DoctorStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Everything needed is there.
    case ok
    /// It works, but something will go wrong in some cases (an operator without a card, a slow link).
    case warning
    /// The engine cannot do its job this way; `engine doctor` exits 1.
    case failure
    /// Not checked (its inputs are missing, e.g. no AMI login or no manager.conf to read).
    case skipped
}
