import AMIProtocol
import Adapters
import RuleDSL

/// Every extension seen on the PBX (queue members, phones ringing in `--capture` recordings) belongs to a Bitrix24
/// user (`UF_PHONE_INNER`) or is mapped in `bitrix24.users`: otherwise its card pops for nobody and its calls are
/// finished as the default user.
struct ExtensionUserCheck: DoctorCheck {
    let id = "directory.extensions"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        guard let directory = context.portal.directory else {
            return skipped(context.portal.directoryError.map { "no user directory: \($0)" } ?? "no user directory")
        }
        let unreadable = context.unreadableCaptures.map { "could not read the capture \($0)" }
        guard !context.extensions.isEmpty else {
            let queues =
                context.amiSkipReason ?? context.ami.queueStatusError.map { "QueueStatus failed: \($0)" }
                ?? "Asterisk lists no queue members"
            return skipped("no extensions seen on the PBX (\(queues); pass --capture FILE.ami to add a recording's)")
        }
        let overrides = context.config.bitrix24?.userOverrides ?? [:]
        let unmapped = context.extensions.filter {
            overrides[$0.extension] == nil && directory.userByExtension[$0.extension] == nil
        }
        let inactive = directory.inactiveWithExtension.compactMap { id -> String? in
            guard let ext = directory.users[id]?.phoneInner else { return nil }
            return "user \(id) (inactive) still has extension \(ext)"
        }
        guard unmapped.isEmpty else {
            let list = unmapped.map(\.extension).joined(separator: ", ")
            return finding(
                .warning,
                "\(unmapped.count) of \(context.extensions.count) extensions seen on the PBX have no Bitrix24 user: "
                    + list,
                fix: "in Bitrix24 set each operator's extension (Telephony → Telephony users → Extension: the user's "
                    + "UF_PHONE_INNER), or map it in engine.yaml: bitrix24.users: {\"\(unmapped[0].extension)\": "
                    + "USER_ID}; until then their cards pop for nobody and their calls finish as the default user",
                details: unmapped.map { "\($0.extension): seen in \($0.seenIn.joined(separator: ", "))" } + inactive
                    + unreadable
            )
        }
        return finding(
            .ok,
            "all \(context.extensions.count) extensions seen on the PBX belong to Bitrix24 users",
            details: inactive + unreadable
        )
    }
}
