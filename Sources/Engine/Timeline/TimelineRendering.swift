public import Foundation
import RuleDSL

/// Renders a timeline for people (one line per event, its intents indented below) or tools (JSON).
public enum TimelineRendering {
    /// The human form; times as seconds since `origin` (the first entry's time when nil).
    public static func text(_ entries: [TimelineEntry], origin: Date? = nil) -> String {
        let start = origin ?? entries.first?.time ?? Date(timeIntervalSince1970: 0)
        var lines: [String] = []
        for entry in entries {
            let offset = String(format: "%+8.3f", entry.time.timeIntervalSince(start))
            let call = entry.callID.map { "call \($0)" } ?? "no call"
            lines.append("\(offset)  \(call)  \(entry.name)  \(summary(of: entry))")
            for intent in entry.intents {
                let binding = intent.binding.map { " as \($0)" } ?? ""
                lines.append(
                    "            → \(intent.ruleID): \(intent.action) "
                        + "\(Value.map(intent.arguments).compactText)\(binding)"
                )
            }
            for issue in entry.issues {
                lines.append("            ✗ \(issue.ruleID): \(issue.action) not evaluated: \(issue.error)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The event's payload in short: `inbound caller=79161234567`, `201 no_answer queue=sales`.
    static func summary(of entry: TimelineEntry) -> String {
        guard let event = entry.event else { return "" }
        switch event.kind {
        case .started(let direction, let caller): return "\(direction.rawValue) caller=\(caller ?? "(withheld)")"
        case .ringing(let member, let queue), .answered(let member, let queue):
            return "\(member.extension) (\(member.interface))" + (queue.map { " queue=\($0)" } ?? "")
        case .ringStopped(let member, let reason, let queue):
            return "\(member.extension) \(reason.rawValue)" + (queue.map { " queue=\($0)" } ?? "")
        case .transferred(let kind, let from, let to, let target):
            return "\(kind.rawValue) from=\(from?.extension ?? "?") to=\(to?.extension ?? "?") target=\(target ?? "?")"
        case .queueJoined(let queue, let position): return "\(queue) position=\(position)"
        case .queueLeft(let queue, let reason): return "\(queue) \(reason.rawValue)"
        case .ended(let cause, let answered, let talk): return "cause=\(cause) answered=\(answered) talk=\(talk)s"
        case .recorded(let recording, let index, let count, _):
            return "\(index)/\(count) \(recording.file ?? recording.uniqueid)"
        case .result(let name, let action, let ok, let error):
            return "\(name) ← \(action) " + (ok ? "ok" : "failed: \(error ?? "?")")
        case .requested(let request):
            return (request.callID.map { "\($0) " } ?? "") + (request.user.map { "user=\($0) " } ?? "")
                + "phone=\(request.phone ?? "(not dialable)")" + (request.isStale ? " stale" : "")
        }
    }

    /// The JSON form: an array of `{time, call, event, payload, intents, issues}` objects.
    public static func json(_ entries: [TimelineEntry]) throws -> Data {
        let objects: [[String: Any]] = entries.map { entry in
            var object: [String: Any] = ["time": entry.time.timeIntervalSince1970, "event": entry.name]
            if let callID = entry.callID { object["call"] = callID }
            if let event = entry.event { object["payload"] = event.payload.jsonObject }
            object["intents"] = entry.intents.map { intent -> [String: Any] in
                var item: [String: Any] = [
                    "rule": intent.ruleID, "action": intent.action,
                    "arguments": Value.map(intent.arguments).jsonObject,
                ]
                if let binding = intent.binding { item["as"] = binding }
                return item
            }
            object["issues"] = entry.issues.map {
                ["rule": $0.ruleID, "action": $0.action, "error": $0.error.description]
            }
            return object
        }
        return try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
    }
}
