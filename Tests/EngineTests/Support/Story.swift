import Engine

/// Engine events as short lines, so a test can state a call's whole story by hand.
enum Story {
    static func line(_ event: EngineEvent) -> String {
        switch event.kind {
        case .started(let direction, let caller): "started \(direction.rawValue) \(caller ?? "withheld")"
        case .ringing(let member, let queue): "ringing \(member.extension)" + (queue.map { " \($0)" } ?? "")
        case .ringStopped(let member, let reason, _): "stopped \(member.extension) \(reason.rawValue)"
        case .answered(let member, _): "answered \(member.extension)"
        case .transferred(let kind, let from, let to, let target):
            "transferred \(kind.rawValue) \(from?.extension ?? "-")→\(to?.extension ?? "-") \(target ?? "-")"
        case .queueJoined(let queue, let position): "joined \(queue) \(position)"
        case .queueLeft(let queue, let reason): "left \(queue) \(reason.rawValue)"
        case .ended(let cause, let answered, _): "ended \(cause) \(answered ? "answered" : "missed")"
        case .recorded(let recording, let index, let count, _):
            "recorded \(index)/\(count) "
                + (recording.file.map { String($0.split(separator: "/").last ?? "") } ?? recording.uniqueid)
        case .result(let name, _, let ok, _): "result \(name) \(ok ? "ok" : "failed")"
        case .requested(let request): "requested \(request.kind.rawValue) \(request.phone ?? "not-dialable")"
        }
    }

    static func lines(_ events: [EngineEvent]) -> [String] { events.map(line) }

    /// The talk seconds of the call.ended event.
    static func talkSeconds(_ events: [EngineEvent]) -> Int? {
        for event in events { if case .ended(_, _, let talk) = event.kind { return talk } }
        return nil
    }
}
