/// Checks the queues of a whole rules folder: names unique, overflow queues defined, no overflow circle,
/// attempts that fit the maximum wait.
enum QueueSetChecker {
    static func check(_ files: [RuleFile]) -> [Diagnostic] {
        let queues = files.flatMap(\.queues)
        var diagnostics = duplicates(queues.map(\.name), kind: "queue")
        for queue in queues {
            diagnostics += duplicates(queue.memberNames, kind: "member of queue `\(queue.name.value)`")
            if let range = queue.ringRange ?? queue.maxWaitRange, queue.spec.ringSeconds > queue.spec.maxWaitSeconds {
                diagnostics.append(
                    Diagnostic(
                        .ringLongerThanWait,
                        "queue `\(queue.name.value)` rings \(queue.spec.ringSeconds) s per attempt but lets a caller "
                            + "wait only \(queue.spec.maxWaitSeconds) s",
                        at: range,
                        suggestion: "make `ring` shorter than `max_wait`"
                    )
                )
            }
        }
        let byName = Dictionary(queues.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        for queue in queues {
            guard let target = queue.overflowQueue else { continue }
            guard byName[target.value] != nil else {
                let names = byName.keys.sorted()
                diagnostics.append(
                    Diagnostic(
                        .unknownOverflowQueue,
                        "queue `\(queue.name.value)` overflows to `\(target.value)`, which is not defined"
                            + Spelling.hint(for: target.value, among: names),
                        at: target.range,
                        notes: names.isEmpty ? [] : [Diagnostic.Note("queues: " + names.joined(separator: ", "))]
                    )
                )
                continue
            }
            if let circle = circle(from: queue.name.value, byName: byName) {
                diagnostics.append(
                    Diagnostic(
                        .queueOverflowCycle,
                        "queue overflow goes round in a circle: " + circle.joined(separator: " → "),
                        at: target.range,
                        suggestion:
                            "end the chain in a dialplan place, e.g. `overflow: {context: voicemail, extension: s}`"
                    )
                )
            }
        }
        return diagnostics
    }

    /// The overflow chain from `start` when it comes back to `start`.
    private static func circle(from start: String, byName: [String: QueueDefinition]) -> [String]? {
        var chain = [start]
        var current = start
        while let next = byName[current]?.overflowQueue?.value, byName[next] != nil {
            chain.append(next)
            if next == start { return chain }
            if chain.dropLast().contains(next) { return nil }  // a circle that does not include `start`
            current = next
        }
        return nil
    }

    private static func duplicates(_ names: [Located<String>], kind: String) -> [Diagnostic] {
        var seen: [String: SourceRange] = [:]
        var diagnostics: [Diagnostic] = []
        for name in names {
            if let first = seen[name.value] {
                diagnostics.append(
                    Diagnostic(
                        .duplicateID,
                        "\(kind) `\(name.value)` is defined twice",
                        at: name.range,
                        notes: [Diagnostic.Note("first defined here", at: first)]
                    )
                )
            } else {
                seen[name.value] = name.range
            }
        }
        return diagnostics
    }
}
