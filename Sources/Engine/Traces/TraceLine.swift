public import AMIProtocol
public import Foundation

/// A trace as people read it: AMI events that made nothing folded into one line, those that did shown before what
/// the rules made of them. Text (`engine explain`) and the console's page render these.
public enum TraceLine: Sendable {
    /// AMI events in a row that caused no evaluation (`Newexten ×3, VarSet`).
    case quietAMI([AMIMessage], since: Date)
    /// An AMI event followed by the evaluations it caused.
    case ami(AMIMessage, at: Date)
    case evaluation(TraceEvaluation)
    case execution(TraceExecution)
    case portal(TracePortalAnswer)

    /// `Newexten ×3, VarSet, Newstate ×2` (in order of first appearance), with the count in front.
    public static func counted(_ messages: [AMIMessage]) -> String {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for message in messages {
            let name = message.name ?? "?"
            if counts[name] == nil { order.append(name) }
            counts[name, default: 0] += 1
        }
        let listed = order.map { counts[$0] == 1 ? $0 : "\($0) ×\(counts[$0] ?? 0)" }.joined(separator: ", ")
        return "\(messages.count) AMI event\(messages.count == 1 ? "" : "s"): \(listed)"
    }
}

extension CallTrace {
    /// The steps as ``TraceLine``s.
    public var lines: [TraceLine] {
        var lines: [TraceLine] = []
        var quiet: [AMIMessage] = []
        var quietSince: Date?
        func flush() {
            if let since = quietSince { lines.append(.quietAMI(quiet, since: since)) }
            quiet = []
            quietSince = nil
        }
        for (index, step) in steps.enumerated() {
            if case .ami(let message, let time) = step {
                let next = steps.index(after: index)
                if next < steps.endIndex, case .evaluation = steps[next] {
                    flush()
                    lines.append(.ami(message, at: time))
                } else {
                    quiet.append(message)
                    quietSince = quietSince ?? time
                }
                continue
            }
            flush()
            switch step {
            case .ami: break
            case .evaluation(let evaluation): lines.append(.evaluation(evaluation))
            case .execution(let execution): lines.append(.execution(execution))
            case .portal(let answer): lines.append(.portal(answer))
            }
        }
        flush()
        return lines
    }

    /// How many AMI events, evaluations, rules fired and intents the kept steps hold, and the generations seen.
    public var counts: (ami: Int, evaluated: Int, fired: Int, intents: Int, generations: [Int]) {
        var ami = 0
        var evaluated = 0
        var fired = 0
        var intents = 0
        var generations: Set<Int> = []
        for step in steps {
            switch step {
            case .ami: ami += 1
            case .evaluation(let evaluation):
                evaluated += 1
                fired += evaluation.entry.firedRules.count
                intents += evaluation.entry.intents.count
                generations.insert(evaluation.generation)
            case .execution, .portal: break
            }
        }
        return (ami, evaluated, fired, intents, generations.sorted())
    }
}
