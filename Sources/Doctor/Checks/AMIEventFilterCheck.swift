import AMIProtocol
import Adapters
import RuleDSL

/// The user's `eventfilter` lines in manager.conf let through every event the engine reads (tried on made-up
/// events of SIP and Local channels, matched the way manager.c matches them).
struct AMIEventFilterCheck: DoctorCheck {
    let id = "ami.eventfilter"

    /// The first releases with advanced filters (`eventfilter(…)`), by major version.
    static let advancedSince: [Int: (minor: Int, text: String)] = [
        18: (26, "18.26"), 20: (11, "20.11"), 21: (6, "21.6"), 22: (1, "22.1"),
    ]

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        if let reason = context.managerUserSkipReason { return skipped("\(reason): eventfilter not checked") }
        guard let section = context.managerUser else { return skipped("no user section") }
        let filters = section.eventFilters
        let refused = section.refusedFilters.map { "Asterisk ignores \($0)" }
        var dropped: [String] = []
        for need in context.requirements.events {
            let samples = SampleEvents.samples(for: need)
            let refusals = samples.compactMap { sample in filters.reason(dropping: sample).map { (sample, $0) } }
            guard let (sample, reason) = refusals.first else { continue }
            let local = sample["Channel"]?.hasPrefix("Local/") == true
            let channels = refusals.count == samples.count ? "" : " on \(local ? "Local" : "SIP") channels"
            let cause = reason.filter.map { "dropped by `\($0.line)`" } ?? "no include filter lets it through"
            dropped.append("\(need)\(channels) (\(need.purpose)): \(cause)")
        }
        if !dropped.isEmpty {
            return finding(
                .failure,
                "the eventfilter of [\(context.amiUser)] drops \(dropped.count) event\(dropped.count == 1 ? "" : "s") "
                    + "the engine reads",
                fix: "remove or narrow those eventfilter lines, or replace the user's eventfilter lines with the ones "
                    + "`engine asterisk manager-conf` prints; " + DoctorContext.reloadHint,
                details: dropped + refused
            )
        }
        if let version = unsupportedAdvanced(section, context.ami) {
            return finding(
                .warning,
                "Asterisk \(version) ignores the advanced eventfilter(…) lines",
                fix: "upgrade Asterisk, or remove the eventfilter(…) lines (the engine works without a filter)",
                details: refused
            )
        }
        if !refused.isEmpty {
            return finding(.warning, "some eventfilter lines are malformed", fix: "correct them", details: refused)
        }
        let count = context.requirements.events.count
        if filters.filters.isEmpty {
            return finding(
                .ok,
                "no eventfilter: Asterisk sends every event (the engine reads \(count) kinds; "
                    + "`engine asterisk manager-conf` prints a filter that drops the rest)"
            )
        }
        return finding(.ok, "the eventfilter lets through all \(count) kinds of events the engine reads")
    }

    /// The running version, when it is too old for the advanced lines `section` has.
    private func unsupportedAdvanced(_ section: ManagerUser, _ ami: AMIProbeResult) -> String? {
        guard section.eventFilters.filters.contains(where: { $0.line.hasPrefix("eventfilter(") }),
            let version = ami.version
        else { return nil }
        let parts = version.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        if let since = Self.advancedSince[parts[0]] { return parts[1] < since.minor ? version : nil }
        return parts[0] < 18 || parts[0] == 19 ? version : nil
    }
}
