import AMIProtocol
import Adapters
import Foundation
import RuleDSL

/// The findings of one `engine doctor` run, and how to print them.
public struct DoctorReport: Sendable, Codable {
    /// One finding per check, in the registry's order.
    public var findings: [DoctorFinding]

    /// A report.
    public init(findings: [DoctorFinding]) {
        self.findings = findings
    }

    /// How many findings have `status`.
    public func count(_ status: DoctorStatus) -> Int { findings.count { $0.status == status } }

    /// 1 when a check failed (or, with `strict`, warned); 0 otherwise.
    public func exitCode(strict: Bool) -> Int32 {
        count(.failure) > 0 || (strict && count(.warning) > 0) ? 1 : 0
    }

    /// The finding of check `id`.
    public func finding(_ id: String) -> DoctorFinding? { findings.first { $0.check == id } }

    /// One line per check (`[ ok ] ami.login  …`), its details and its fix indented below, then a summary.
    public func renderHuman() -> String {
        let width = (findings.map(\.check.count).max() ?? 0) + 2
        var lines: [String] = []
        for finding in findings {
            let tag =
                switch finding.status {
                case .ok: "[ ok ]"
                case .warning: "[WARN]"
                case .failure: "[FAIL]"
                case .skipped: "[skip]"
                }
            lines.append(
                "\(tag) \(finding.check.padding(toLength: width, withPad: " ", startingAt: 0))\(finding.message)"
            )
            let indent = String(repeating: " ", count: 7)
            for detail in finding.details { lines.append(indent + "  " + detail) }
            if let fix = finding.fix { lines.append(indent + "fix: " + fix) }
        }
        lines.append("")
        func counted(_ status: DoctorStatus, _ noun: String) -> String {
            "\(count(status)) \(noun)\(count(status) == 1 ? "" : "s")"
        }
        lines.append(
            "\(count(.ok)) ok, \(counted(.warning, "warning")), \(counted(.failure, "failure")), "
                + "\(count(.skipped)) skipped"
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"ok": …, "summary": {…}, "checks": [{"check", "status", "message", "fix", "details"}]}`.
    public func renderJSON() -> String {
        struct Document: Encodable {
            var ok: Bool
            var summary: [String: Int]
            var checks: [DoctorFinding]
        }
        let document = Document(
            ok: count(.failure) == 0,
            summary: Dictionary(uniqueKeysWithValues: DoctorStatus.allCases.map { ($0.rawValue, count($0)) }),
            checks: findings
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
