import Foundation

/// `engine lint --format github`: one GitHub Actions workflow command per diagnostic, so CI shows
/// the problems as annotations on the pull request.
enum GitHubRenderer {
    static func render(_ report: LintReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics {
            let command =
                diagnostic.severity == .error ? "error" : (diagnostic.severity == .warning ? "warning" : "notice")
            let range = diagnostic.range
            var message = diagnostic.message
            if let suggestion = diagnostic.suggestion { message += " — \(suggestion)" }
            out += "::\(command) file=\(escapeProperty(range.file)),line=\(range.start.line),col=\(range.start.column),"
            out +=
                "endLine=\(range.end.line),endColumn=\(range.end.column),"
                + "title=\(diagnostic.code.id) \(diagnostic.code.name)"
            out += "::\(escapeData(message))\n"
        }
        out += report.summary + "\n"
        return out
    }

    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
