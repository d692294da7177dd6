import Foundation
import Simulators

/// What the fake portal received per Asterisk call: for each register's `EXTERNAL_CALL_ID`, the successful commands of
/// its CALL_ID in order (the register first), as `method {params}` with the CALL_ID left out (the portal numbers
/// calls in the order they come) and `CALL_START_DATE` of calls without timestamps (the engine's own clock).
enum PortalCommands {
    static func perCall(_ journal: [FakeBitrix24JournalEntry], untimed: Set<String> = []) -> [String: [String]] {
        let succeeded = journal.filter { $0.status == 200 }
        var externalOf: [String: String] = [:]
        var sequences: [String: [String]] = [:]
        for entry in succeeded {
            if entry.method == "telephony.externalcall.register",
                let external = entry.params["EXTERNAL_CALL_ID"]?
                    .stringValue, let callID = entry.result?["CALL_ID"]?.stringValue
            {
                externalOf[callID] = external
                sequences[external, default: []].append(describe(entry, untimed: untimed.contains(external)))
                continue
            }
            guard let callID = entry.params["CALL_ID"]?.stringValue, let external = externalOf[callID] else { continue }
            sequences[external, default: []].append(describe(entry, untimed: untimed.contains(external)))
        }
        return sequences
    }

    /// What of a call's sequence the delivery layer keeps (DeliveryOrder): which commands, how many of each, and each
    /// user's cards in order; commands independent of each other (hides of different users) may reach the portal in
    /// either order, from one run to the next, reloads or not. The commands sorted, then one `user N: …` line per user.
    static func orderThatMatters(_ commands: [String]) -> [String] {
        var lanes: [String: [String]] = [:]
        for command in commands {
            let method = command.prefix { $0 != " " }
            guard method.hasSuffix(".show") || method.hasSuffix(".hide") else { continue }
            for user in users(in: command) { lanes[user, default: []].append(String(method)) }
        }
        return commands.sorted()
            + lanes.keys.sorted().map { "user \($0): " + (lanes[$0] ?? []).joined(separator: ", ") }
    }

    /// The users of a described card (`USER_ID=[11,12]` or `USER_ID=11`).
    private static func users(in command: String) -> [String] {
        guard let field = command.split(separator: " ").first(where: { $0.hasPrefix("USER_ID=") }) else { return ["*"] }
        let value = field.dropFirst("USER_ID=".count).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return value.split(separator: ",").map(String.init)
    }

    /// `method KEY=value KEY=value`, keys sorted (the engine's dictionaries have no order).
    private static func describe(_ entry: FakeBitrix24JournalEntry, untimed: Bool) -> String {
        let object = try? JSONSerialization.jsonObject(
            with: Data(entry.params.serialized.utf8),
            options: [.fragmentsAllowed]
        )
        let fields = object as? [String: Any] ?? [:]
        let kept = fields.keys.filter { $0 != "CALL_ID" && !(untimed && $0 == "CALL_START_DATE") }.sorted()
        return ([entry.method] + kept.map { "\($0)=\(canonical(fields[$0]))" }).joined(separator: " ")
    }

    /// A value as text, numbers written as numbers whether they came as JSON numbers or as form-encoded text (a
    /// batch's commands reach the portal form-encoded, a single command as JSON: which one depends on timing).
    private static func canonical(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "null"
        case let list as [Any]: return "[" + list.map { canonical($0) }.joined(separator: ",") + "]"
        case let map as [String: Any]:
            return "{" + map.keys.sorted().map { "\($0):\(canonical(map[$0]))" }.joined(separator: ",") + "}"
        case let text as String: return Int(text).map(String.init) ?? "\"\(text)\""
        case let number as NSNumber: return number.stringValue
        case let other?: return "\(other)"
        }
    }
}
