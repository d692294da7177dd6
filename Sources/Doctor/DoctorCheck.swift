import AMIProtocol
import Adapters
import RuleDSL

/// One check of `engine doctor`. A check reads what the probes found (``DoctorContext``) and says what it means;
/// add one by writing a type in Checks/ and listing it in ``DoctorRegistry/standard``.
public protocol DoctorCheck: Sendable {
    /// A stable id, `area.subject` (`ami.login`), used in the output and in JSON.
    var id: String { get }
    /// Judges the context. Checks that need something the probes do not gather may ask for it here.
    func evaluate(_ context: DoctorContext) async -> DoctorFinding
}

extension DoctorCheck {
    /// A finding of this check.
    func finding(_ status: DoctorStatus, _ message: String, fix: String? = nil, details: [String] = []) -> DoctorFinding
    {
        DoctorFinding(check: id, status: status, message: message, fix: fix, details: details)
    }

    /// The finding of a check that could not run because `reason`.
    func skipped(_ reason: String) -> DoctorFinding {
        DoctorFinding(check: id, status: .skipped, message: reason)
    }
}
