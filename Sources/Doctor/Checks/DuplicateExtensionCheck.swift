import AMIProtocol
import Adapters
import RuleDSL

/// No extension is held by two active Bitrix24 users (the engine would pick the lower id, the other never gets
/// a card).
struct DuplicateExtensionCheck: DoctorCheck {
    let id = "directory.duplicates"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        guard let directory = context.portal.directory else {
            return skipped(context.portal.directoryError.map { "no user directory: \($0)" } ?? "no user directory")
        }
        let duplicates = directory.duplicateExtensions.sorted { $0.key < $1.key }
        guard duplicates.isEmpty else {
            return finding(
                .warning,
                "\(duplicates.count) extension\(duplicates.count == 1 ? " is" : "s are") held by several active users",
                fix: "give each user their own extension in Bitrix24 (Telephony → Telephony users → Extension)",
                details: duplicates.map { ext, users in
                    let ids = users.map(String.init).joined(separator: ", ")
                    return "\(ext): users \(ids); the engine uses \(users[0])"
                }
            )
        }
        return finding(
            .ok,
            "\(directory.userByExtension.count) extensions mapped, none held by two active users"
        )
    }
}
