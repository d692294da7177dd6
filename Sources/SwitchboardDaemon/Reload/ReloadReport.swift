public import Foundation
public import RuleDSL

/// What one reload came to: in force or rejected, what was read, the lint report. Served by `POST /reload` (and so
/// printed by `engine reload`) and shown on the console. Rule files hold no secrets.
public struct ReloadReport: Sendable {
    /// One file as read.
    public struct File: Sendable {
        public var path: String
        /// Where it resolved to, when that differs (a symbolic link followed).
        public var resolvedPath: String?
        public var size: Int
        public var modified: Date
    }

    /// The new rules are in force.
    public var succeeded: Bool
    /// What asked for it: `SIGHUP`, `POST /reload`, `start`.
    public var trigger: String
    /// When it started.
    public var at: Date
    /// How long reading, checking, compiling and swapping took.
    public var duration: Duration
    /// The generation in force afterwards (the new one, or the one that stays).
    public var generation: Int
    /// Rules of the new set (on success) or of the set that stays.
    public var ruleCount: Int
    /// The files read.
    public var files: [File]
    /// How many readings it took (more than 1 when files changed while they were read).
    public var readings: Int
    /// The lint report of the files read.
    public var report: LintReport

    /// One line: `rules reloaded: generation 4, 10 rules from 5 files (12 ms)` or `rules not reloaded: …`.
    public var summary: String {
        let time = "\(Self.milliseconds(duration)) ms" + (readings > 1 ? ", \(readings) readings" : "")
        if succeeded {
            let verb = trigger == "start" ? "loaded" : "reloaded"
            return "rules \(verb): generation \(generation), \(ruleCount) rules from \(files.count) files (\(time))"
        }
        return "rules not reloaded (\(report.summary)); generation \(generation) stays in force (\(time))"
    }

    /// The summary and the lint report, for people.
    public var text: String {
        let diagnostics = report.diagnostics.isEmpty ? "" : DiagnosticFormat.human.render(report, color: false)
        return summary + "\n" + diagnostics
    }

    /// The report as JSON: `{"succeeded", "trigger", "at", "duration_ms", "generation", "rules", "files", "lint"}`.
    public var json: String {
        let lint =
            (try? JSONSerialization.jsonObject(with: Data(DiagnosticFormat.json.render(report).utf8))) ?? [:]
        let object: [String: Any] = [
            "succeeded": succeeded, "trigger": trigger, "at": at.timeIntervalSince1970,
            "duration_ms": Self.milliseconds(duration), "generation": generation, "rules": ruleCount,
            "readings": readings, "summary": summary,
            "files": files.map { file -> [String: Any] in
                var item: [String: Any] = [
                    "path": file.path, "size": file.size, "modified": file.modified.timeIntervalSince1970,
                ]
                if let resolved = file.resolvedPath { item["resolved"] = resolved }
                return item
            },
            "lint": lint,
        ]
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return ((Double(seconds) * 1000 + Double(attoseconds) / 1e15) * 10).rounded() / 10
    }
}
