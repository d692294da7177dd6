import Actions
import Engine
import Foundation

/// The console's JSON: the traced calls in short, and one call's whole trace (``TraceJSON``).
enum ConsoleJSON {
    static func calls(_ traces: [CallTrace]?, live: [Call]) -> String {
        let liveIDs = Set(live.map(\.id))
        let object: [String: Any] = [
            "traces_enabled": traces != nil,
            "live": live.map(\.id),
            "calls": (traces ?? []).map { trace -> [String: Any] in
                let counts = trace.counts
                var portal: [String: [String: Int]] = [:]
                for case .portal(let answer) in trace.steps {
                    portal[answer.method, default: ["ok": 0, "failed": 0]][answer.ok ? "ok" : "failed", default: 0] += 1
                }
                return [
                    "call": trace.callID, "first_seen": trace.firstSeen.timeIntervalSince1970,
                    "last_seen": trace.lastSeen.timeIntervalSince1970, "ended": trace.ended,
                    "live": liveIDs.contains(trace.callID), "ami_events": counts.ami, "evaluated": counts.evaluated,
                    "rules_fired": counts.fired, "generations": counts.generations, "portal": portal,
                ]
            },
        ]
        return render(object)
    }

    static func call(_ traced: TracedCall) -> String {
        render(TraceJSON.object(traced.trace, generations: traced.generations, interpreter: traced.interpreter))
    }

    private static func render(_ object: Any) -> String {
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
