import Foundation
import Simulators

/// The demo's timeline, derived from what the fake portal received (its journal): each call registered, each
/// card shown and hidden (to whom), each finish — in the words of a supervisor, with times from the first call.
enum JournalTimeline {
    /// Renders the telephony and CRM entries of `journal`; `names` gives a user id's display name.
    static func render(_ journal: [FakeBitrix24JournalEntry], names: [Int: String]) -> String {
        let shown = journal.filter { $0.method != "batch" && $0.method != "user.get" && $0.method != "scope" }
        guard let origin = shown.first?.receivedAt else { return "  (the portal received nothing)" }
        var callNames: [String: String] = [:]
        var lines: [String] = []
        for entry in shown {
            let time = String(format: "%6.2fs", entry.receivedAt.timeIntervalSince(origin))
            let params = entry.params
            let callID = params["CALL_ID"]?.stringValue ?? entry.result?["CALL_ID"]?.stringValue ?? "?"
            let call = callNames[callID] ?? callID
            func users() -> String {
                let ids = params["USER_ID"].map { $0.listValue.isEmpty ? [$0] : $0.listValue } ?? []
                return ids.compactMap(\.intValue).map { names[$0] ?? "user \($0)" }.joined(separator: ", ")
            }
            let text: String
            if entry.status != 200 {
                text = "\(entry.method) refused: \(entry.status) \(entry.error?.code ?? "")"
            } else {
                switch entry.method {
                case "telephony.externalcall.register":
                    let number = "call \(callNames.count + 1)"
                    callNames[callID] = number
                    let type = params["TYPE"]?.intValue == 1 ? "outbound call to" : "inbound call from"
                    var lead = ""
                    if let created = entry.result?["CRM_CREATED_LEAD"]?.intValue { lead = "; lead \(created) created" }
                    text =
                        "\(number): \(type) \(params["PHONE_NUMBER"]?.stringValue ?? "?") registered "
                        + "(\(params["EXTERNAL_CALL_ID"]?.stringValue ?? "?") → \(callID))\(lead)"
                case "telephony.externalcall.show": text = "\(call): card shown to \(users())"
                case "telephony.externalcall.hide": text = "\(call): card hidden for \(users())"
                case "telephony.externalcall.finish":
                    let user = params["USER_ID"]?.intValue.map { names[$0] ?? "user \($0)" } ?? "?"
                    text =
                        "\(call): finished by \(user), status \(params["STATUS_CODE"]?.stringValue ?? "-"), "
                        + "\(params["DURATION"]?.intValue ?? 0) s talk"
                case "telephony.externalcall.searchcrmentities":
                    let found = entry.result?.listValue.isEmpty == false
                    text =
                        "CRM search for \(params["PHONE_NUMBER"]?.stringValue ?? "?"): "
                        + "\(found ? "client found" : "unknown number")"
                default: text = entry.method
                }
            }
            lines.append("  \(time)  \(text)")
        }
        return lines.joined(separator: "\n")
    }
}
